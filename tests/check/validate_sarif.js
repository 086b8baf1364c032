// Validates SARIF logs against the SARIF 2.1.0 JSON schema (draft-04) with
// ajv from npm. Usage: node validate_sarif.js NODE_MODULES SCHEMA FILE...
// Exit 0 valid, 1 invalid, 77 when the validator is not installed.
"use strict";
const fs = require("fs");
const path = require("path");

const [modules, schemaPath, ...files] = process.argv.slice(2);
let Ajv, addFormats;
try {
  Ajv = require(path.join(modules, "ajv-draft-04"));
  addFormats = require(path.join(modules, "ajv-formats"));
} catch (e) {
  console.error(`validator not installed (${e.message}); skipping`);
  process.exit(77);
}
// unicodeRegExp off: the schema's "language" pattern has a stray "]" that
// only the non-unicode RegExp syntax accepts.
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaPath, "utf8")));
let bad = 0;
for (const file of files) {
  const log = JSON.parse(fs.readFileSync(file, "utf8"));
  if (validate(log)) {
    console.log(`${file}: valid SARIF 2.1.0`);
  } else {
    bad++;
    console.error(`${file}: invalid SARIF 2.1.0`);
    for (const err of validate.errors.slice(0, 20))
      console.error(`  ${err.instancePath || "/"} ${err.message} ${JSON.stringify(err.params)}`);
  }
}
process.exit(bad ? 1 : 0);
