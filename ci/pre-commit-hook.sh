#!/bin/sh
# ci/pre-commit-hook.sh [--release] [ARGS...] - the `krewlint-build` and `krewlint-release`
# pre-commit hooks (language: script). On first use it installs krewlint from this hook
# repository into a cache prefix keyed like the action's (ci/action/key.sh: sources, rule pack,
# build scripts), through ci/action/build.sh:
#   --release  the release binary of the tag the hook repository is pinned at (its origin's
#              releases/download/<tag>/krewlint-linux-x86_64.tar.gz, checksum and rule pack
#              checked; KREWLINT_HOOK_RELEASE_BASE names another page), else a build;
#   otherwise  a build from source.
# It never installs packages (KREWLINT_NO_INSTALL): a missing compiler or library is named.
# pre-commit runs batches in parallel, so the install runs under a lock: a folder made with
# mkdir (atomic everywhere, no flock needed, which macOS lacks), holding the owner's pid; a lock
# whose owner is gone is taken over. Then krewlint runs on the files pre-commit passes.
set -eu
repo=$(cd "$(dirname "$0")/.." && pwd)
release=false
if [ "${1:-}" = --release ]; then release=true; shift; fi
cache=${XDG_CACHE_HOME:-$HOME/.cache}/krewlint
mkdir -p "$cache"
eval "$(KREWLINT_PREFIX=/ sh "$repo/ci/action/key.sh" | sed -n 's/^\(key\)=\(.*\)$/\1="\2"/p')"
prefix=$cache/prefix-$(echo "$key" | sed 's/.*-//')
lock=$cache/lock-$(echo "$key" | sed 's/.*-//')

unlock() { rm -rf "$lock"; }
if [ ! -x "$prefix/bin/krewlint" ] || [ "$(cat "$prefix/.krewlint-key" 2>/dev/null)" != "$key" ]; then
    waited=0
    while ! mkdir "$lock" 2>/dev/null; do
        owner=$(cat "$lock/pid" 2>/dev/null || true)
        if [ -n "$owner" ] && ! kill -0 "$owner" 2>/dev/null; then
            rm -rf "$lock"     # its owner died: take it over
            continue
        fi
        waited=$((waited + 1))
        if [ "$waited" -gt 1800 ]; then
            echo "krewlint: waited 30 minutes for $lock; remove it if no install is running" >&2
            exit 2
        fi
        sleep 1
    done
    echo $$ > "$lock/pid"
    trap unlock EXIT INT TERM
    if [ ! -x "$prefix/bin/krewlint" ] || [ "$(cat "$prefix/.krewlint-key" 2>/dev/null)" != "$key" ]; then
        base=""
        if $release && [ -n "${KREWLINT_HOOK_RELEASE_BASE:-}" ]; then
            base=$KREWLINT_HOOK_RELEASE_BASE   # another release page (tests, mirrors)
        elif $release; then
            url=$(git -C "$repo" remote get-url origin 2>/dev/null || true)
            tag=$(git -C "$repo" describe --tags --exact-match 2>/dev/null || true)
            case $url in
                https://*) [ -n "$tag" ] && base="${url%.git}/releases/download/$tag" ;;
            esac
        fi
        [ -n "$base" ] || echo "krewlint: building from $repo into $prefix (first use)" >&2
        if ! KREWLINT_PREFIX=$prefix KREWLINT_CACHE_KEY=$key KREWLINT_RELEASE_BASE=$base \
            KREWLINT_BUILD_DIR=$cache/build-$(echo "$key" | sed 's/.*-//') \
            KREWLINT_GRAMMARS_DIR=$cache/grammars KREWLINT_NO_INSTALL=1 \
            GITHUB_PATH= GITHUB_OUTPUT= sh "$repo/ci/action/build.sh" > "$cache/build.log" 2>&1; then
            grep '^krewlint: ' "$cache/build.log" >&2 || true
            echo "krewlint: install failed, see $cache/build.log" >&2
            exit 2
        fi
        grep '^krewlint: using the release' "$cache/build.log" >&2 || true
    fi
    unlock
    trap - EXIT INT TERM
fi
exec "$prefix/bin/krewlint" "$@"
