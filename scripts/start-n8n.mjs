// `npm run start:n8n`: n8n to click through. Starts the simulator (a SecureEdge on loopback, with a running `web`
// and a stopped `broker` container) and the pinned n8n 2.41.1 on 127.0.0.1 with this package installed the way
// n8n installs a community node, the credential "SecureEdge account" pointed at the simulator and the example
// workflows imported; prints the editor URL. Ctrl-C stops both.
//
// Runs after `npm run build` (the package is packed from dist/); installs n8n into tools/n8n-engine first when it
// is missing (minutes, once). Environment, all optional:
//   SECUREEDGE_N8N_PORT          n8n's port (default 5678, or the next free one; 0 = any)
//   SECUREEDGE_DEMO_DEVICE_PORT  the simulator's port (default 18485, or the next free one; 0 = any)
//   SECUREEDGE_DEMO_PASSWORD     the simulated device's password (default: the simulator's "secureedge")
//   SECUREEDGE_N8N_DIR           n8n's user folder, kept between runs (default .demo/n8n in the repo)
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { ensureEngineInstalled, engineEnv, engineNodeBinDir, ENGINE_DIR } from '../tools/n8n-engine/install.mjs';
import { installPackageIntoN8n } from '../tools/n8n-engine/install-package.mjs';

const require = createRequire(import.meta.url);
const { freePort } = require('../tools/free-port.cjs');

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const userFolder = process.env.SECUREEDGE_N8N_DIR || join(root, '.demo', 'n8n');
const examplesDir = join(root, 'n8n-workflows');
const n8nBin = join(ENGINE_DIR, 'node_modules', 'n8n', 'bin', 'n8n');
/** n8n 2.x needs Node >= 22: the project's pinned Node 24, whatever Node started this script. */
const nodeBin = join(engineNodeBinDir(), 'node');
/** The credential the example workflows refer to; a user of a real device edits its URL and password. */
const CREDENTIAL = { id: 'secureEdgeAccount1', name: 'SecureEdge account', type: 'secureEdgeApi' };
const say = (line = '') => process.stdout.write(`${line}\n`);

/** A port from the environment ("0" = any free one), else the preferred one or the next free one. */
async function portFrom(envName, preferred) {
  const raw = process.env[envName];
  if (raw === undefined || raw === '') return freePort(preferred);
  if (!/^\d+$/.test(raw) || Number(raw) > 65535) throw new Error(`${envName} must be a port number, got "${raw}"`);
  return Number(raw) === 0 ? freePort(0) : Number(raw);
}

function requireBuilt() {
  const missing = ['dist/simulator/index.js', 'dist/core/index.js', 'dist/nodes/SecureEdge/SecureEdge.node.js'].filter(
    (p) => !existsSync(join(root, p)),
  );
  if (missing.length) throw new Error(`not built (${missing.join(', ')} missing): run \`npm run start:n8n\`, which builds first`);
}

/** n8n's environment: loopback only, nothing phoned home (tools/n8n-engine/n8n-env.json), this user folder. */
async function n8nEnv(port) {
  const quiet = JSON.parse(readFileSync(join(ENGINE_DIR, 'n8n-env.json'), 'utf8'));
  for (const key of Object.keys(quiet)) if (key.startsWith('//')) delete quiet[key];
  const env = engineEnv();
  for (const key of Object.keys(env)) if (key.startsWith('N8N_') || key === 'NODE_ENV') delete env[key];
  return {
    ...env,
    ...quiet,
    N8N_USER_FOLDER: userFolder,
    N8N_PORT: String(port),
    N8N_RUNNERS_BROKER_PORT: String(await freePort(0)),
    N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10',
  };
}

/** Runs an n8n command to its end (import:*); its output is shown only when it fails. */
function n8nCommand(args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(nodeBin, [n8nBin, ...args], { env, cwd: userFolder, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`n8n ${args[0]} failed (exit ${code}):\n${output.split('\n').slice(-20).join('\n')}`)),
    );
  });
}

/** Imports a JSON file's worth of entries; the file (credentials hold the password in clear) is removed after. */
async function importEntries(command, entries, env) {
  const file = join(userFolder, `${command.replace(':', '-')}-${randomBytes(4).toString('hex')}.json`);
  writeFileSync(file, JSON.stringify(entries), { mode: 0o600 });
  try {
    await n8nCommand([command, `--input=${file}`], env);
  } finally {
    rmSync(file, { force: true });
  }
}

/** A running `web` and a stopped `broker`, so the health check and the inventory have something to show. */
async function seedDevice(simulator) {
  const { SecureEdgeClient } = require(join(root, 'dist/core/index.js'));
  const client = new SecureEdgeClient({ url: simulator.url, password: simulator.password });
  try {
    const spec = (name, image, tag) => ({
      container: { name },
      image: { name: image, tag },
      ports: [],
      volumes: [],
      networks: [{ name: 'machine-builder' }],
      environment_variables: [],
    });
    await client.createContainer({
      ...spec('web', 'nginx', 'latest'),
      ports: [{ source: 80, destination: 8080, protocol: 'tcp' }],
    });
    await client.startContainer('web');
    await client.createContainer(spec('broker', 'eclipse-mosquitto', '2'));
  } finally {
    await client.close();
  }
}

async function waitUntilReady(url, n8n) {
  for (;;) {
    if (n8n.exitCode !== null) throw new Error(`n8n exited (code ${n8n.exitCode}) before it was ready`);
    try {
      const res = await fetch(`${url}/healthz/readiness`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function main() {
  let simulator;
  let n8n;
  let stopping = false;
  async function stopAll(reason, exitCode) {
    if (stopping) return;
    stopping = true;
    say(`\n${reason}: stopping n8n and the simulator...`);
    if (n8n && n8n.exitCode === null) {
      const exited = new Promise((resolve) => n8n.once('exit', resolve));
      n8n.kill('SIGTERM');
      await exited;
    }
    await simulator?.close();
    say('stopped.');
    process.exit(exitCode);
  }
  // n8n runs in its own process group, so a Ctrl-C reaches only this script, which stops n8n once, cleanly.
  // A second Ctrl-C gives up waiting.
  let interrupts = 0;
  process.on('SIGINT', () => (++interrupts > 1 ? process.exit(130) : stopAll('Ctrl-C', 0)));
  process.on('SIGTERM', () => stopAll('SIGTERM', 0));
  process.on('exit', () => {
    if (n8n && n8n.exitCode === null) n8n.kill('SIGKILL');
  });

  try {
    requireBuilt();
    await ensureEngineInstalled();

    const { startSimulator } = require(join(root, 'dist/simulator/index.js'));
    const password = process.env.SECUREEDGE_DEMO_PASSWORD || undefined;
    simulator = await startSimulator({
      port: await portFrom('SECUREEDGE_DEMO_DEVICE_PORT', 18485),
      host: '127.0.0.1',
      password,
      recordLimit: 1000,
      onRequest: (r) => say(`device | ${r.method} ${r.path} -> ${r.status || 'dropped'}`),
    });
    await seedDevice(simulator);

    const firstRun = !existsSync(join(userFolder, '.n8n', 'database.sqlite'));
    mkdirSync(userFolder, { recursive: true });
    say(`Installing this package into n8n's user folder (${userFolder}) ...`);
    await installPackageIntoN8n(userFolder);

    const port = await portFrom('SECUREEDGE_N8N_PORT', 5678);
    const env = await n8nEnv(port);
    // The simulator's port may differ from the last run: the credential is written afresh every time.
    await importEntries(
      'import:credentials',
      [{ ...CREDENTIAL, data: { url: simulator.url, username: 'admin', password: simulator.password, ignoreSSLIssues: false } }],
      env,
    );
    // The examples only on the first run, so changes made in the editor are kept.
    const examples = existsSync(examplesDir)
      ? ['nightly-redeploy.json', 'nightly-ensure.json', 'health-check.json', 'inventory.json']
          .filter((f) => existsSync(join(examplesDir, f)))
          .map((f) => JSON.parse(readFileSync(join(examplesDir, f), 'utf8')))
      : [];
    if (firstRun && examples.length) await importEntries('import:workflow', examples, env);

    say('Starting n8n ...');
    n8n = spawn(nodeBin, [n8nBin, 'start'], { env, cwd: userFolder, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    for (const stream of [n8n.stdout, n8n.stderr]) {
      let rest = '';
      stream.on('data', (chunk) => {
        const lines = (rest + chunk).split('\n');
        rest = lines.pop();
        for (const line of lines) if (line.trim()) say(`n8n    | ${line}`);
      });
    }
    n8n.on('exit', (code) => {
      if (!stopping) void stopAll(`n8n exited (code ${code})`, 1);
    });
    const url = `http://127.0.0.1:${port}`;
    await waitUntilReady(url, n8n);

    say('');
    say('================================================================================');
    say(' SecureEdge in n8n is running');
    say('');
    say(` n8n editor:        ${url}/`);
    say(
      ` Simulated device:  ${simulator.url}  (username admin, password ${
        password ? 'as set in SECUREEDGE_DEMO_PASSWORD' : simulator.password
      })`,
    );
    say(` Example workflows: ${examples.map((w) => w.name).join(', ') || '(none found in n8n-workflows/)'}`);
    say('');
    say(
      firstRun
        ? ' First visit: n8n asks you to create its owner account (kept on this machine only).'
        : ' Log in with the owner account you created on the first visit.',
    );
    say(' Open an example workflow and click "Execute workflow"; the device lines below show');
    say(` what reached the device. Every example uses the credential "${CREDENTIAL.name}", pointed at`);
    say(' the simulator; to use a real device, change its URL and password (see the README).');
    say(` n8n keeps its data in ${userFolder}; delete that folder to start afresh.`);
    say('');
    say(' Press Ctrl-C to stop.');
    say('================================================================================');
  } catch (err) {
    process.stderr.write(`npm run start:n8n: ${err.message}\n`);
    await stopAll('error', 1);
  }
}

main();
