#!/bin/sh
# test_report_html.sh - `krewlint report --format html` opened in headless
# Chromium: the page is self-contained (no scripts, no external resources),
# the browser's DOM holds the checksheet table (one row per item: 71), the
# failing items link to their findings, and a screenshot of the first A4
# page (1240x1754 px, 150 dpi) is written to the build folder as an artefact.
#
#   sh test_report_html.sh KREWLINT SOURCE_DIR
#
# Exit 77 (skipped) when Chromium is not installed (Debian: chromium,
# chromium-driver; ci/test-packages.txt).
set -u
BIN=$1
SRC=$2
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac

CHROMIUM=
for c in chromium chromium-browser google-chrome; do
    if command -v "$c" >/dev/null 2>&1; then CHROMIUM=$c; break; fi
done
[ -n "$CHROMIUM" ] || { echo "SKIP: chromium is not installed"; exit 77; }

OUT=$(pwd)/report-artefacts
mkdir -p "$OUT" || exit 1
HTML=$OUT/checksheet.html
PNG=$OUT/checksheet.png
PROFILE=$(mktemp -d) || exit 1
trap 'rm -rf "$PROFILE"' EXIT INT TERM

fail=0
check() { # check DESCRIPTION COMMAND...
    what=$1; shift
    if "$@"; then echo "ok: $what"; else echo "FAIL: $what"; fail=1; fi
}

KREWLINT_TODAY=2025-06-30 KREWLINT_RULES_DIR=$SRC/rules NO_COLOR=1 \
    "$BIN" report --format html --lang ja --repository sample-service \
    --commit 0123456789abcdef0123456789abcdef01234567 \
    --output "$HTML" "$SRC/tests/sample-service" 2>"$OUT/stderr.txt"
status=$?
check "exit status 1 (the sample has failing items)" [ "$status" -eq 1 ]
check "the HTML was written" [ -s "$HTML" ]
check "no script" sh -c "! grep -qi '<script' '$HTML'"
check "no external resources" sh -c "! grep -Eqi '<link|<img|<iframe| src=|url\\(|@import' '$HTML'"
check "A4 page rule" grep -q '@page{size:A4' "$HTML"

chrome() {
    timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$PROFILE" "$@" 2>>"$OUT/chromium.log"
}

chrome --dump-dom "file://$HTML" >"$OUT/dom.html"
rows=$(grep -o '<tr class="item ' "$OUT/dom.html" | wc -l | tr -d ' ')
check "the DOM has the checksheet table with 71 item rows (got $rows)" [ "$rows" -eq 71 ]
check "section rows" [ "$(grep -o '<tr class="section"' "$OUT/dom.html" | wc -l | tr -d ' ')" -eq 11 ]
check "header row repeated on each printed page (thead)" grep -q '<thead><tr><th>項番</th><th>確認事項</th><th>実施有無</th><th>備考</th></tr></thead>' "$OUT/dom.html"
check "6-13 is x and links to its findings" grep -q '<tr class="item st-no" id="item-6-13">.*<a href="#findings-6-13">×' "$OUT/dom.html"
check "the findings anchor exists" grep -q '<h3 id="findings-6-13">' "$OUT/dom.html"

rm -f "$PNG"
chrome --screenshot="$PNG" --window-size=1240,1754 --hide-scrollbars "file://$HTML" >/dev/null
check "screenshot written ($PNG)" [ -s "$PNG" ]
if [ -s "$PNG" ]; then
    size=$(wc -c <"$PNG" | tr -d ' ')
    check "the screenshot is not blank ($size bytes)" [ "$size" -gt 50000 ]
fi

[ "$fail" -eq 0 ] || { echo "stderr of krewlint:"; cat "$OUT/stderr.txt"; }
exit "$fail"
