/**
 * The example flows in examples/node-red/, imported as they are (only the device's URL and
 * credentials pointed at a simulator, as the demo does), run in Node-RED 5's runtime with the
 * core nodes they use; each is triggered like a click on its inject button, and the
 * simulator's state must change as the flow says.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningSimulator } from '../../simulator';
import { recordForScan } from '../support/secrets';
import { helper, registerCoreNodesOnce, secureEdgeNodes, waitUntil, type FlowNode, type Msg } from './harness';
import { seedContainers, stateOf } from './seed';
import { DEFAULT_DEVICE_URL, SecureEdgeClient } from '../../core';
import { deviceEachTest } from './one-device';

const EXAMPLES = join(__dirname, '../../examples/node-red');
const DEMO_DEVICE = 'secureedge-demo-device';
const core = (path: string) => require(join(require.resolve('@node-red/nodes/package.json'), '..', 'core', path));
const coreNodes = [
  'common/20-inject.js',
  'common/21-debug.js',
  'common/90-comment.js',
  'function/10-switch.js',
  'function/15-change.js',
  'sequence/17-split.js',
].map(core);

function example(file: string): FlowNode[] {
  return JSON.parse(readFileSync(join(EXAMPLES, file), 'utf8'));
}

let sim: RunningSimulator;
/** Messages each debug node received, by debug node id. */
let debugged: Record<string, Msg[]>;

async function run(file: string, change: (n: FlowNode) => FlowNode = (n) => n): Promise<void> {
  const flow = example(file).map((n) => change(n.id === DEMO_DEVICE ? { ...n, url: sim.url } : n));
  registerCoreNodesOnce();
  await helper.load([secureEdgeNodes, ...coreNodes], flow, { [DEMO_DEVICE]: { username: 'admin', password: sim.password } });
  debugged = {};
  for (const n of flow.filter((f) => f.type === 'debug')) {
    debugged[n.id] = [];
    helper.getNode(n.id).on('input', (msg: Msg) => {
      recordForScan(`example ${file} debug ${n.id}`, msg);
      debugged[n.id].push(msg);
    });
  }
}

const click = (injectId: string) => helper.getNode(injectId).receive({});
const received = (debugId: string, count = 1) =>
  waitUntil(`${count} msg(s) at ${debugId}`, () => debugged[debugId].length >= count).then(() => debugged[debugId][count - 1]);

deviceEachTest((s) => (sim = s));

test('every example is an importable array with a tab, the one demo device, and together they use every node type', () => {
  const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.json'));
  expect(files.sort()).toEqual([
    'alert-on-stop.json',
    'clean-up.json',
    'health-check.json',
    'inventory.json',
    'nightly-ensure.json',
    'nightly-redeploy.json',
  ]);
  const used = new Set<string>();
  const ids = new Set<string>();
  for (const f of files) {
    const flow = example(f);
    expect(Array.isArray(flow)).toBe(true);
    expect(flow.filter((n) => n.type === 'tab')).toHaveLength(1);
    const devices = flow.filter((n) => n.type === 'secureedge-device');
    expect(devices).toEqual([expect.objectContaining({ id: DEMO_DEVICE, url: DEFAULT_DEVICE_URL })]);
    expect(JSON.stringify(devices)).not.toMatch(/password|credentials/);
    for (const n of flow) {
      if (n.type.startsWith('secureedge-') && n.type !== 'secureedge-device') expect(n.device).toBe(DEMO_DEVICE);
      used.add(n.type);
      // Ids are unique across the examples (the device aside), so they can be deployed together.
      if (n.id !== DEMO_DEVICE) {
        expect(ids.has(n.id)).toBe(false);
        ids.add(n.id);
      }
    }
  }
  const html = readFileSync(join(__dirname, '../../dist/nodes/node-red/secureedge.html'), 'utf8');
  const registered = [...html.matchAll(/registerType\(['"](secureedge-[a-z-]+)['"]|registerOperation\(['"](secureedge-[a-z-]+)['"]/g)].map(
    (m) => m[1] ?? m[2],
  );
  expect(registered).toHaveLength(15);
  for (const type of registered) expect(used).toContain(type);
});

test('nightly redeploy: the button replaces the running container with the spec of the redeploy node', async () => {
  await seedContainers(sim, ['web'], { start: true });
  await run('nightly-redeploy.json');
  click('nightly-inject');
  const report = (await received('nightly-report')).payload;
  expect(report).toMatchObject({ name: 'web', replaced: true, running_state: 'running' });
  expect(sim.control.containers()).toEqual([
    expect.objectContaining({
      name: 'web',
      image: 'nginx',
      tag: 'latest',
      state: 'running',
      ports: [{ source: 80, destination: 8080, protocol: 'tcp' }],
      volumes: [{ name: 'web-content', destination: '/usr/share/nginx/html' }],
      networks: ['machine-builder'],
      env: [{ key: 'NGINX_PORT', value: '80' }],
    }),
  ]);
  expect(debugged['nightly-failed']).toEqual([]);
});

test('nightly redeploy: a failure reaches the Catch node and its debug node, with the code', async () => {
  sim.control.injectOnce(
    { method: 'POST', path: '/api/v1/docker/containers' },
    { kind: 'status', status: 500, body: '{"error":"disk full"}' },
  );
  await run('nightly-redeploy.json');
  click('nightly-inject');
  const failed = await received('nightly-failed');
  expect(failed.error.code).toBe('DEVICE_ERROR');
  expect(failed.error.message).toMatch(/stopped at step 'create'/);
  expect(debugged['nightly-report']).toEqual([]);
});

test('nightly redeploy: a create that fails puts the old web back (rolled back), and the Catch node says so', async () => {
  await seedContainers(sim, ['web'], { start: true });
  sim.control.injectOnce(
    { method: 'POST', path: '/api/v1/docker/containers' },
    { kind: 'status', status: 500, body: '{"error":"disk full"}' },
  );
  await run('nightly-redeploy.json');
  click('nightly-inject');
  const failed = await received('nightly-failed');
  expect(failed.error.cause.details.rolledBack).toBe(true);
  expect(failed.error.message).toMatch(/runs again as before/);
  expect(sim.control.containers()).toEqual([expect.objectContaining({ name: 'web', state: 'running', ports: [] })]);
});

test('nightly ensure: creates web when missing, the next night restarts nothing, the dry-run button only plans', async () => {
  await run('nightly-ensure.json');
  click('ensure-inject');
  const first = (await received('ensure-report')).payload;
  expect(first).toMatchObject({
    ok: true,
    changes: 1,
    containers: [{ name: 'web', action: 'create', outcome: 'done', running_state: 'running' }],
  });
  expect(sim.control.containers()).toEqual([
    expect.objectContaining({
      name: 'web',
      state: 'running',
      ports: [{ source: 80, destination: 8080, protocol: 'tcp' }],
      env: [{ key: 'NGINX_PORT', value: '80' }],
    }),
  ]);

  sim.control.clearRequests();
  click('ensure-inject');
  const second = (await received('ensure-report', 2)).payload;
  expect(second).toMatchObject({ ok: true, changes: 0, containers: [{ name: 'web', action: 'none', outcome: 'unchanged' }] });
  expect(sim.control.requests.filter((r) => r.method !== 'GET' && r.path !== '/auth/login')).toEqual([]);

  sim.control.setContainerState('web', 'exited');
  click('ensure-plan-inject');
  const planned = (await received('ensure-report', 3)).payload;
  expect(planned).toMatchObject({ dryRun: true, changes: 1, containers: [{ name: 'web', action: 'start', outcome: 'planned' }] });
  expect(sim.control.requests.filter((r) => r.method !== 'GET' && r.path !== '/auth/login')).toEqual([]);
  expect(debugged['ensure-failed']).toEqual([]);
});

test('health check: a missing container is created and started; a stopped one started; a running one left alone', async () => {
  await run('health-check.json');
  click('health-inject');
  expect((await received('health-restarted')).payload).toMatchObject({ name: 'web', running_state: 'running' });
  expect(sim.control.containers()).toEqual([
    expect.objectContaining({ name: 'web', state: 'running', ports: [{ source: 80, destination: 8080, protocol: 'tcp' }] }),
  ]);

  sim.control.setContainerState('web', 'exited');
  const creates = sim.control.requestCount({ method: 'POST', pathPrefix: '/api/v1/docker/containers' });
  click('health-inject');
  expect((await received('health-restarted', 2)).payload.running_state).toBe('running');
  expect(stateOf(sim, 'web')).toBe('running');
  // Started, not created again.
  expect(sim.control.requestCount({ method: 'POST', pathPrefix: '/api/v1/docker/containers' })).toBe(creates + 1);

  click('health-inject');
  expect((await received('health-ok')).payload).toEqual({ name: 'web', running_state: 'running' });
  // The demo stays quiet while all is well: that debug node shows a status, not a sidebar line every minute.
  expect(
    JSON.parse(readFileSync(join(EXAMPLES, 'health-check.json'), 'utf8')).find((n: { id: string }) => n.id === 'health-ok'),
  ).toMatchObject({ tosidebar: false, tostatus: true });
  expect(debugged['health-failed']).toEqual([]);
});

test('health check: a device that refuses the password ends at "health check failed" with AUTH_FAILED', async () => {
  await run('health-check.json');
  // Changed on the device after deploy (the nodes log in on first use, with the old password).
  sim.control.setOptions({ password: 'changed-on-device' });
  click('health-inject');
  expect((await received('health-failed')).error.code).toBe('AUTH_FAILED');
});

test('inventory: every image with its details, every container with state, image and ports', async () => {
  await seedContainers(sim, ['alpha', 'beta']);
  sim.control.setContainerState('beta', 'running');
  await run('inventory.json');
  click('inventory-images-inject');
  const images = (await received('inventory-images-out')).payload;
  expect(images).toEqual(
    sim.control.images().map((i) => expect.objectContaining({ name: i.name, tag: i.tag, size: i.size, platforms: i.platforms })),
  );
  click('inventory-containers-inject');
  const containers = (await received('inventory-containers-out')).payload;
  expect(containers).toEqual(
    sim.control.containers().map((c) => ({ name: c.name, running_state: c.state, image: `${c.image}:${c.tag}`, ports: [] })),
  );
});

test('clean up: stops, removes the container and its volume, taking the targets from the msg', async () => {
  await seedContainers(sim, ['web', 'other'], { start: true, volumes: { web: 'web-content' } });
  await run('clean-up.json');
  click('cleanup-inject');
  const done = await received('cleanup-done');
  expect(done.payload).toEqual({ name: 'web-content', action: 'remove-volume' });
  expect(done.container).toBe('web');
  expect(sim.control.containers().map((c) => c.name)).toEqual(['other']);
  expect(sim.control.volumes()).not.toContain('web-content');
  expect(debugged['cleanup-failed']).toEqual([]);
});

test('alert on stop: a container that stops, one that is removed and an unreachable device each give one alert; a start gives none', async () => {
  await seedContainers(sim, ['web', 'db'], { start: true });
  // The only change to the shipped flow: poll every second instead of every 10, to keep the test short.
  await run('alert-on-stop.json', (n) => (n.type === 'secureedge-watch' ? { ...n, interval: 1 } : n));
  await waitUntil('the baseline poll', () => sim.control.requestCount({ pathPrefix: '/api/v1/docker/containers/db/status' }) >= 1);
  sim.control.setContainerState('web', 'exited');
  expect((await received('alert-debug')).payload).toMatch(/^Container web stopped: running -> exited at \d{4}-/);
  sim.control.setContainerState('web', 'running'); // started again: a change, but nothing to alert about
  const client = new SecureEdgeClient({ url: sim.url, password: sim.password });
  try {
    await waitUntil('the start to be seen', () => sim.control.requestCount({ pathPrefix: '/api/v1/docker/containers/web/status' }) >= 3);
    await client.stopContainer('db');
    await client.removeContainer('db');
  } finally {
    await client.close();
  }
  expect((await received('alert-debug', 2)).payload).toMatch(/^Container db was removed \(it was (running|exited)\)/);
  sim.control.setFaults({ errorRate: 1, errorStatuses: [500] });
  const unreachable = await received('alert-debug', 3);
  expect(unreachable.payload).toMatch(/^SecureEdge device unreachable: /);
  expect(unreachable.alert).toMatchObject({ event: 'unreachable', error: { code: 'DEVICE_ERROR' } });
  await new Promise((r) => setTimeout(r, 2500));
  expect(debugged['alert-debug']).toHaveLength(3);
});
