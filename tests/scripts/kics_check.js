// kics_check.js - helper of test_kics.sh: checks one KICS query's samples.
//
//   node kics_check.js QUERY_DIR REPORT.json RULES SKIP REASON
//
// QUERY_DIR/test holds positive*/negative* samples and
// positive_expected_result.json ([{line, fileName, ...}]); REPORT.json is
// krewlint's --format json report over those samples; RULES is the
// comma-separated list of our rule ids mapped to the query. Every expected
// (file, line) must carry a finding of a mapped rule on that exact line; a
// negative file must carry none. SKIP lists what is not compared, with REASON:
// "negatives" (KICS's threshold is weaker than ours), "positives", or
// file names, FILE:LINE for one expected line, or "anchor": a positive line then also counts when a mapped
// finding is in the same resource at another line (KICS anchors a missing
// attribute at `Properties` or at the parent block, krewlint at the resource's
// logical id / block header, or KICS at the policy and krewlint at the value);
// such matches are counted separately ("near"). Prints one table row "query | pos a/b | neg c/d | skipped" and,
// below it, every miss; exits 1 when something was missed.
'use strict';
const fs = require('fs');
const path = require('path');

const [dir, reportPath, rulesArg, skipArg = '', reason = ''] = process.argv.slice(2);
const rules = new Set(rulesArg.split(',').filter(Boolean));
const skip = new Set(skipArg.split(',').filter(Boolean));
const testDir = path.join(dir, 'test');
const report = JSON.parse(fs.readFileSync(reportPath, 'utf8'));
const expected = JSON.parse(fs.readFileSync(path.join(testDir, 'positive_expected_result.json'), 'utf8'));

const files = fs.readdirSync(testDir).sort();
const found = new Map(); // basename -> Set of lines with a mapped finding
const foundRes = new Map(); // basename -> Set of resources with a mapped finding
for (const f of report.findings || []) {
  // unknown verdicts (notes about expressions) are neither detections nor false alarms
  if (!rules.has(f.rule) || f.verdict === 'unknown') continue;
  const b = path.basename(f.file);
  if (!found.has(b)) { found.set(b, new Set()); foundRes.set(b, new Set()); }
  found.get(b).add(f.line);
  if (f.resource) foundRes.get(b).add(f.resource);
}

// The resource that contains a line: the last resource header at or above it
// ("resource \"T\" \"N\"" in HCL -> T.N; a key right under Resources in a
// CloudFormation template -> its logical id).
function resourceAt(file, line) {
  let text;
  try { text = fs.readFileSync(path.join(testDir, file), 'utf8').split('\n'); } catch (e) { return null; }
  let cur = null, inRes = false, resIndent = -1;
  for (let i = 0; i < Math.min(line, text.length); i++) {
    const l = text[i];
    let m = /^\s*(resource|data)\s+"([^"]+)"\s+"([^"]+)"/.exec(l);
    if (m) { cur = `${m[2]}.${m[3]}`; continue; }
    if (/^\s*"?Resources"?\s*:/.test(l)) { inRes = true; resIndent = -1; continue; }
    if (!inRes) continue;
    m = /^(\s*)"?([A-Za-z0-9_]+)"?\s*:\s*(\{\s*)?$/.exec(l);
    if (m) {
      if (resIndent < 0) resIndent = m[1].length;
      if (m[1].length === resIndent) cur = m[2];
    }
  }
  return cur;
}
const problems = [];
// every diagnostic is a problem, except the note on a registry module call
// (the samples call registry modules that nobody downloaded: krewlint says so
// once per call and checks the call's own arguments)
for (const d of report.diagnostics || []) {
  if (d.code === 'module-source' && d.severity === 'note') continue;
  problems.push(`  diagnostic ${path.basename(d.file)}: ${d.message}`);
}

let posOk = 0, posNear = 0, posAll = 0, negOk = 0, negAll = 0;
const skipped = [];
// Some expected results leave fileName out when the query has one positive
// sample; several findings on one line (one per port...) count once.
const positives = files.filter((f) => /^positive/.test(f) && f !== 'positive_expected_result.json');
const want = new Map();
for (const e of expected) {
  const file = e.fileName || e.filename || (positives.length === 1 ? positives[0] : '?');
  want.set(`${file}:${e.line}`, { fileName: file, line: e.line });
}
if (!skip.has('positives')) {
  for (const e of want.values()) {
    if (skip.has(e.fileName) || skip.has(`${e.fileName}:${e.line}`)) continue;
    posAll++;
    const lines = found.get(e.fileName);
    const res = skip.has('anchor') ? resourceAt(e.fileName, e.line) : null;
    if (lines && lines.has(e.line)) posOk++;
    else if (res && foundRes.get(e.fileName) && foundRes.get(e.fileName).has(res)) posNear++;
    else {
      const got = lines ? [...lines].sort((a, b) => a - b).join(',') : 'none';
      problems.push(`  missed ${e.fileName}:${e.line} (mapped findings at: ${got})`);
    }
  }
} else skipped.push('positives');
for (const f of files) {
  if (!/^negative/.test(f) || f.endsWith('.md')) continue;
  if (skip.has('negatives') || skip.has(f)) continue;
  negAll++;
  const lines = found.get(f);
  if (!lines || lines.size === 0) negOk++;
  else problems.push(`  false alarm in ${f} at ${[...lines].sort((a, b) => a - b).join(',')}`);
}
if (skip.has('negatives')) skipped.push('negatives');
for (const s of skip) if (s !== 'negatives' && s !== 'positives') skipped.push(s);
const pos = posNear ? `${posOk}+${posNear}/${posAll}` : `${posOk}/${posAll}`;
const name = path.basename(path.dirname(dir)) + '/' + path.basename(dir);
const cell = (s, n) => s.padEnd(n);
console.log(`${cell(name, 62)} ${cell(pos, 9)} ${cell(`${negOk}/${negAll}`, 7)} ${skipped.length ? skipped.join(',') + ' (' + reason + ')' : ''}`);
for (const p of problems) console.log(p);
process.exit(problems.length ? 1 : 0);
