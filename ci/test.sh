#!/bin/sh
# ci/test.sh [BUILD_DIR] - build, then run the whole test suite with ctest.
set -eu
cd "$(dirname "$0")/.."
build=${1:-build}
sh ci/build.sh "$build"
jobs=$(nproc 2>/dev/null || echo 2)
ctest --test-dir "$build" --output-on-failure -j "$jobs"
