#!/bin/sh
# ci/release.sh [OUTDIR] - the Linux x86-64 release artefacts:
#   OUTDIR/krewlint-linux-x86_64.tar.gz          krewlint/bin/krewlint (static, no shared
#                                                library at all) and krewlint/share/krewlint/rules
#                                                (the bundled pack, as `cmake --install` lays it out)
#   OUTDIR/krewlint-linux-x86_64.tar.gz.sha256   "HASH  NAME" (sha256sum -c reads it)
# OUTDIR defaults to dist/. The binary is linked statically against glibc and
# libyaml.a (CMake option KREWLINT_STATIC; krewlint resolves no user or host
# names, so glibc's static-NSS caveat does not apply) and checked before it is
# packed: `ldd` must say "not a dynamic executable", and `env -i` from an empty
# folder must print the version and load every bundled rule. The archive is
# reproducible (sorted names, owner 0, mtime SOURCE_DATE_EPOCH or the last
# commit's time, gzip -n).
# Environment: KREWLINT_GRAMMARS_DIR (fetched grammars to reuse), KREWLINT_BUILD_DIR
# (default build-release/), JOBS.
set -eu
repo=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$repo/dist}
build=${KREWLINT_BUILD_DIR:-$repo/build-release}
asset=krewlint-linux-x86_64.tar.gz
[ "$(uname -s)-$(uname -m)" = Linux-x86_64 ] || { echo "release.sh: builds the Linux x86-64 binary only" >&2; exit 2; }
mkdir -p "$out"
out=$(cd "$out" && pwd)

set -- -DKREWLINT_STATIC=ON -DKREWLINT_BUILD_TESTS=OFF -DCMAKE_BUILD_TYPE=Release
[ -n "${KREWLINT_GRAMMARS_DIR:-}" ] && set -- "$@" -DKREWLINT_GRAMMARS_DIR="$KREWLINT_GRAMMARS_DIR"
cmake -S "$repo" -B "$build" "$@"
cmake --build "$build" -j "${JOBS:-$(nproc 2>/dev/null || echo 2)}"

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
cmake --install "$build" --prefix "$stage/krewlint" >/dev/null
bin=$stage/krewlint/bin/krewlint
strip "$bin" 2>/dev/null || true

# No shared libraries: ldd refuses it, and it runs with an empty environment
# from an empty folder, finding its rules beside itself.
if ldd "$bin" >/dev/null 2>&1; then
    echo "release.sh: $bin is dynamically linked:" >&2
    ldd "$bin" >&2
    exit 1
fi
empty=$stage/empty
mkdir "$empty"
version=$(cd "$empty" && env -i "$bin" --version)
want=$(sed -n 's/^project(krewlint VERSION \([0-9][0-9.]*\).*/krewlint \1/p' "$repo/CMakeLists.txt")
[ "$version" = "$want" ] || { echo "release.sh: the binary says '$version', not '$want'" >&2; exit 1; }
nrules=$(cd "$empty" && env -i "$bin" --list-rules | wc -l)
npack=$(find "$repo/rules" -name '*.yml' ! -path '*/tests/*' | wc -l)
[ "$nrules" = "$npack" ] || { echo "release.sh: the binary loads $nrules rules, the pack has $npack" >&2; exit 1; }
rmdir "$empty"

epoch=${SOURCE_DATE_EPOCH:-$(git -C "$repo" log -1 --format=%ct 2>/dev/null || echo 0)}
(cd "$stage" && tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$epoch" -cf - krewlint) |
    gzip -n -9 > "$out/$asset"
(cd "$out" && sha256sum "$asset" > "$asset.sha256")
echo "release.sh: $out/$asset ($version, $nrules rules, static)"
cat "$out/$asset.sha256"
