/**
 * Node-RED 4.1 on Node 20, as on older SecureEdge devices and PCs: this package, installed from
 * `npm pack` with that Node's npm, loads every node type there and runs one operation against the
 * simulator end to end. Node-RED 4.1 comes from test/compat/node-red-4 (its own package.json and
 * committed lockfile), installed with `npm ci` when missing (support/node-red-4.ts).
 */
import type { RunningSimulator } from '../../simulator';
import { startTestSimulator } from '../support/simulator';
import { nodeRed4 } from './support/node-red-4';
import { startNodeRedUnderTest, type NodeRedUnderTest } from './support/node-red-under-test';
import { ALL_TYPES } from '../support/node-red-types';

let sim: RunningSimulator;
let nr: NodeRedUnderTest;

beforeAll(async () => {
  const { node20, redJs, npmEnv } = await nodeRed4();
  sim = await startTestSimulator();
  nr = await startNodeRedUnderTest({ label: 'compat-nr4', redJs, nodeBinary: node20.binary, npmEnv });
}, 240_000);

afterAll(async () => {
  await nr?.stop();
  await sim?.close();
});

test('Node-RED 4.1 runs on Node 20', () => {
  expect(nr.red.lines.join('\n')).toMatch(/Node-RED version: v4\.1\./);
  expect(nr.red.lines.join('\n')).toMatch(/Node\.js {2}version: v20\./);
});

test('every SecureEdge node type is registered', async () => {
  const types = await nr.admin.nodeTypes();
  const expected = ALL_TYPES;
  expect(types).toEqual(expect.arrayContaining(expected));
  expect(nr.problems().filter((l) => /secureedge/i.test(l))).toEqual([]);
});

test('list images runs against the simulator and its result reaches the debug sidebar', async () => {
  const flows = [
    { id: 'compat-tab', type: 'tab', label: 'compat' },
    {
      id: 'compat-device',
      type: 'secureedge-device',
      name: 'simulator',
      url: sim.url,
      timeout: 30,
      credentials: { username: 'admin', password: sim.password },
    },
    {
      id: 'compat-inject',
      type: 'inject',
      z: 'compat-tab',
      props: [{ p: 'payload' }],
      payload: '',
      payloadType: 'date',
      wires: [['compat-list']],
    },
    { id: 'compat-list', type: 'secureedge-list-images', z: 'compat-tab', device: 'compat-device', wires: [['compat-debug']] },
    {
      id: 'compat-debug',
      type: 'debug',
      z: 'compat-tab',
      active: true,
      tosidebar: true,
      complete: 'payload',
      targetType: 'msg',
      wires: [],
    },
  ];
  await nr.admin.deploy(flows);
  const debug = nr.admin.waitForDebug((d) => d.id === 'compat-debug');
  const status = nr.admin.waitForStatus('compat-list', (s) => s.fill === 'green');
  await nr.admin.inject('compat-inject');
  const images = (await debug).value as Array<{ name: string; tag: string }>;
  expect(images.map((i) => `${i.name}:${i.tag}`).sort()).toEqual(
    sim.control
      .images()
      .map((i) => `${i.name}:${i.tag}`)
      .sort(),
  );
  expect((await status).text).toBeTruthy();
  expect(sim.control.requestCount({ method: 'GET', pathPrefix: '/api/v1/docker/images' })).toBeGreaterThan(0);
});
