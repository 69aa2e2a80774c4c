/**
 * The test environment every test file runs in (jest.config.js). It runs the secret scan in its
 * teardown, which Jest calls after the file's last afterAll hook: nothing the file does can come
 * after the scan. What it scans:
 * - everything a test records (secrets.ts: msgs, items, errors, status badges, logs);
 * - the test's console and everything written to this process's stdout and stderr;
 * - all output of child processes the file spawned (piped stdout/stderr), up to their exit, so
 *   their shutdown output too (it waits for them to close);
 * What it scans for:
 * - the test password, every password any simulator received (wrong ones included) and every
 *   session cookie any simulator issued: in-process simulators through their control API,
 *   simulators in child processes through the file named by SECUREEDGE_SIMULATOR_SECRETS_FILE.
 */
'use strict';
const { randomUUID } = require('node:crypto');
const childProcess = require('node:child_process');
const { readFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { basename, join } = require('node:path');
const { TestEnvironment } = require('jest-environment-node');
const { createScanStore, findLeaks, record, withoutShownOnPurpose } = require('./secret-scan-core');

const SECRETS_FILE_VARIABLE = 'SECUREEDGE_SIMULATOR_SECRETS_FILE';
/** How long teardown waits for a child the file started to close its output. */
const CHILD_CLOSE_WAIT_MS = 15_000;
const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug'];

class SecretScanEnvironment extends TestEnvironment {
  constructor(config, context) {
    // Set before the test's process object is made, so the test's process.env and every child's have it.
    const secretsFile = join(tmpdir(), `secureedge-scan-${process.pid}-${randomUUID()}.secrets`);
    process.env[SECRETS_FILE_VARIABLE] = secretsFile;
    super(config, context);
    this.secretsFile = secretsFile;
    this.testPath = context.testPath;
    this.store = createScanStore();
    this.children = [];
    this.restores = [];
    // secrets.ts (test side) records into this store.
    this.global.__secretScanStore = this.store;
  }

  async setup() {
    await super.setup();
    const store = this.store;
    const consoleObject = this.global.console;
    for (const m of CONSOLE_METHODS) {
      const original = consoleObject[m];
      if (typeof original !== 'function') continue;
      consoleObject[m] = function scanned(...args) {
        record(store, `console.${m}`, args);
        return original.apply(this, args);
      };
    }
    for (const [name, stream] of [
      ['stdout', process.stdout],
      ['stderr', process.stderr],
    ]) {
      const original = stream.write;
      stream.write = function scanned(chunk, ...rest) {
        record(store, `process ${name}`, typeof chunk === 'string' || Buffer.isBuffer(chunk) ? chunk : String(chunk));
        return original.call(this, chunk, ...rest);
      };
      this.restores.push(() => {
        stream.write = original;
      });
    }
    this.watchChildren();
  }

  /** Every child process spawned during this file (spawn, exec, execFile, fork all pass here). */
  watchChildren() {
    const proto = childProcess.ChildProcess.prototype;
    const originalSpawn = proto.spawn;
    const env = this;
    proto.spawn = function scannedSpawn(options) {
      const result = originalSpawn.call(this, options);
      env.captureChild(this, options);
      return result;
    };
    this.restores.push(() => {
      proto.spawn = originalSpawn;
    });
  }

  captureChild(child, options) {
    const script = String(options?.args?.[1] ?? '');
    const name =
      basename(String(options?.file ?? 'child')) +
      (script && !script.startsWith('-') && !script.includes('\n') ? ` ${basename(script)}` : '');
    const outputs = [];
    for (const [streamName, stream] of [
      ['stdout', child.stdout],
      ['stderr', child.stderr],
    ]) {
      if (!stream) continue;
      // Taken where the stream buffers data, so the test's own reading (or not reading) is unchanged.
      const entry = { source: `child process (${name.trim()}) ${streamName}`, text: '' };
      outputs.push(entry);
      const push = stream.push;
      stream.push = function scannedPush(chunk, encoding) {
        if (chunk !== null && chunk !== undefined) entry.text += Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk);
        return push.call(this, chunk, encoding);
      };
    }
    // 'close' comes after the exit and after the last output (grandchildren holding the pipes included).
    const closed = new Promise((resolve) => {
      child.once('close', resolve);
      child.once('error', resolve);
    });
    this.children.push({ name: name.trim(), outputs, closed });
  }

  async teardown() {
    const problems = [];
    // The children's shutdown output counts: wait until each has closed its output, then scan all of it.
    for (const c of this.children) {
      const closedInTime = await Promise.race([c.closed.then(() => true), delay(CHILD_CLOSE_WAIT_MS).then(() => false)]);
      if (!closedInTime)
        problems.push(
          `child process (${c.name}) still running ${CHILD_CLOSE_WAIT_MS} ms after the file ended: its shutdown output was not scanned; stop it in afterAll`,
        );
      for (const o of c.outputs) this.store.records.push({ source: o.source, text: withoutShownOnPurpose(this.store, o.text) });
    }
    for (const restore of this.restores.splice(0).reverse()) restore();
    const leaks = findLeaks(this.store, this.reportedByChildren());
    if (process.env[SECRETS_FILE_VARIABLE] === this.secretsFile) delete process.env[SECRETS_FILE_VARIABLE];
    rmSync(this.secretsFile, { force: true });
    await super.teardown();
    if (leaks.length > 0)
      problems.unshift(`Secret scan: ${leaks.length} leak(s) among ${this.store.records.length} records:\n${leaks.join('\n')}`);
    if (problems.length > 0) throw new Error(problems.join('\n'));
  }

  /** The secrets simulators reported through the file (child processes' ones, and in-process ones too). */
  reportedByChildren() {
    let text = '';
    try {
      text = readFileSync(this.secretsFile, 'utf8');
    } catch {
      return [];
    }
    return text
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const tab = line.indexOf('\t');
        return { kind: line.slice(0, tab) === 'password' ? 'password' : 'cookie', value: line.slice(tab + 1) };
      });
  }
}

function delay(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

module.exports = SecretScanEnvironment;
module.exports.TestEnvironment = SecretScanEnvironment;
