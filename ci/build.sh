#!/bin/sh
# ci/build.sh [BUILD_DIR] - configure (warnings as errors) and build krewlint.
# Extra CMake arguments can be passed in KREWLINT_CMAKE_ARGS.
set -eu
cd "$(dirname "$0")/.."
build=${1:-build}
jobs=$(nproc 2>/dev/null || echo 2)
tests=""
# The unit tests need cmocka (ci/deps.sh --tests); without it, build krewlint alone.
if ! pkg-config --exists cmocka 2>/dev/null; then
    echo "ci/build.sh: cmocka not installed (sh ci/deps.sh --tests): building without the tests" >&2
    tests=-DKREWLINT_BUILD_TESTS=OFF
fi
# shellcheck disable=SC2086
cmake -S . -B "$build" -DKREWLINT_WERROR=ON $tests ${KREWLINT_CMAKE_ARGS:-}
cmake --build "$build" -j "$jobs"
