/**
 * The example flows (examples/node-red/*.json), end to end: a real Node-RED 5 with this package
 * installed from `npm pack`, every example deployed through the admin API and pointed at a
 * simulator, inject buttons pressed as a user would, and the simulated device's state checked
 * to have changed the way each flow says it does.
 */
import { SecureEdgeClient } from '../../core';
import type { RunningSimulator } from '../../simulator';
import { exampleFlowsFor, listExampleFlows, DEMO_DEVICE_ID, type FlowNode } from '../../tools/node-red/example-flows.cjs';
import { recordForScan } from '../support/secrets';
import { startTestSimulator } from '../support/simulator';
import { EXAMPLES_DIR, startNodeRedUnderTest, type NodeRedUnderTest } from './support/node-red-under-test';
import { OPERATION_TYPES } from '../support/node-red-types';
import { DEFAULT_DEVICE_URL } from '../../core';

/** The debug nodes the examples' Catch nodes feed: none of them may ever show a message here. */
const FAILURE_DEBUGS = ['nightly-failed', 'health-failed', 'cleanup-failed', 'inventory-failed'];

let sim: RunningSimulator;
let nr: NodeRedUnderTest;
let flows: FlowNode[];

/**
 * The examples run on a schedule (nightly cron, health check every minute). The test presses
 * their buttons instead; a timer firing in the middle of an assertion would make the outcome
 * depend on the clock, so the test's copy has no schedules (the test below checks the originals do).
 */
function withoutSchedules(nodes: FlowNode[]): FlowNode[] {
  return nodes.map((n) => (n.type === 'inject' ? { ...n, repeat: '', crontab: '', once: false } : n));
}

/** Press an inject button; resolve with the first message that reaches one of `debugIds`. */
async function press(injectId: string, debugIds: string[]) {
  const reached = nr.admin.waitForDebug((d) => debugIds.includes(d.id), {
    what: `debug output of ${debugIds.join(' or ')}`,
    timeoutMs: 30_000,
  });
  await nr.admin.inject(injectId);
  const debug = await reached;
  recordForScan(`debug ${debug.id}`, debug);
  return debug;
}

const web = () => sim.control.containers().find((c) => c.name === 'web');

beforeAll(async () => {
  sim = await startTestSimulator();
  nr = await startNodeRedUnderTest({ label: 'examples' });
  flows = exampleFlowsFor(EXAMPLES_DIR, { url: sim.url, username: 'admin', password: sim.password });
  await nr.admin.deploy(withoutSchedules(flows));
}, 120_000);

afterAll(async () => {
  await nr?.stop();
  await sim?.close();
});

afterEach(() => {
  const failures = nr.admin.debugMessages().filter((d) => FAILURE_DEBUGS.includes(d.id));
  expect(failures).toEqual([]);
});

describe('the examples as files', () => {
  test('together they use every SecureEdge node, all through the one demo device', () => {
    const used = new Set(flows.map((n) => n.type));
    expect(OPERATION_TYPES.filter((t) => !used.has(t))).toEqual([]);
    const devices = flows.filter((n) => n.type === 'secureedge-device');
    expect(devices.map((d) => d.id)).toEqual([DEMO_DEVICE_ID]);
    for (const node of flows.filter((n) => OPERATION_TYPES.includes(n.type))) expect(node.device).toBe(DEMO_DEVICE_ID);
  });

  test('the files point at the real device default and carry no password', () => {
    for (const { file, nodes } of listExampleFlows(EXAMPLES_DIR)) {
      const device = nodes.find((n) => n.type === 'secureedge-device');
      expect({ file, url: device?.url }).toEqual({ file, url: DEFAULT_DEVICE_URL });
      expect(JSON.stringify(nodes)).not.toMatch(/"credentials"|"password"/);
    }
  });

  test('the nightly redeploy and the health check are scheduled', () => {
    const byId = new Map(listExampleFlows(EXAMPLES_DIR).flatMap((f) => f.nodes.map((n) => [n.id, n] as const)));
    expect(byId.get('nightly-inject')?.crontab).toBeTruthy();
    expect(Number(byId.get('health-inject')?.repeat)).toBeGreaterThan(0);
  });

  test('the deployed device node is the simulator, with the password held as a credential only', async () => {
    const { flows: deployed } = await nr.admin.getFlows();
    const device = deployed.find((n) => n.id === DEMO_DEVICE_ID);
    expect(device?.url).toBe(sim.url);
    expect(JSON.stringify(deployed)).not.toContain(sim.password);
  });
});

describe('deployed against the simulator', () => {
  test("nightly redeploy replaces a running container with the flow's spec and leaves it running", async () => {
    // Before: a `web` that runs something else, as an old deployment would.
    const client = new SecureEdgeClient({ url: sim.url, password: sim.password });
    try {
      await client.createContainer({
        container: { name: 'web' },
        image: { name: 'eclipse-mosquitto', tag: '2' },
        ports: [],
        volumes: [],
        networks: [],
        environment_variables: [],
      });
      await client.startContainer('web');
    } finally {
      await client.close();
    }
    expect(web()).toMatchObject({ image: 'eclipse-mosquitto', state: 'running' });
    sim.control.clearRequests();

    const report = await press('nightly-inject', ['nightly-report', 'nightly-failed']);
    expect(report.id).toBe('nightly-report');

    expect(web()).toMatchObject({
      image: 'nginx',
      tag: 'latest',
      state: 'running',
      ports: [{ source: 80, destination: 8080, protocol: 'tcp' }],
    });
    expect(sim.control.requestCount({ method: 'DELETE', pathPrefix: '/api/v1/docker/containers/web' })).toBe(1);
    expect(sim.control.requestCount({ method: 'POST', pathPrefix: '/api/v1/docker/containers' })).toBeGreaterThanOrEqual(2); // create + start
    const steps = (report.value as { steps?: Array<{ step: string }> }).steps?.map((s) => s.step) ?? [];
    expect(steps).toEqual(expect.arrayContaining(['stop', 'remove', 'create', 'start']));
  });

  test('health check starts a container that is not running', async () => {
    sim.control.setContainerState('web', 'exited');
    sim.control.clearRequests();
    const out = await press('health-inject', ['health-restarted', 'health-ok', 'health-failed']);
    expect(out.id).toBe('health-restarted');
    expect(web()?.state).toBe('running');
    expect(sim.control.requestCount({ method: 'POST', pathPrefix: '/api/v1/docker/containers/web/start' })).toBe(1);
  });

  test('health check leaves a running container alone, quietly: a status on its node, nothing in the debug sidebar', async () => {
    sim.control.clearRequests();
    const from = nr.admin.messages.length;
    const quiet = nr.admin.waitFor((m) => m.topic === 'status/health-ok', { what: "the running check's status", timeoutMs: 30_000 });
    await nr.admin.inject('health-inject');
    expect((await quiet).data).toMatchObject({ text: 'running' });
    expect(nr.admin.messages.slice(from).filter((m) => m.topic === 'debug')).toEqual([]);
    expect(sim.control.requestCount({ method: 'POST' })).toBe(0);
  });

  test('clean up stops and removes the container and its volume', async () => {
    expect(sim.control.volumes()).toContain('web-content');
    const out = await press('cleanup-inject', ['cleanup-done', 'cleanup-failed']);
    expect(out.id).toBe('cleanup-done');
    expect(web()).toBeUndefined();
    expect(sim.control.volumes()).not.toContain('web-content');
  });

  test('health check creates and starts a container that is missing', async () => {
    expect(web()).toBeUndefined();
    const out = await press('health-inject', ['health-restarted', 'health-ok', 'health-failed']);
    expect(out.id).toBe('health-restarted');
    expect(web()).toMatchObject({ image: 'nginx', tag: 'latest', state: 'running' });
  });

  test('inventory: every image with its details reaches the debug sidebar', async () => {
    const out = await press('inventory-images-inject', ['inventory-images-out', 'inventory-failed']);
    const images = out.value as Array<{ name: string; tag: string; size: number }>;
    const expected = sim.control.images().map((i) => ({ name: i.name, tag: i.tag, size: i.size }));
    expect(images.map((i) => ({ name: i.name, tag: i.tag, size: i.size }))).toEqual(expect.arrayContaining(expected));
    expect(images).toHaveLength(expected.length);
  });

  test('inventory: every container with its state, image and ports reaches the debug sidebar', async () => {
    const out = await press('inventory-containers-inject', ['inventory-containers-out', 'inventory-failed']);
    const containers = out.value as Array<{ name: string; running_state: string; image: string; ports: string[] }>;
    expect(containers).toEqual(
      sim.control.containers().map((c) => ({
        name: c.name,
        running_state: c.state,
        image: `${c.image}:${c.tag}`,
        ports: c.ports.map((p) => `${p.destination}->${p.source}/${p.protocol}`),
      })),
    );
  });

  test('Node-RED logged no error while the examples ran', () => {
    expect(nr.red.lines.filter((l) => /\[error\]/.test(l))).toEqual([]);
  });
});
