/**
 * Safe redeploy in Node-RED's runtime: a failed redeploy that was rolled back shows a yellow ring
 * "rolled back" and still reaches the Catch node with details.rolledBack; a preflight failure
 * sends no change; unticking Rollback keeps the vendor's behaviour; a flow redeploy or stop in the
 * middle of a redeploy leaves the old (or the new) container running, never neither.
 */
import type { RunningSimulator } from '../../simulator';
import { startTestSimulator } from '../support/simulator';
import { device, deviceCredentials, helper, inject, loadFlow, observers, op, redeployFlow, tab, unloadAndScan, type Msg } from './harness';
import { seedContainers } from './seed';

let sim: RunningSimulator;
beforeAll(async () => {
  await helper.startServer();
});
afterEach(async () => {
  await unloadAndScan();
  await sim.close();
});
afterAll(async () => {
  await helper.stopServer();
});

const NEXT = { name: 'nginx', tag: 'next', size: 1_000_000, platforms: ['linux/arm64/v8'], environment: [] };
const redeployNode = (extra: Msg = {}) =>
  op('redeploy', {
    specSource: 'editor',
    container: 'web',
    containerType: 'str',
    image: 'nginx',
    imageType: 'str',
    tag: 'next',
    tagType: 'str',
    ports: [{ containerPort: '80', routerPort: '8080', protocol: 'tcp' }],
    volumes: [],
    env: [],
    networks: 'machine-builder',
    timeout: 30,
    ...extra,
  });

async function start(): Promise<void> {
  sim = await startTestSimulator();
  sim.control.addImage(NEXT);
  await seedContainers(sim, ['web'], { start: true });
}

/** Longer than the simulator's stop and start delays, so a state change still under way has shown. */
const settled = () => new Promise((r) => setTimeout(r, 200));
const web = () => sim.control.containers().filter((c) => c.name === 'web');
const changes = () => sim.control.requests.filter((r) => r.method !== 'GET' && r.path !== '/auth/login');

test('a new container that exits is rolled back: yellow ring "rolled back", Catch gets rolledBack, the old one runs', async () => {
  await start();
  sim.control.setFaults({ startFaults: { 'nginx:next': 'exit' } });
  // A flow saved before the Rollback setting existed: no `rollback` property, so the default (on) applies.
  const seen = await loadFlow(sim, [redeployNode()]);
  inject('op1', { topic: 'nightly' });
  const caught = await seen.nextCaught();
  expect(caught.topic).toBe('nightly');
  expect(caught.error.code).toBe('DEVICE_ERROR');
  expect(caught.error.message).toMatch(/Rolled back: the old container 'web' \(nginx:latest\) runs again/);
  expect(caught.error.cause.details).toMatchObject({ rolledBack: true, failedStep: 'wait-running' });
  expect(seen.badges().at(-1)).toMatchObject({ fill: 'yellow', shape: 'ring', text: 'rolled back (DEVICE_ERROR)' });
  expect(web()).toEqual([expect.objectContaining({ tag: 'latest', state: 'running' })]);
  expect(seen.out).toEqual([]);
});

test('a tag missing from the registry fails the preflight: no POST or DELETE, red ring, old container untouched', async () => {
  await start();
  const seen = await loadFlow(sim, [redeployNode({ tag: 'no-such-tag', rollback: true })]);
  sim.control.clearRequests();
  inject('op1', {});
  const caught = await seen.nextCaught();
  expect(caught.error.code).toBe('NOT_FOUND');
  expect(caught.error.message).toMatch(/left as it was/);
  expect(changes()).toEqual([]);
  expect(seen.badges().at(-1)).toMatchObject({ fill: 'red', shape: 'ring', text: 'NOT_FOUND' });
  expect(web()).toEqual([expect.objectContaining({ tag: 'latest', state: 'running' })]);
});

test('Rollback unticked: the vendor behaviour, the error says the container is absent, red ring', async () => {
  await start();
  sim.control.injectOnce({ method: 'POST', path: '/api/v1/docker/containers' }, { kind: 'status', status: 500 });
  const seen = await loadFlow(sim, [redeployNode({ rollback: false })]);
  inject('op1', {});
  const caught = await seen.nextCaught();
  expect(caught.error.cause.details).toMatchObject({ rolledBack: false });
  expect(caught.error.message).toMatch(/Rollback is off/);
  expect(seen.badges().at(-1)).toMatchObject({ fill: 'red', shape: 'ring' });
  expect(web()).toEqual([]);
});

describe('the flow is redeployed or stopped in the middle of a redeploy', () => {
  const points: [string, string, string][] = [
    ['the stop', 'POST', '/api/v1/docker/containers/web/stop'],
    ['the removal', 'DELETE', '/api/v1/docker/containers/web'],
    ['the create', 'POST', '/api/v1/docker/containers'],
  ];

  test.each(points)('full redeploy of the flows after %s: a container named web runs afterwards', async (_label, method, path) => {
    await start();
    sim.control.setOptions({ stopDelayMs: 50, startDelayMs: 50 });
    const flow = [tab(), device(sim), redeployNode(), ...observers()];
    await loadFlow(sim, [redeployNode()]);
    let redeployed: Promise<unknown> | undefined;
    sim.control.setOptions({
      onRequest: (r) => {
        if (!redeployed && r.method === method && r.path === path) redeployed = redeployFlow(flow, 'full', deviceCredentials(sim));
      },
    });
    inject('op1', {});
    const until = Date.now() + 15_000;
    while (!redeployed && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    expect(redeployed).toBeDefined();
    // Node-RED resolves the deploy once every node has closed: the old redeploy has ended at a safe point by then.
    await redeployed;
    await settled();
    expect(web()).toEqual([expect.objectContaining({ state: 'running', tag: 'latest' })]);
  });

  test('stopping Node-RED (unload) after the removal puts the old container back before the nodes have closed', async () => {
    await start();
    sim.control.setOptions({ stopDelayMs: 50, startDelayMs: 50 });
    await loadFlow(sim, [redeployNode()]);
    let stopped: Promise<unknown> | undefined;
    sim.control.setOptions({
      onRequest: (r) => {
        if (!stopped && r.method === 'DELETE') stopped = helper.unload();
      },
    });
    inject('op1', {});
    const until = Date.now() + 15_000;
    while (!stopped && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    await stopped;
    await settled();
    expect(web()).toEqual([expect.objectContaining({ state: 'running', tag: 'latest' })]);
  });
});
