// Lets this benchmark require the TypeScript n8n-core harness (tools/n8n-harness) as it is, by
// transpiling each .ts file on load with the project's own TypeScript, so the benchmark reuses the
// harness the tests use instead of keeping a second one. Outside the tests the harness records
// nothing for the secret scan: the benchmark measures the engine, not the scanner.
'use strict';
const fs = require('node:fs');
const Module = require('node:module');
const ts = require('typescript');

Module._extensions['.ts'] = function loadTs(module, filename) {
  const source = fs.readFileSync(filename, 'utf8');
  const { outputText } = ts.transpileModule(source, {
    fileName: filename,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, sourceMap: false },
  });
  module._compile(outputText, filename);
};
