#!/bin/sh
# test_init_all.sh KREWLINT SRCDIR - `krewlint init` then `krewlint .` on a
# copy of every e2e fixture's inputs (issue 15, point 1): the starter
# configuration init writes is always accepted by the scan that follows
# (exit 0 or 1, never 2, and no diagnostic about .krewlint.yml), whatever the
# repository holds. A fixture's own .krewlint.yml is removed first (init
# refuses to overwrite one).
set -u
bin=$1
src=$2
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
case $src in /*) ;; *) src=$(pwd)/$src ;; esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export NO_COLOR=1 LC_ALL=C.UTF-8 LANG=C.UTF-8 KREWLINT_RULES_DIR="$src/rules" KREWLINT_TODAY=2026-01-15
unset GITHUB_STEP_SUMMARY
fail=0
n=0
for inputs in "$src"/tests/e2e/*/inputs; do
    [ -d "$inputs" ] || continue
    case_name=$(basename "$(dirname "$inputs")")
    w="$tmp/$case_name"
    mkdir -p "$w" && cp -R "$inputs/." "$w/"
    find "$w" -name .krewlint.yml -exec rm -f {} +
    (cd "$w" && timeout 60 "$bin" init >"$tmp/init.out" 2>"$tmp/init.err" </dev/null)
    st=$?
    if [ "$st" != 0 ]; then
        echo "FAIL $case_name: krewlint init exited $st"; sed 's/^/  /' "$tmp/init.err"; fail=1; continue
    fi
    (cd "$w" && timeout 120 "$bin" . >"$tmp/scan.out" 2>"$tmp/scan.err" </dev/null)
    st=$?
    if [ "$st" != 0 ] && [ "$st" != 1 ]; then
        echo "FAIL $case_name: krewlint . after init exited $st"; sed 's/^/  /' "$tmp/scan.err" | head -5; fail=1
    elif grep -q '^\.krewlint\.yml:' "$tmp/scan.err" "$tmp/scan.out"; then
        echo "FAIL $case_name: a diagnostic about the starter configuration"
        grep '^\.krewlint\.yml:' "$tmp/scan.err" "$tmp/scan.out" | head -3 | sed 's/^/  /'; fail=1
    fi
    n=$((n + 1))
done
echo "init + scan on $n e2e fixtures"
[ "$n" -gt 0 ] || { echo "FAIL: no fixture found"; fail=1; }
exit $fail
