#!/bin/sh
# ci/pre-commit-hook.sh [ARGS...] - the `krewlint-build` pre-commit hook (language: script).
# Builds krewlint from this hook repository into a cache folder keyed on the source tree on first use
# (under a lock, since pre-commit runs batches in parallel), then runs it on the files pre-commit passes.
set -eu
repo=$(cd "$(dirname "$0")/.." && pwd)
cache=${XDG_CACHE_HOME:-$HOME/.cache}/krewlint
key=$(cat "$repo/CMakeLists.txt" "$repo/grammars/manifest.tsv" $(find "$repo/src" -name '*.[ch]' | sort) | cksum | cut -d' ' -f1)
build="$cache/build-$key"
mkdir -p "$cache"
if [ ! -x "$build/krewlint" ]; then
    (
        flock 9
        if [ ! -x "$build/krewlint" ]; then
            echo "krewlint: building from $repo into $build (first use)" >&2
            cmake -S "$repo" -B "$build" -DKREWLINT_BUILD_TESTS=OFF \
                -DKREWLINT_GRAMMARS_DIR="$cache/grammars" >"$cache/build.log" 2>&1 &&
                cmake --build "$build" -j 2 >>"$cache/build.log" 2>&1 || {
                    echo "krewlint: build failed, see $cache/build.log" >&2
                    exit 2
                }
        fi
    ) 9>"$cache/build.lock"
fi
KREWLINT_RULES_DIR=${KREWLINT_RULES_DIR:-$repo/rules} exec "$build/krewlint" "$@"
