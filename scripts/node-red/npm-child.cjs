'use strict';
/**
 * Runs npm as a child process for the Node-RED harness (pack this package, install it into a
 * Node-RED user directory, install the Node-RED 4 compat folder).
 *
 * The caller is often itself an npm script (`npm test`, `npm start`): npm then exports
 * npm_config_* / npm_package_* variables that would point a nested npm at THIS repository
 * (its prefix, its package.json). They are dropped here, except where the cache and registry
 * are, so the child only ever touches the folder it is told to.
 */
const { spawn } = require('node:child_process');

const KEEP = new Set(['npm_config_cache', 'npm_config_registry']);

function cleanEnv(extra = {}) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^npm_/i.test(key) && !KEEP.has(key.toLowerCase())) continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}

/**
 * Run `npm <args>` in `cwd`; resolves with its stdout, rejects with its exit code and the tail of
 * its output. `npmCommand` lets a caller pick the npm that matches a Node version.
 */
function runNpm(args, { cwd, npmCommand = 'npm', env, onOutput = () => {} } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(npmCommand, args, { cwd, env: env ?? cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
      onOutput(String(d));
    });
    child.stderr.on('data', (d) => {
      stderr += d;
      onOutput(String(d));
    });
    child.once('error', (err) => reject(new Error(`cannot run ${npmCommand}: ${err.message}`)));
    child.once('close', (code) => {
      if (code === 0) return resolve(stdout);
      const tail = (stderr || stdout).trim().split('\n').slice(-15).join('\n');
      reject(new Error(`npm ${args.join(' ')} (in ${cwd}) exited with ${code}:\n${tail}`));
    });
  });
}

module.exports = { runNpm, cleanEnv };
