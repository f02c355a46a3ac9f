// fixture_compare.js - helper of test_rule_fixtures.sh (not a test by itself).
//
//   node fixture_compare.js REPORT.json RULE-ID FIXTURE...
//
// Reads the expectations of the fixtures of one rule folder and the JSON report
// krewlint wrote for all of them (one run, files given as passed here), and
// compares, per fixture, the sets of "LINE RULE-ID" (1-based lines). Rules
// compared: RULE-ID (the folder's rule) and every rule named in an expectation
// of that fixture. Expectations:
//   - FIXTURE.expect, when it exists: lines "LINE RULE-ID" (for JSON fixtures);
//   - otherwise `krewlint-expect: RULE-ID[, RULE-ID...]` in a #, // or /*
//     comment: on a line with code it means that line; on a comment-only line
//     it means the next line that is not itself a comment-only line.
// Prints a diff per fixture ("- missing", "+ unexpected") and exits 1 on any
// mismatch; a diagnostic about a fixture (unparsable) is a mismatch too.
'use strict';
const fs = require('fs');

const [reportPath, ruleId, ...fixtures] = process.argv.slice(2);

function expectations(fixture) {
  const expected = new Set();
  const rules = new Set([ruleId]);
  const errors = [];
  if (fs.existsSync(fixture + '.expect')) {
    fs.readFileSync(fixture + '.expect', 'utf8').split('\n').forEach((l, i) => {
      l = l.trim();
      if (l === '' || l.startsWith('#')) return;
      const m = /^(\d+)\s+([A-Z0-9-]+)$/.exec(l);
      if (!m) errors.push(`${fixture}.expect:${i + 1}: cannot read "${l}" (want "LINE RULE-ID")`);
      else {
        expected.add(`${m[1]} ${m[2]}`);
        rules.add(m[2]);
      }
    });
    return { expected, rules, errors };
  }
  const marker = /(?:#|\/\/|\/\*).*krewlint-expect:\s*([A-Z0-9-]+(?:\s*,\s*[A-Z0-9-]+)*)/;
  const pending = [];
  fs.readFileSync(fixture, 'utf8').split('\n').forEach((l, i) => {
    const m = marker.exec(l);
    const commentOnly = /^\s*(?:#|\/\/|\/\*)/.test(l);
    if (m && commentOnly) {
      pending.push(...m[1].split(/\s*,\s*/));
      return;
    }
    if (commentOnly) return; // a plain comment between a mark and its line
    const here = m ? m[1].split(/\s*,\s*/) : [];
    for (const id of pending.concat(here)) {
      expected.add(`${i + 1} ${id}`);
      rules.add(id);
    }
    pending.length = 0;
  });
  if (pending.length) errors.push(`${fixture}: krewlint-expect at the end of the file names no line`);
  return { expected, rules, errors };
}

let report;
try {
  report = JSON.parse(fs.readFileSync(reportPath, 'utf8'));
} catch (e) {
  console.log(`${ruleId}: the report is not JSON: ${e.message}`);
  process.exit(1);
}

let bad = false;
const byLine = (a, b) => parseInt(a, 10) - parseInt(b, 10) || a.localeCompare(b);
for (const fixture of fixtures) {
  const { expected, rules, errors } = expectations(fixture);
  for (const e of errors) console.log(e);
  if (errors.length) bad = true;
  const actual = new Set();
  const messages = new Map();
  for (const f of report.findings || []) {
    if (f.file !== fixture || !rules.has(f.rule)) continue;
    const key = `${f.line} ${f.rule}`;
    actual.add(key);
    messages.set(key, `${f.severity}: ${f.message}`);
  }
  for (const d of report.diagnostics || []) {
    if (d.file !== fixture) continue;
    console.log(`${fixture}: diagnostic: ${d.line || 0}:${d.column || 0}: ${d.message}`);
    bad = true;
  }
  const missing = [...expected].filter((k) => !actual.has(k)).sort(byLine);
  const extra = [...actual].filter((k) => !expected.has(k)).sort(byLine);
  if (missing.length || extra.length) {
    console.log(`--- ${fixture} (expected)\n+++ krewlint`);
    for (const k of missing) console.log(`- ${k}`);
    for (const k of extra) console.log(`+ ${k}    ${messages.get(k)}`);
    bad = true;
  }
}
process.exit(bad ? 1 : 0);
