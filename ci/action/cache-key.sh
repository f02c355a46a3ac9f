#!/bin/sh
# Prints "key=<hash of the sources krewlint is built from>" for actions/cache.
set -eu
repo=$(cd "$(dirname "$0")/../.." && pwd)
sum=$(cd "$repo" && cat CMakeLists.txt cmake/*.cmake grammars/manifest.tsv $(find src -name '*.[ch]' | LC_ALL=C sort) | sha256sum | cut -c1-40)
echo "key=$sum"
