#!/bin/sh
# ci/action/build.sh - the action's install step: makes $KREWLINT_PREFIX hold
# bin/krewlint and share/krewlint/rules for $KREWLINT_CACHE_KEY, then puts
# bin/ on the PATH of later steps ($GITHUB_PATH). In order:
#   1. cache: the prefix restored by actions/cache/restore holds the key;
#   2. release: on Linux x86-64, the release binary of the action's own ref
#      ($KREWLINT_RELEASE_BASE/krewlint-linux-x86_64.tar.gz), checksum
#      verified against its .sha256 file, its version and its rule pack
#      compared with this checkout (a binary never runs with other rules);
#   3. build: the build dependencies only when they are missing (as root, or
#      with sudo when there is one; never asks for a password), then cmake,
#      cmake --install into the prefix.
# Writes "source=cache|release|build" to $GITHUB_OUTPUT.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
prefix=${KREWLINT_PREFIX:?KREWLINT_PREFIX is not set}
key=${KREWLINT_CACHE_KEY:?KREWLINT_CACHE_KEY is not set}
version=${KREWLINT_VERSION:-}
asset=krewlint-linux-x86_64.tar.gz
say() { echo "krewlint: $*" >&2; }

# pack_sum DIR: a hash of the rule pack files in DIR as `cmake --install`
# installs them (CMakeLists.txt: *.yml *.yaml *.tsv *.md, without tests/).
pack_sum() {
    (cd "$1" && find . -type f ! -path '*/tests/*' \( -name '*.yml' -o -name '*.yaml' -o -name '*.tsv' -o -name '*.md' \) |
        LC_ALL=C sort | while IFS= read -r f; do printf '%s %s\n' "$(sha256sum < "$f" | cut -c1-64)" "$f"; done |
        sha256sum | cut -c1-64)
}

fetch() { # URL-or-folder/NAME -> FILE
    case $1 in
        /*) [ -f "$1" ] && cp "$1" "$2" ;;
        *) if command -v curl >/dev/null 2>&1; then curl -fsSL --retry 3 -o "$2" "$1"
           elif command -v wget >/dev/null 2>&1; then wget -q -O "$2" "$1"
           else return 1; fi ;;
    esac
}

from_release() {
    [ "$(uname -s)-$(uname -m)" = Linux-x86_64 ] || return 1
    base=${KREWLINT_RELEASE_BASE:-}
    # no base, or one without the action's repository or ref (a local
    # `uses: ./ci/action`): nothing to download
    case $base in ''|*//releases/*|*/download/) return 1 ;; esac
    tmp=$(mktemp -d)
    if ! fetch "$base/$asset" "$tmp/$asset" 2>/dev/null || ! fetch "$base/$asset.sha256" "$tmp/$asset.sha256" 2>/dev/null; then
        say "no release binary at $base; building from source"
        rm -rf "$tmp"; return 1
    fi
    want=$(cut -d' ' -f1 < "$tmp/$asset.sha256")
    got=$(sha256sum < "$tmp/$asset" | cut -d' ' -f1)
    if [ "$want" != "$got" ]; then
        say "the release binary's checksum is $got, not $want; building from source"
        rm -rf "$tmp"; return 1
    fi
    mkdir -p "$tmp/x"
    tar -xzf "$tmp/$asset" -C "$tmp/x" --strip-components=1
    if [ -n "$version" ] && [ "$("$tmp/x/bin/krewlint" --version 2>/dev/null)" != "krewlint $version" ]; then
        say "the release binary is not krewlint $version; building from source"
        rm -rf "$tmp"; return 1
    fi
    if [ "$(pack_sum "$tmp/x/share/krewlint/rules")" != "$(pack_sum "$repo/rules")" ]; then
        say "the release's rule pack differs from this checkout's; building from source"
        rm -rf "$tmp"; return 1
    fi
    rm -rf "$prefix" && mkdir -p "$(dirname "$prefix")" && mv "$tmp/x" "$prefix"
    rm -rf "$tmp"
    say "using the release binary ($base/$asset, sha256 $got)"
}

have_deps() {
    missing=""
    for c in cc cmake pkg-config npm; do command -v "$c" >/dev/null 2>&1 || missing="$missing $c"; done
    if command -v pkg-config >/dev/null 2>&1 && ! pkg-config --exists yaml-0.1; then missing="$missing libyaml"; fi
    [ -z "$missing" ]
}

from_source() {
    if ! have_deps; then
        say "missing build dependencies:$missing"
        if [ "$(id -u)" = 0 ]; then
            sh "$repo/ci/deps.sh"
        elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
            sudo -n sh "$repo/ci/deps.sh"
        else
            say "cannot install them: not root and no password-less sudo; install$missing first"
            exit 2
        fi
    fi
    build=${KREWLINT_BUILD_DIR:-${RUNNER_TEMP:-${TMPDIR:-/tmp}}/krewlint-build}
    say "building krewlint from $repo"
    cmake -S "$repo" -B "$build" -DKREWLINT_BUILD_TESTS=OFF -DCMAKE_BUILD_TYPE=Release \
        -DKREWLINT_GRAMMARS_DIR="$build/_deps/grammars" -DCMAKE_INSTALL_PREFIX="$prefix" >&2
    cmake --build "$build" -j "$(nproc 2>/dev/null || echo 2)" >&2
    rm -rf "$prefix"
    cmake --install "$build" --prefix "$prefix" >&2
}

if [ -x "$prefix/bin/krewlint" ] && [ "$(cat "$prefix/.krewlint-key" 2>/dev/null)" = "$key" ]; then
    source=cache
    say "using the cached build ($key)"
elif from_release; then
    source=release
else
    from_source
    source=build
fi
echo "$key" > "$prefix/.krewlint-key"
"$prefix/bin/krewlint" --version >&2
if [ -n "${GITHUB_PATH:-}" ]; then echo "$prefix/bin" >> "$GITHUB_PATH"; fi
if [ -n "${GITHUB_OUTPUT:-}" ]; then echo "source=$source" >> "$GITHUB_OUTPUT"; fi
