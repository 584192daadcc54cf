#!/usr/bin/env node
// Validates APL documents with Amazon's apl-suggester (the checks the APL authoring tool runs).
//
//   node tools/apl/validate.js FILE.json [FILE.json ...]
//
// A file is an APL document, or {"document": ..., "datasources": ...} (a RenderDocument's
// payload), in which case the data sources are validated too. Prints one JSON line per file,
// {"file", "findings": [{"level", "path", "message"}]}, and exits 1 if any file has a finding of
// any level, 2 on bad usage or unreadable input. Any level: apl-suggester reports schema
// violations (a wrong type, a value not allowed, a missing mainTemplate) as WARNING, so a check
// that failed on ERROR alone would pass broken documents.
//
// apl-suggester downloads imported packages (alexa-layouts, ...) from Amazon; our documents
// import none, and any connection attempt is refused here, so validation never leaves the machine.
'use strict';

const fs = require('fs');
const net = require('net');

function refuse() {
  throw new Error('network use refused: APL documents are validated offline (no imports)');
}
net.Socket.prototype.connect = refuse;
require('http').request = refuse;
require('https').request = refuse;

// apl-suggester logs notes ("No mixin for component") with console.log: keep stdout for results.
console.log = (...args) => process.stderr.write(args.join(' ') + '\n');

const { StaticAplTemplateValidator } = require('apl-suggester');

async function check(file) {
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  const wrapped = parsed && parsed.type !== 'APL' && parsed.document !== undefined;
  const document = wrapped ? parsed.document : parsed;
  const validator = new StaticAplTemplateValidator();
  let found = await validator.validate(document);
  if (wrapped && parsed.datasources !== undefined) {
    found = found.concat(await validator.validateDataSources(parsed.datasources));
  }
  return {
    file,
    findings: found.map((f) => ({ level: f.level || 'ERROR', path: f.path, message: f.errorMessage })),
  };
}

async function main(files) {
  if (files.length === 0) {
    process.stderr.write('usage: node validate.js FILE.json [FILE.json ...]\n');
    return 2;
  }
  let failed = false;
  for (const file of files) {
    let result;
    try {
      result = await check(file);
    } catch (err) {
      process.stderr.write(`${file}: ${err.message}\n`);
      return 2;
    }
    failed = failed || result.findings.length > 0;
    process.stdout.write(JSON.stringify(result) + '\n');
  }
  return failed ? 1 : 0;
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
