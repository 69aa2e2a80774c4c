// @ts-check
'use strict';
/**
 * Starts a real Node-RED (its own red.js) as a child process and resolves once its HTTP server
 * listens, with the editor URL red.js itself reported. Every output line goes to `onLine`, so a
 * caller can show it (the demo) or scan it for secrets (the tests).
 */
const { spawn } = require('node:child_process');
const { createInterface } = require('node:readline');
const { cleanEnv } = require('../process.cjs');

/** @typedef {{ code: number | null, signal: NodeJS.Signals | null }} Exit */
/**
 * @typedef {object} RunningNodeRed
 * @property {string} url the editor and admin API root, without a trailing slash
 * @property {number | undefined} pid
 * @property {string[]} lines every output line so far (a live array)
 * @property {Promise<Exit>} exited
 * @property {(graceMs?: number) => Promise<Exit>} stop SIGINT, then SIGKILL after graceMs
 */

/** "28 Nov 04:40:00 - [info] Server now running at http://127.0.0.1:1880/" */
const RUNNING_LINE = /Server now running at (https?:\/\/\S+)/;

/**
 * @param {object} o
 * @param {string} o.redJs        path to node-red/red.js
 * @param {string} o.userDir
 * @param {string} o.settingsFile
 * @param {string} [o.nodeBinary] the Node.js to run red.js with (default: this process's)
 * @param {Record<string, string>} [o.env] extra environment variables (Node-RED passes them on to the npm it runs)
 * @param {(line: string, stream: 'stdout'|'stderr') => void} [o.onLine]
 * @param {number} [o.startTimeoutMs]
 * @returns {Promise<RunningNodeRed>}
 */
function startNodeRed({
  redJs,
  userDir,
  settingsFile,
  nodeBinary = process.execPath,
  env = {},
  onLine = () => {},
  startTimeoutMs = 60000,
}) {
  const child = spawn(nodeBinary, [redJs, '--userDir', userDir, '--settings', settingsFile], {
    cwd: userDir,
    env: cleanEnv({ NODE_OPTIONS: '', ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  /** @type {string[]} */
  const lines = [];
  /** @type {Exit | null} */
  let exited = null;
  /** @type {Promise<Exit>} */
  const exitPromise = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      resolve(exited);
    });
  });

  /** @type {Promise<string>} */
  const ready = new Promise((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => fail(new Error(`Node-RED did not start within ${startTimeoutMs} ms`)), startTimeoutMs);
    /** @param {Error} err */
    function fail(err) {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      err.message += `\nLast Node-RED output:\n${lines.slice(-25).join('\n')}`;
      reject(err);
    }
    for (const [stream, name] of /** @type {const} */ ([
      [child.stdout, 'stdout'],
      [child.stderr, 'stderr'],
    ])) {
      createInterface({ input: stream }).on('line', (line) => {
        lines.push(line);
        onLine(line, name);
        const m = RUNNING_LINE.exec(line);
        if (m && !settled) {
          settled = true;
          clearTimeout(timer);
          resolve(m[1].replace(/\/$/, ''));
        }
      });
    }
    child.once('error', (err) => fail(new Error(`cannot run ${nodeBinary}: ${err.message}`)));
    exitPromise.then(({ code, signal }) => fail(new Error(`Node-RED exited before it listened (code ${code}, signal ${signal})`)));
  });

  /** Asks Node-RED to stop its flows and exit (SIGINT, as Ctrl-C does); kills it after `graceMs`. */
  async function stop(graceMs = 10000) {
    if (exited) return exited;
    child.kill('SIGINT');
    const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    const result = await exitPromise;
    clearTimeout(killer);
    return result;
  }

  return ready.then((url) => ({ url, pid: child.pid, lines, exited: exitPromise, stop }));
}

module.exports = { startNodeRed };
