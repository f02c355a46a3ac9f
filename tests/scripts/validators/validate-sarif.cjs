// validate-sarif.cjs SCHEMA FILE... - validates SARIF files against the
// unmodified SARIF 2.1.0 JSON schema (draft-04) with Ajv, checking formats
// ("uri", "uri-reference", "date-time") the way GitHub's upload-sarif does.
// Prints "FILE valid" or "FILE invalid" and the errors; exits 1 if any is invalid.
'use strict';
const fs = require('fs');
const Ajv = require('ajv-draft-04');
const addFormats = require('ajv-formats');

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(fs.readFileSync(process.argv[2], 'utf8')));
let bad = 0;
for (const f of process.argv.slice(3)) {
  let doc;
  try {
    doc = JSON.parse(fs.readFileSync(f, 'utf8'));
  } catch (e) {
    bad++;
    console.log(`${f} invalid\nnot JSON: ${e.message}`);
    continue;
  }
  if (validate(doc)) {
    console.log(`${f} valid`);
  } else {
    bad++;
    console.log(`${f} invalid\n${ajv.errorsText(validate.errors, { separator: '\n' })}`);
  }
}
process.exit(bad ? 1 : 0);
