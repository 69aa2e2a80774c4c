// `npm start`: the demo. Starts the simulator (a SecureEdge on loopback) and a real Node-RED
// (127.0.0.1) with this package installed from `npm pack` and every example flow deployed,
// pointed at the simulator; prints the editor URL. Ctrl-C stops both.
//
// Runs after `npm run build` (the package is packed from dist/). Environment, all optional:
//   SECUREEDGE_DEMO_PORT         Node-RED's port (default 1880, or the next free one; 0 = any)
//   SECUREEDGE_DEMO_DEVICE_PORT  the simulator's port (default 18484, or the next free one; 0 = any)
//   SECUREEDGE_DEMO_PASSWORD     the simulated device's password (default: the simulator's "secureedge")
//   SECUREEDGE_DEMO_DIR          where the Node-RED user directory lives (default .demo/ in the repo)
import { createRequire } from 'node:module';
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { freePort } = require('../tools/free-port.cjs');
const { packPackage, installIntoUserDir } = require('../tools/node-red/install-package.cjs');
const { writeSettingsFile } = require('../tools/node-red/settings-file.cjs');
const { startNodeRed } = require('../tools/node-red/red-process.cjs');
const { connectAdmin } = require('../tools/node-red/admin-client.cjs');
const { exampleFlowsFor, DEMO_DEVICE_ID } = require('../tools/node-red/example-flows.cjs');

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const demoDir = process.env.SECUREEDGE_DEMO_DIR || join(root, '.demo');
const userDir = join(demoDir, 'node-red');
const examplesDir = join(root, 'examples', 'node-red');
const say = (line = '') => process.stdout.write(`${line}\n`);

/** A port from the environment ("0" = any free one), else the preferred one or the next free one. */
async function portFrom(envName, preferred) {
  const raw = process.env[envName];
  if (raw === undefined || raw === '') return freePort(preferred);
  if (!/^\d+$/.test(raw) || Number(raw) > 65535) throw new Error(`${envName} must be a port number, got "${raw}"`);
  return Number(raw);
}

function requireBuilt() {
  const missing = ['dist/simulator/index.js', 'dist/nodes/node-red'].filter((p) => !existsSync(join(root, p)));
  if (missing.length)
    throw new Error(`not built (${missing.join(', ')} missing): run \`npm start\`, which builds first, or \`npm run build\``);
}

async function main() {
  let simulator;
  let nodeRed;
  let admin;
  let stopping = false;
  async function stopAll(reason, exitCode) {
    if (stopping) return;
    stopping = true;
    say(`\n${reason}: stopping Node-RED and the simulator...`);
    admin?.close();
    const how = nodeRed ? await nodeRed.stop() : undefined;
    await simulator?.close();
    say(`stopped${how && how.code !== 0 && how.code !== null ? ` (Node-RED exited with ${how.code})` : ''}.`);
    process.exit(exitCode);
  }
  // Ctrl-C in a terminal signals the whole process group, Node-RED included; it stops on its own
  // and stopAll() just waits for it. A second Ctrl-C gives up waiting.
  let interrupts = 0;
  process.on('SIGINT', () => (++interrupts > 1 ? process.exit(130) : stopAll('Ctrl-C', 0)));
  process.on('SIGTERM', () => stopAll('SIGTERM', 0));

  try {
    requireBuilt();
    const { startSimulator } = require(join(root, 'dist/simulator/index.js'));
    const password = process.env.SECUREEDGE_DEMO_PASSWORD || undefined;
    simulator = await startSimulator({
      port: await portFrom('SECUREEDGE_DEMO_DEVICE_PORT', 18484),
      host: '127.0.0.1',
      password,
      recordLimit: 1000,
      onRequest: (r) => say(`device   | ${r.method} ${r.path} -> ${r.status || 'dropped'}`),
    });

    say(`Installing this package into a Node-RED user directory (${userDir}) ...`);
    mkdirSync(demoDir, { recursive: true });
    // A tarball of the same version does not always replace the copy installed last time.
    rmSync(join(userDir, 'node_modules', 'n8n-nodes-ixon-secureedge'), { recursive: true, force: true });
    const tarball = await packPackage(root, demoDir);
    await installIntoUserDir(userDir, tarball);
    // The example flows replace whatever the last demo run left deployed; keep a copy of that.
    const previous = join(userDir, 'flows.previous.json');
    const keptPrevious = existsSync(join(userDir, 'flows.json'));
    if (keptPrevious) copyFileSync(join(userDir, 'flows.json'), previous);
    rmSync(join(userDir, 'flows_cred.json'), { force: true });
    const settingsFile = writeSettingsFile(userDir, { port: await portFrom('SECUREEDGE_DEMO_PORT', 1880) });

    nodeRed = await startNodeRed({
      redJs: join(root, 'node_modules', 'node-red', 'red.js'),
      userDir,
      settingsFile,
      onLine: (line) => say(`node-red | ${line}`),
    });
    nodeRed.exited.then(({ code }) => {
      if (!stopping) void stopAll(`Node-RED exited (code ${code})`, 1);
    });
    admin = await connectAdmin(nodeRed.url);
    const flows = existsSync(examplesDir)
      ? exampleFlowsFor(examplesDir, { url: simulator.url, username: 'admin', password: simulator.password })
      : [];
    await admin.deploy(flows);
    const tabs = flows.filter((n) => n.type === 'tab').map((n) => n.label);

    say('');
    say('================================================================================');
    say(' SecureEdge demo is running');
    say('');
    say(` Node-RED editor:   ${nodeRed.url}/`);
    say(` Simulated device:  ${simulator.url}  (username admin, password ${simulator.password})`);
    say(` Example flows:     ${tabs.length ? tabs.join(', ') : '(none found in examples/node-red)'}`);
    say('');
    say(' Open the editor, pick a flow tab, click the button of an inject node, and watch');
    say(' the Debug messages in the sidebar on the right (bug icon), and the device lines below.');
    say(` Every example uses the config node "${DEMO_DEVICE_ID}", pointed at the simulator;`);
    say(' to use a real device instead, change its URL and password (see the README).');
    say(' The examples are deployed afresh on each start.');
    if (keptPrevious) say(` The flows of the last run are kept in ${previous}`);
    say('');
    say(' Press Ctrl-C to stop.');
    say('================================================================================');
  } catch (err) {
    process.stderr.write(`npm start: ${err.message}\n`);
    await stopAll('error', 1);
  }
}

main();
