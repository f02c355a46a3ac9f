#!/bin/sh
# ci/sanitize.sh - build with ASan+UBSan (no recovery) and run the tests.
set -eu
cd "$(dirname "$0")/.."
LSAN_OPTIONS="suppressions=$(pwd)/ci/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
export LSAN_OPTIONS
KREWLINT_CMAKE_ARGS="-DKREWLINT_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug ${KREWLINT_CMAKE_ARGS:-}" \
    sh ci/test.sh build-sanitize
