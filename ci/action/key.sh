#!/bin/sh
# ci/action/key.sh - the action's setup step: prints (for $GITHUB_OUTPUT)
#   prefix=<install prefix>   where the binary and its rule pack live together
#   key=<cache key>           a hash of everything that goes into that prefix
#   version=<version>         krewlint's version (CMakeLists.txt)
# The key covers the sources the binary is built from (CMake files, src/, the
# pinned grammars), the rule pack installed beside it (rules/ without the
# fixtures: a rules-only change invalidates the cache), the scripts that
# build or fetch it, and the runner's OS and CPU. File names are hashed with
# their contents, so a rename counts too. The action folder is a tarball of
# the action's repository at its ref (no .git), hence find and not git.
set -eu
repo=$(cd "$(dirname "$0")/../.." && pwd)
prefix=${KREWLINT_PREFIX:-${RUNNER_TEMP:-${TMPDIR:-/tmp}}/krewlint}
version=$(sed -n 's/^project(krewlint VERSION \([0-9][0-9.]*\).*/\1/p' "$repo/CMakeLists.txt")
sum=$(
    cd "$repo" &&
    { find CMakeLists.txt cmake src grammars/manifest.tsv grammars/fetch.sh rules \
           ci/action/build.sh ci/release.sh -type f ! -path 'rules/*tests/*' 2>/dev/null || true; } |
    LC_ALL=C sort |
    while IFS= read -r f; do printf '%s %s\n' "$(sha256sum < "$f" | cut -c1-64)" "$f"; done |
    sha256sum | cut -c1-40
)
echo "prefix=$prefix"
echo "key=krewlint-${RUNNER_OS:-$(uname -s)}-${RUNNER_ARCH:-$(uname -m)}-$version-$sum"
echo "version=$version"
