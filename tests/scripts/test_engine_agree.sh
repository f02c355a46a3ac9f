#!/bin/sh
# test_engine_agree.sh - `krewlint .`, `krewlint report --format json` and
# `krewlint baseline` run one engine, so they agree item by item on a
# repository with params, rules.disable with a reason, an inline suppression
# and a baseline (the fixture of tests/e2e/adopt-scan, copied to a scratch
# folder):
#   - every finding the scan reports is a non-accepted finding of its item in
#     the report, and the report lists no other (attestation checks aside);
#   - every finding the scan marks suppressed is "suppressed" in the report,
#     with the same reason and approver;
#   - the findings the baseline accepts (in the scan's summary count) are
#     "baseline" in the report; the rules.disable ones "disabled", with the
#     configuration's reason and approver;
#   - `krewlint baseline` writes exactly the scan's findings plus those the
#     old baseline accepted, after which the scan reports nothing.
# Needs node (a build dependency, ci/deps.sh) to read the JSON; exit 77 without it.
#
#   sh test_engine_agree.sh KREWLINT_BINARY SOURCE_DIR
set -u
BIN=$1
SRC=$2
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
command -v node >/dev/null 2>&1 || { echo "SKIP: node is not installed"; exit 77; }
TMP=$(mktemp -d) || exit 1
trap 'rm -rf "$TMP"' EXIT INT TERM
export NO_COLOR=1 LC_ALL=C.UTF-8 LANG=C.UTF-8 KREWLINT_RULES_DIR="$SRC/rules" KREWLINT_TODAY=2025-03-01
mkdir -p "$TMP/inputs"
cp -R "$SRC/tests/e2e/adopt-scan/inputs/repo" "$TMP/inputs/repo"
cd "$TMP" || exit 1

"$BIN" --format json inputs/repo >scan.json 2>scan.err
"$BIN" report --format json --lang en inputs/repo >report.json 2>report.err
cp inputs/repo/.krewlint-baseline.json old-baseline.json
"$BIN" baseline inputs/repo 2>baseline.err
"$BIN" inputs/repo >after.txt 2>after.err
after=$?

node - scan.json report.json old-baseline.json inputs/repo/.krewlint-baseline.json scan.err "$after" <<'JS'
const fs = require('fs');
const [scanF, reportF, oldF, newF, scanErrF, after] = process.argv.slice(2);
const scan = JSON.parse(fs.readFileSync(scanF, 'utf8'));
const report = JSON.parse(fs.readFileSync(reportF, 'utf8'));
const oldB = JSON.parse(fs.readFileSync(oldF, 'utf8'));
const newB = JSON.parse(fs.readFileSync(newF, 'utf8'));
let fail = 0;
const check = (what, ok, detail) => { if (!ok) { fail = 1; console.log('FAIL: ' + what + (detail ? '\n  ' + detail : '')); } };
const key = (f, file) => `${file}:${f.line}:${f.column} ${f.rule}`;
const rel = (p) => p.replace(/^inputs\/repo\//, '');
const inReport = {none: [], suppressed: [], baseline: [], disabled: []};
for (const it of report.items)
  for (const f of it.findings) {
    if (f.rule.startsWith('KR-ATTEST-')) continue;
    inReport[f.accepted || 'none'].push(f);
  }
const scanOpen = scan.findings.filter((f) => !f.suppressed).map((f) => key(f, rel(f.file))).sort();
const scanSupp = scan.findings.filter((f) => f.suppressed);
const repOpen = inReport.none.map((f) => key(f, f.file)).sort();
check('the report lists exactly the scan\'s findings as failing', JSON.stringify(scanOpen) === JSON.stringify(repOpen),
      `scan ${JSON.stringify(scanOpen)} report ${JSON.stringify(repOpen)}`);
check('there is an open finding', scanOpen.length === 1, JSON.stringify(scanOpen));
check('the suppressed findings agree', scanSupp.length === inReport.suppressed.length && scanSupp.length === 1,
      `${scanSupp.length} vs ${inReport.suppressed.length}`);
for (const s of scanSupp) {
  const r = inReport.suppressed.find((f) => key(f, f.file) === key(s, rel(s.file)));
  check('suppressed ' + key(s, s.file) + ' is in the report with its reason and approver',
        r && r.reason === s.suppression.reason && r.by === s.suppression.by, JSON.stringify(r));
}
const m = /, (\d+) in the baseline/.exec(fs.readFileSync(scanErrF, 'utf8'));
const baselined = m ? Number(m[1]) : 0;
check('the scan and the report agree on the baseline', baselined === 1 && inReport.baseline.length === baselined,
      `${baselined} vs ${inReport.baseline.length}`);
check('the disabled rule is listed with the configuration\'s reason', inReport.disabled.length === 1 &&
      inReport.disabled[0].rule === 'KR-6-20-RDS-IN-VPC' && inReport.disabled[0].by === 'tanaka' &&
      /platform team/.test(inReport.disabled[0].reason), JSON.stringify(inReport.disabled));
check('no finding of the disabled rule in the scan', !scan.findings.some((f) => f.control === '6-20'));
const item41 = report.items.find((i) => i.item === '4-1');
check('4-1 passes through params (owner_tag: Team) in the report as in the scan',
      item41 && item41.status !== 'no' && !scan.findings.some((f) => f.control === '4-1'), item41 && item41.status);
const count = (b) => b.entries.reduce((n, e) => n + e.count, 0);
check('krewlint baseline writes the open findings plus the accepted ones',
      count(newB) === scanOpen.length + count(oldB), `${count(newB)} vs ${scanOpen.length} + ${count(oldB)}`);
for (const e of oldB.entries)
  check('the old entry ' + e.resource + ' stays', newB.entries.some((n) => n.fingerprint === e.fingerprint));
check('after krewlint baseline the scan is clean', after === '0', 'exit ' + after);
process.exit(fail);
JS
status=$?
[ "$status" -eq 0 ] && echo "OK: test_engine_agree"
exit "$status"
