// Per call through Node-RED: the container-status node in Node-RED's real runtime (embedded in this
// process with RED.init/RED.start, as an application embedding Node-RED does), with the BUILT nodes
// (dist/nodes/node-red) loaded from nodesDir. One msg into the node, wait for it to come out of the
// node's wire, next msg: the time per msg, side by side with a raw request to the same device.
// (node-red-node-test-helper is not used here: it puts sinon spies on every node method, which
// would be measured too.)
import { createServer } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent } from 'undici';
import { median, round, sideBySide } from './lib/stats.mjs';
import { CONTAINER, rawSession, rawStatus, seedContainer } from './per-call.mjs';

const require = createRequire(import.meta.url);
const nodesDir = new URL('../dist/nodes/node-red', import.meta.url).pathname;

/** Start Node-RED in this process with the given flow and credentials; resolves when the flow runs. */
async function startEmbedded(flow, credentials) {
  const RED = require('node-red');
  const userDir = mkdtempSync(join(tmpdir(), 'secureedge-bench-red-'));
  // The flow is on disk before start, as a user's flows.json is (credentialSecret false: plain JSON).
  writeFileSync(join(userDir, 'flows.json'), JSON.stringify(flow));
  writeFileSync(join(userDir, 'flows_cred.json'), JSON.stringify(credentials));
  const server = createServer();
  RED.init(server, {
    userDir,
    flowFile: 'flows.json',
    nodesDir: [nodesDir],
    httpAdminRoot: false,
    httpNodeRoot: false,
    credentialSecret: false,
    editorTheme: { tours: false },
    externalModules: { autoInstall: false, palette: { allowInstall: false } },
    logging: { console: { level: process.env.BENCH_RED_LOG || 'off', metrics: false, audit: false } },
    diagnostics: { enabled: false },
    telemetry: { enabled: false },
  });
  await RED.start();
  // start() resolves before the flows run.
  for (let i = 0; i < 100 && !RED.nodes.getNode('op1'); i++) await new Promise((r) => setTimeout(r, 20));
  return {
    RED,
    version: RED.version(),
    async stop() {
      await RED.stop();
      server.close();
      rmSync(userDir, { recursive: true, force: true });
    },
  };
}

export async function nodeRedVsRaw({ url, password }, calls = 2000) {
  try {
    require.resolve('../dist/nodes/node-red/secureedge.js');
  } catch {
    return { unavailable: 'n/a (not built)' };
  }
  await seedContainer(url, password);
  const flow = [
    { id: 'tab1', type: 'tab', label: 'bench' },
    { id: 'dev1', type: 'secureedge-device', name: 'bench device', url, timeout: '30', acceptSelfSigned: false },
    {
      id: 'op1',
      type: 'secureedge-container-status',
      z: 'tab1',
      name: '',
      device: 'dev1',
      container: CONTAINER,
      containerType: 'str',
      wires: [['sink']],
    },
    { id: 'sink', type: 'junction', z: 'tab1', wires: [] },
    { id: 'catch1', type: 'catch', z: 'tab1', scope: null, uncaught: false, wires: [['caught']] },
    { id: 'caught', type: 'junction', z: 'tab1', wires: [] },
  ];
  const red = await startEmbedded(flow, { dev1: { username: 'admin', password } });
  const op = red.RED.nodes.getNode('op1');
  const sink = red.RED.nodes.getNode('sink');
  const caught = red.RED.nodes.getNode('caught');
  if (!op || !sink) {
    await red.stop();
    return { unavailable: 'n/a (the status node did not start)' };
  }
  let settle;
  sink.on('input', (msg) => settle?.(msg.payload?.running_state ? undefined : 'no status in msg.payload'));
  caught.on('input', (msg) => settle?.(`the node failed: ${msg.error?.code ?? 'error'}`));
  const viaNodeRed = () =>
    new Promise((resolve, reject) => {
      settle = (problem) => (problem ? reject(new Error(`node-red bench: ${problem}`)) : resolve());
      op.receive({ topic: 'bench' });
    });
  const agent = new Agent({ keepAliveTimeout: 10_000, connections: 16 });
  const cookie = await rawSession(agent, url, password);
  const contenders = { raw: rawStatus(agent, url, cookie), nodeRed: viaNodeRed };
  try {
    await sideBySide(contenders, { rounds: 2, block: 100 });
    const samples = await sideBySide(contenders, { rounds: 20, block: calls / 20 });
    const raw = median(samples.raw);
    const viaRed = median(samples.nodeRed);
    return { ratio: round(viaRed / raw, 3), medianMs: round(viaRed, 4), rawMedianMs: round(raw, 4), calls, nodeRed: red.version };
  } finally {
    await red.stop();
    await agent.close();
  }
}
