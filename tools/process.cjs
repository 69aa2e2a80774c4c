// @ts-check
'use strict';
/**
 * The one place tools, scripts, the bench and tests start a child process and collect its output.
 *
 * The caller is often itself an npm script (`npm test`, `npm start`): npm then exports
 * npm_config_* / npm_package_* variables that would point a nested npm at THIS repository
 * (its prefix, its package.json). `cleanEnv` drops them, except where the cache and registry
 * are, so a child npm only ever touches the folder it is told to.
 */
const { spawn } = require('node:child_process');

const KEEP = new Set(['npm_config_cache', 'npm_config_registry']);

/**
 * The current environment without the npm_* variables a parent npm script exported.
 * @param {Record<string, string | undefined>} [extra]
 * @returns {NodeJS.ProcessEnv}
 */
function cleanEnv(extra = {}) {
  /** @type {NodeJS.ProcessEnv} */
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^npm_/i.test(key) && !KEEP.has(key.toLowerCase())) continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}

/**
 * @typedef {object} RunOptions
 * @property {string} [cwd]
 * @property {NodeJS.ProcessEnv} [env]        default: cleanEnv()
 * @property {(text: string) => void} [onOutput] every chunk of stdout and stderr, as it arrives
 * @property {boolean} [inherit]              pass output through to this process instead of capturing it
 * @property {number} [tailLines]             how much output a failure's message carries (default 15)
 */

/**
 * Run a command to its end; resolves with its stdout, rejects with its exit code or signal and
 * the tail of its output, so a failed step says why without a second run.
 * @param {string} command
 * @param {string[]} args
 * @param {RunOptions} [options]
 * @returns {Promise<string>}
 */
function runCommand(command, args, { cwd, env, onOutput = () => {}, inherit = false, tailLines = 15 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: env ?? cleanEnv(),
      stdio: inherit ? ['ignore', 'inherit', 'inherit'] : ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d) => {
      stdout += d;
      onOutput(String(d));
    });
    child.stderr?.on('data', (d) => {
      stderr += d;
      onOutput(String(d));
    });
    child.once('error', (err) => reject(new Error(`cannot run ${command}: ${err.message}`)));
    child.once('close', (code, signal) => {
      if (code === 0) return resolve(stdout.trim());
      const tail = (stderr || stdout).trim().split('\n').slice(-tailLines).join('\n');
      reject(
        new Error(
          `${command} ${args.join(' ')}${cwd ? ` (in ${cwd})` : ''} failed (${signal ?? `exit ${code}`})${tail ? `:\n${tail}` : ''}`,
        ),
      );
    });
  });
}

/**
 * Run `npm <args>`; `npmCommand` lets a caller pick the npm that matches a Node version.
 * @param {string[]} args
 * @param {RunOptions & { npmCommand?: string }} [options]
 * @returns {Promise<string>}
 */
function runNpm(args, { npmCommand = 'npm', ...options } = {}) {
  return runCommand(npmCommand, args, options);
}

module.exports = { cleanEnv, runCommand, runNpm };
