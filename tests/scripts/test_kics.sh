#!/bin/sh
# test_kics.sh - conformance with the KICS query samples (../shared/corpus/kics).
#
#   sh test_kics.sh KREWLINT_BINARY SOURCE_DIR
#
# kics_map.tsv maps each KICS query to our rule(s). For every mapped query,
# krewlint scans the query's samples (read in place, never copied) and
# kics_check.js checks that each line KICS expects in a positive sample has a
# finding of a mapped rule on that exact line, and that negative samples have
# none - except what the map's skip column excludes, each with its reason
# (mostly: KICS accepts values our checksheet thresholds reject).
# Prints one row per query: query, positives flagged/expected, negatives
# clean/total, skipped. Exit 0 all good, 1 a miss, 77 corpus or node missing.
# KR_TEST_RULES_DIR overrides the rules folder (default SOURCE_DIR/rules).
set -u
BIN=$1
SRC=$2
RULES=${KR_TEST_RULES_DIR:-$SRC/rules}
HERE=$(cd "$(dirname "$0")" && pwd)
CORPUS=$SRC/../shared/corpus/kics

[ -d "$CORPUS" ] || { echo "SKIP: ../shared/corpus/kics not found"; exit 77; }
command -v node >/dev/null 2>&1 || { echo "SKIP: node not found"; exit 77; }

TMP=$(mktemp -d) || exit 1
trap 'rm -rf "$TMP"' EXIT INT TERM
export NO_COLOR=1 LC_ALL=C.UTF-8 LANG=C.UTF-8

printf '%-62s %-9s %-7s %s\n' "query" "pos" "neg" "skipped (reason)"
fail=0
n=0
# Columns: platform, query, rules, skip, reason. '#' lines are comments.
while IFS='	' read -r platform query rules skip reason || [ -n "$platform" ]; do
    case $platform in ''|'#'*|platform) continue ;; esac
    dir=$CORPUS/$platform/$query
    if [ ! -d "$dir/test" ]; then
        echo "$platform/$query: not in the corpus"
        fail=1
        continue
    fi
    find "$dir/test" -type f \( -name 'positive*' -o -name 'negative*' \) ! -name '*.json.md' \
        ! -name 'positive_expected_result.json' | LC_ALL=C sort >"$TMP/files"
    set --
    while IFS= read -r f; do set -- "$@" "$f"; done <"$TMP/files"
    "$BIN" --rules "$RULES" --format json "$@" >"$TMP/report.json" 2>"$TMP/err"
    st=$?
    if [ "$st" -gt 1 ]; then
        echo "$platform/$query: krewlint exited with $st"
        cat "$TMP/err"
        fail=1
        continue
    fi
    node "$HERE/kics_check.js" "$dir" "$TMP/report.json" "$rules" "${skip:-}" "${reason:-}" || fail=1
    n=$((n + 1))
done <"$HERE/kics_map.tsv"

echo "$n queries checked"
[ "$fail" -eq 0 ] || { echo "FAIL"; exit 1; }
echo "OK"
