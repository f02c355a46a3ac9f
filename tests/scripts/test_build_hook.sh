#!/bin/sh
# test_build_hook.sh KREWLINT SRCDIR - the `krewlint-build` pre-commit hook (ci/pre-commit-hook.sh)
# builds krewlint from the repository on first use into a fresh cache, under a lock, when two
# batches start at once (pre-commit runs batches in parallel), then reuses the build.
set -u
src=$2
command -v cmake >/dev/null 2>&1 || { echo "SKIP: cmake not installed"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { if [ "$2" = "$3" ]; then echo "ok   $1"; else echo "FAIL $1 (expected '$2', got '$3')"; fail=1; fi; }
export XDG_CACHE_HOME="$tmp/cache" NO_COLOR=1
# Reuse the grammars this build already fetched, when there are any (no network needed then).
bin_dir=$(cd "$(dirname "$1")" && pwd)
grammars=$(sed -n 's/^KREWLINT_GRAMMARS_DIR:PATH=//p' "$bin_dir/CMakeCache.txt" 2>/dev/null)
if [ -n "$grammars" ] && [ -d "$grammars" ]; then
    mkdir -p "$XDG_CACHE_HOME/krewlint" && cp -r "$grammars" "$XDG_CACHE_HOME/krewlint/grammars"
fi
printf 'resource "aws_db_instance" "a" {\n  backup_retention_period = 1\n}\n' > "$tmp/a.tf"
printf 'provider "aws" {\n  region = "ap-northeast-1"\n}\n' > "$tmp/b.tf"
sh "$src/ci/pre-commit-hook.sh" --color=never "$tmp/a.tf" > "$tmp/out1" 2>&1 &
p1=$!
sh "$src/ci/pre-commit-hook.sh" --color=never "$tmp/b.tf" > "$tmp/out2" 2>&1
s2=$?
wait $p1
s1=$?
check "batch with a violation exits 1" 1 $s1
check "clean batch exits 0" 0 $s2
grep -q 'a.tf:2:.*KR-6-8-RDS-BACKUP-RETENTION' "$tmp/out1"
check "the finding is shown" 0 $?
check "built once" 1 "$(cat "$tmp/out1" "$tmp/out2" | grep -c 'building from')"
sh "$src/ci/pre-commit-hook.sh" --color=never "$tmp/b.tf" > "$tmp/out3" 2>&1
check "second use reuses the build" 0 "$(grep -c 'building from' "$tmp/out3")"
# A lock left behind by a process that died is taken over (the reinstall reuses the build folder).
pdir=$(ls -d "$XDG_CACHE_HOME/krewlint"/prefix-* | head -1)
h=${pdir##*prefix-}
sh -c 'exit 0' &
dead=$!
wait $dead
mkdir "$XDG_CACHE_HOME/krewlint/lock-$h" && echo "$dead" > "$XDG_CACHE_HOME/krewlint/lock-$h/pid"
rm -f "$pdir/.krewlint-key"
sh "$src/ci/pre-commit-hook.sh" --color=never "$tmp/b.tf" > "$tmp/out5" 2>&1
check "a stale lock is taken over" "0 no" "$? $([ -d "$XDG_CACHE_HOME/krewlint/lock-$h" ] && echo yes || echo no)"

# krewlint-release (--release): the release binary of the pinned tag, no build.
rel=$tmp/rel
mkdir -p "$rel" "$tmp/stage"
cmake --install "$bin_dir" --prefix "$tmp/stage/krewlint" > /dev/null 2>&1
(cd "$tmp/stage" && tar -czf "$rel/krewlint-linux-x86_64.tar.gz" krewlint)
(cd "$rel" && sha256sum krewlint-linux-x86_64.tar.gz > krewlint-linux-x86_64.tar.gz.sha256)
if [ "$(uname -s)-$(uname -m)" = Linux-x86_64 ]; then
    XDG_CACHE_HOME=$tmp/cache2 KREWLINT_HOOK_RELEASE_BASE=$rel \
        sh "$src/ci/pre-commit-hook.sh" --release --color=never "$tmp/a.tf" > "$tmp/out4" 2>&1
    check "release hook: the finding" 1 $?
    check "release hook: the release binary, no build" "1 0" \
        "$(grep -c 'using the release binary' "$tmp/out4") $(grep -c 'building from' "$tmp/out4")"
    grep -q 'a.tf:2:.*KR-6-8-RDS-BACKUP-RETENTION' "$tmp/out4"
    check "release hook: finding shown" 0 $?
fi
[ "$fail" = 0 ] || cat "$tmp/out1" "$tmp/out2" "$tmp/cache/krewlint/build.log" 2>/dev/null | tail -30
exit $fail
