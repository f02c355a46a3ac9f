#!/bin/sh
# Builds krewlint from this repository into $KREWLINT_BUILD_DIR (kept between runs by the cache)
# and puts it on the PATH of later steps.
set -eu
repo=$(cd "$(dirname "$0")/../.." && pwd)
build=${KREWLINT_BUILD_DIR:?}
if [ ! -x "$build/krewlint" ]; then
    cmake -S "$repo" -B "$build" -DKREWLINT_BUILD_TESTS=OFF -DCMAKE_BUILD_TYPE=Release \
        -DKREWLINT_GRAMMARS_DIR="$build/_deps/grammars"
    cmake --build "$build" -j "$(nproc 2>/dev/null || echo 2)"
fi
"$build/krewlint" --version
if [ -n "${GITHUB_PATH:-}" ]; then echo "$build" >> "$GITHUB_PATH"; fi
