#!/bin/sh
# fetch.sh - download the pinned tree-sitter runtime and grammars (grammars/manifest.tsv)
# with `npm pack`, verify each tarball's integrity, and unpack it into DEST/<key>/.
#
#   grammars/fetch.sh DEST            fetch what is missing into DEST
#   grammars/fetch.sh --check DEST    exit 0 when DEST holds every pinned package, 1 otherwise
#
# DEST/<key>/.krewlint-stamp records "name@version integrity"; a package whose stamp
# matches the manifest is not fetched again, so DEST can serve as an offline cache
# (configure with -DKREWLINT_GRAMMARS_DIR=DEST). Nothing generated is committed.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
manifest="$here/manifest.tsv"
check_only=0
if [ "${1:-}" = "--check" ]; then check_only=1; shift; fi
dest=${1:?usage: fetch.sh [--check] DEST}

missing=0
tab=$(printf '\t')
while IFS="$tab" read -r key name version integrity; do
    case "$key" in ''|'#'*) continue ;; esac
    want="$name@$version $integrity"
    stamp="$dest/$key/.krewlint-stamp"
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
        continue
    fi
    if [ "$check_only" = 1 ]; then
        echo "fetch.sh: $name@$version is not in $dest" >&2
        missing=1
        continue
    fi
    command -v npm >/dev/null 2>&1 || {
        echo "fetch.sh: npm is needed to fetch $name@$version (apt-get install npm), or configure with -DKREWLINT_GRAMMARS_DIR=<a folder fetched earlier>" >&2
        exit 1
    }
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    echo "fetch.sh: npm pack $name@$version" >&2
    (cd "$tmp" && npm pack --silent "$name@$version" >/dev/null)
    tgz=$(ls "$tmp"/*.tgz)
    got="sha512-$(node -e 'const c=require("crypto"),f=require("fs");process.stdout.write(c.createHash("sha512").update(f.readFileSync(process.argv[1])).digest("base64"))' "$tgz")"
    if [ "$got" != "$integrity" ]; then
        echo "fetch.sh: integrity mismatch for $name@$version" >&2
        echo "  manifest: $integrity" >&2
        echo "  tarball:  $got" >&2
        exit 1
    fi
    rm -rf "$dest/$key"
    mkdir -p "$dest/$key"
    tar -xzf "$tgz" -C "$dest/$key" --strip-components=1
    printf '%s\n' "$want" > "$stamp"
    rm -rf "$tmp"
    trap - EXIT
done < "$manifest"
exit $missing
