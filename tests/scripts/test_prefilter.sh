#!/bin/sh
# test_prefilter.sh - the literal prefilter of source-code rules
# (src/ts/prefilter.h) never changes a result: the whole bundled pack over
# every fixture folder of the tree (e2e repositories, rule fixtures,
# tests/fixtures, the sample service) and, when they are there, the shared
# corpora (../shared/corpus/kics and realworld) gives byte-identical JSON,
# text and SARIF with and without --no-prefilter, at -j1 and -j2. And it does
# skip: a 600k-element JavaScript file holding no rule's literal is not
# parsed (no memory diagnostic under --max-memory 64M), while with
# --no-prefilter the same file is parsed and stops at the budget.
#
#   sh test_prefilter.sh KREWLINT_BINARY SOURCE_DIR
set -u
BIN=$1
SRC=$2
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
case $SRC in /*) ;; *) SRC=$(pwd)/$SRC ;; esac
TMP=$(mktemp -d) || exit 1
trap 'rm -rf "$TMP"' EXIT INT TERM
export NO_COLOR=1 LC_ALL=C.UTF-8 LANG=C.UTF-8 KREWLINT_RULES_DIR="$SRC/rules" KREWLINT_TODAY=2025-03-01
fail=0
n=0
compare() { # DIR
    for fmt in json text sarif; do
        for j in 1 2; do
            "$BIN" -j$j --fail-on none --format $fmt "$1" >"$TMP/a" 2>"$TMP/ae"
            sa=$?
            "$BIN" -j$j --no-prefilter --fail-on none --format $fmt "$1" >"$TMP/b" 2>"$TMP/be"
            sb=$?
            if ! cmp -s "$TMP/a" "$TMP/b" || ! cmp -s "$TMP/ae" "$TMP/be" || [ $sa != $sb ]; then
                echo "FAIL $1 --format $fmt -j$j differs with and without the prefilter"
                diff "$TMP/a" "$TMP/b" | head -20
                fail=1
            fi
            n=$((n + 1))
        done
    done
}
for d in "$SRC/tests/e2e" "$SRC/rules/tests" "$SRC/tests/fixtures" "$SRC/tests/sample-service"; do
    [ -d "$d" ] && compare "$d"
done
for d in "$SRC/../shared/corpus/kics" "$SRC/../shared/corpus/realworld"; do
    if [ -d "$d" ]; then compare "$d"; else echo "note: $d is absent, not compared"; fi
done
# findings in the source fixtures: the comparison above is not of empty runs
nsrc=$("$BIN" --fail-on none --format text "$SRC/rules/tests" 2>/dev/null | grep -c 'KR-6-\(7\|17\|31\)-.*\(JS\|CODE\|SECRET\|KEY\)' || true)
if [ "$nsrc" -lt 10 ]; then echo "FAIL only $nsrc source-rule findings in rules/tests"; fail=1; fi

cd "$TMP" || exit 1
python3 - <<'PY'
open('big.js', 'w').write('var a = [' + ','.join(['1'] * 600000) + '];\n')
PY
"$BIN" -j1 --max-memory 64M --fail-on none big.js >p.out 2>p.err
if grep -q 'memory' p.out; then echo "FAIL a file no rule can match was parsed:"; cat p.out; fail=1; fi
"$BIN" -j1 --max-memory 64M --no-prefilter --fail-on none big.js >q.out 2>q.err
if ! grep -q 'exceeds --max-memory' q.out; then echo "FAIL --no-prefilter did not parse big.js:"; cat q.out; fail=1; fi
[ $fail = 0 ] && echo "ok   $n runs identical with and without the prefilter ($nsrc source-rule findings in rules/tests); big.js skipped"
exit $fail
