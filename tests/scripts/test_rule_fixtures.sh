#!/bin/sh
# test_rule_fixtures.sh - every rule's fixtures give exactly the findings they announce.
#
#   sh test_rule_fixtures.sh KREWLINT_BINARY SOURCE_DIR
#
# Fixtures live in SOURCE_DIR/rules/tests/<rule-id in lower case>/ (any depth, so a
# serverless.yml can sit in its own folder). Each folder is scanned in one run with
# --format json, and fixture_compare.js compares, per file, the (line, rule) pairs
# of the folder's rule with the `krewlint-expect: RULE-ID` marks (in #, // or /*
# comments) or with the NAME.expect sidecar of a JSON fixture. Also checked: every
# rule of the pack has a folder with at least one bad* and one good* fixture, every
# folder names a rule of the pack, and rules/catalog.tsv lists each rule under its
# own control (and only automated/partial rows list rules).
# KR_TEST_RULES_DIR overrides the rules folder (default SOURCE_DIR/rules).
# Exit 0 all good, 1 a mismatch, 77 skipped (no node).
set -u
BIN=$1
SRC=$2
RULES=${KR_TEST_RULES_DIR:-$SRC/rules}
FIX=$SRC/rules/tests
HERE=$(cd "$(dirname "$0")" && pwd)

command -v node >/dev/null 2>&1 || { echo "SKIP: node not found"; exit 77; }
[ -d "$FIX" ] || { echo "SKIP: $FIX not found"; exit 77; }

TMP=$(mktemp -d) || exit 1
trap 'rm -rf "$TMP"' EXIT INT TERM

export NO_COLOR=1 LC_ALL=C.UTF-8 LANG=C.UTF-8

if ! "$BIN" --rules "$RULES" --list-rules >"$TMP/rules.tsv" 2>"$TMP/rules.err"; then
    echo "FAIL: the rule pack does not load:"
    cat "$TMP/rules.err"
    exit 1
fi
cut -f1 "$TMP/rules.tsv" | sort >"$TMP/ids"

fail=0
checked=0

# Every rule has fixtures, every fixture folder has a rule.
while read -r id; do
    dir=$FIX/$(printf '%s' "$id" | tr 'A-Z' 'a-z')
    if [ ! -d "$dir" ]; then
        echo "FAIL: $id has no fixture folder ($dir)"
        fail=1
        continue
    fi
    nbad=$(find "$dir" -type f -name 'bad*' ! -name '*.expect' | wc -l)
    ngood=$(find "$dir" -type f -name 'good*' ! -name '*.expect' | wc -l)
    nsub=$(find "$dir" -type f -path '*/bad*/*' | wc -l)
    ngsub=$(find "$dir" -type f -path '*/good*/*' | wc -l)
    if [ $((nbad + nsub)) -eq 0 ] || [ $((ngood + ngsub)) -eq 0 ]; then
        echo "FAIL: $id needs at least one bad and one good fixture"
        fail=1
    fi
done <"$TMP/ids"
for dir in "$FIX"/*/; do
    id=$(basename "$dir" | tr 'a-z' 'A-Z')
    grep -qx -- "$id" "$TMP/ids" || { echo "FAIL: $dir is not the folder of a rule in the pack"; fail=1; }
done

# Catalog: each rule is listed in the rules column of its control's row.
if [ -f "$SRC/rules/catalog.tsv" ]; then
    node -e '
const fs = require("fs");
const [catalog, rulesTsv] = process.argv.slice(1);
const rows = fs.readFileSync(catalog, "utf8").split("\n").slice(1).filter(Boolean).map((l) => l.split("\t"));
const byItem = new Map(rows.map((r) => [r[0], r]));
let bad = 0;
const pack = new Set();
for (const l of fs.readFileSync(rulesTsv, "utf8").split("\n").filter(Boolean)) {
  const [id, control] = l.split("\t");
  pack.add(id);
  const row = byItem.get(control);
  if (!row || !(row[5] || "").split(",").includes(id)) { console.log(`FAIL: catalog row ${control} does not list ${id}`); bad = 1; }
}
for (const r of rows) {
  const ids = (r[5] || "").split(",").filter(Boolean);
  for (const id of ids) if (!pack.has(id)) { console.log(`FAIL: catalog row ${r[0]} lists ${id}, which is not in the pack`); bad = 1; }
  const auto = r[4] === "automated" || r[4] === "partial";
  if (auto !== (ids.length > 0)) { console.log(`FAIL: catalog row ${r[0]} is ${r[4]} with rules "${r[5]}"`); bad = 1; }
}
process.exit(bad);' "$SRC/rules/catalog.tsv" "$TMP/rules.tsv" || fail=1
fi

# The fixtures themselves: one krewlint run per rule folder.
for dir in "$FIX"/*/; do
    dir=${dir%/}
    id=$(basename "$dir" | tr 'a-z' 'A-Z')
    find "$dir" -type f ! -name '*.expect' | LC_ALL=C sort >"$TMP/files"
    [ -s "$TMP/files" ] || continue
    set --
    while IFS= read -r f; do set -- "$@" "$f"; done <"$TMP/files"
    "$BIN" --rules "$RULES" --format json "$@" >"$TMP/out.json" 2>"$TMP/err"
    st=$?
    if [ "$st" -ne 0 ] && [ "$st" -ne 1 ]; then
        echo "FAIL: $(basename "$dir"): krewlint exited with $st"
        cat "$TMP/err"
        fail=1
        continue
    fi
    node "$HERE/fixture_compare.js" "$TMP/out.json" "$id" "$@" || fail=1
    checked=$((checked + $#))
done

echo "rule fixtures: $checked files checked for $(wc -l <"$TMP/ids") rules"
[ "$fail" -eq 0 ] || { echo "FAIL"; exit 1; }
echo "OK"
