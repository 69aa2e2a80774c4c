// Lets this benchmark require the TypeScript test harnesses (test/n8n/harness) as they are, by
// transpiling each .ts file on load with the project's own TypeScript, so the benchmark reuses the
// harness the tests use instead of keeping a second one. The test-only secret scan is replaced by
// a stub here: the benchmark measures the engine, not the scanner's rendering of every item.
'use strict';
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const ts = require('typescript');

const root = path.join(__dirname, '..', '..');
const secretsModule = path.join(root, 'test', 'support', 'secrets.ts');

Module._extensions['.ts'] = function loadTs(module, filename) {
  if (filename === secretsModule) {
    module.exports = { TEST_PASSWORD: 'unused-by-bench', recordForScan() {}, addSecretProvider() {}, findLeaks: () => [], recordedCount: () => 0, renderForScan: String };
    return;
  }
  const source = fs.readFileSync(filename, 'utf8');
  const { outputText } = ts.transpileModule(source, {
    fileName: filename,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, sourceMap: false },
  });
  module._compile(outputText, filename);
};

// The harness registers cleanups with Jest's afterAll; outside Jest they run at exit.
if (typeof globalThis.afterAll !== 'function') {
  const cleanups = [];
  globalThis.afterAll = (fn) => cleanups.push(fn);
  process.on('exit', () => cleanups.forEach((fn) => fn()));
}
