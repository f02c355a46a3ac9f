#!/bin/sh
# ci/build.sh [BUILD_DIR] - configure (warnings as errors) and build krewlint.
# Extra CMake arguments can be passed in KREWLINT_CMAKE_ARGS.
set -eu
cd "$(dirname "$0")/.."
build=${1:-build}
jobs=$(nproc 2>/dev/null || echo 2)
# shellcheck disable=SC2086
cmake -S . -B "$build" -DKREWLINT_WERROR=ON ${KREWLINT_CMAKE_ARGS:-}
cmake --build "$build" -j "$jobs"
