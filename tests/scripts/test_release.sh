#!/bin/sh
# test_release.sh KREWLINT SRCDIR - the release artefacts.
# Always: .github/workflows/release.yml runs ci/release.sh on v* tags and uploads the
# two files the action (ci/action/build.sh) and the krewlint-release pre-commit hook
# download, under the same names.
# With KREWLINT_TEST_RELEASE=1 (a static build takes minutes, so not by default):
# ci/release.sh builds the archive, then its binary is checked to need no shared
# library (ldd), to run under `env -i` from an empty folder, and to pass every e2e
# case in place of the normal build; the checksum file verifies with sha256sum -c.
set -u
src=$(cd "$2" && pwd)
fail=0
check() { if [ "$2" = "$3" ]; then echo "ok   $1"; else echo "FAIL $1 (expected '$2', got '$3')"; fail=1; fi; }
wf=$src/.github/workflows/release.yml
asset=krewlint-linux-x86_64.tar.gz
grep -q 'tags: \["v\*"\]' "$wf"; check "release workflow runs on v* tags" 0 $?
grep -q 'sh ci/release.sh dist' "$wf"; check "release workflow runs ci/release.sh" 0 $?
grep -q "dist/$asset dist/$asset.sha256" "$wf"; check "release workflow uploads the archive and its checksum" 0 $?
grep -q "^asset=$asset\$" "$src/ci/release.sh"; check "ci/release.sh writes $asset" 0 $?
grep -q "^asset=$asset\$" "$src/ci/action/build.sh"; check "the action downloads $asset" 0 $?
grep -q 'ci/pre-commit-hook.sh --release' "$src/.pre-commit-hooks.yaml"; check "a pre-commit hook uses the release" 0 $?
if [ "${KREWLINT_TEST_RELEASE:-}" != 1 ]; then
    echo "note: KREWLINT_TEST_RELEASE=1 also builds the static release and runs the e2e suite with it"
    exit $fail
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
grammars=$(sed -n 's/^KREWLINT_GRAMMARS_DIR:PATH=//p' "$(dirname "$1")/CMakeCache.txt" 2>/dev/null)
KREWLINT_GRAMMARS_DIR=$grammars KREWLINT_BUILD_DIR=$tmp/build sh "$src/ci/release.sh" "$tmp/dist" > "$tmp/release.log" 2>&1
check "ci/release.sh" 0 $?
(cd "$tmp/dist" && sha256sum -c "$asset.sha256" >/dev/null 2>&1); check "checksum verifies" 0 $?
mkdir -p "$tmp/x" "$tmp/empty" && tar -xzf "$tmp/dist/$asset" -C "$tmp/x"
b=$tmp/x/krewlint/bin/krewlint
ldd "$b" >/dev/null 2>&1; check "ldd: not a dynamic executable" 1 $?
check "env -i from an empty folder" "krewlint" "$(cd "$tmp/empty" && env -i "$b" --version | cut -d' ' -f1)"
n=0; bad=0
for c in "$src"/tests/e2e/*/; do
    n=$((n + 1))
    sh "$src/tests/e2e/run.sh" "$b" "$c" > "$tmp/e2e.out" 2>&1 || { bad=$((bad + 1)); tail -5 "$tmp/e2e.out"; }
done
check "e2e suite with the release binary ($n cases)" 0 "$bad"
[ "$fail" = 0 ] || tail -20 "$tmp/release.log"
exit $fail
