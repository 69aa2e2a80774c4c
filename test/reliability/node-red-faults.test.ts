/**
 * The fault suite through Node-RED: the built nodes in Node-RED's runtime (the Node-RED tests'
 * harness), against a simulator whose faults are switched on. Every fault ends as a msg out or
 * a Catch with a coded error that says what state the device is in, every change is done at
 * most once, and the runtime goes on serving the next message.
 */
import { SECUREEDGE_ERROR_CODES } from '../../core';
import type { RunningSimulator } from '../../simulator';
import { helper, inject, loadFlow, op, unloadAndScan, waitUntil, type FlowNode, type Msg, type Observed } from '../node-red/harness';
import { seedContainers, stateOf } from '../node-red/seed';
import { NGINX_SPEC } from '../support/client';
import { startTestSimulator } from '../support/simulator';
import { answered, C, received, requestArrived } from './helpers';

let sim: RunningSimulator;
beforeAll(() => helper.startServer());
afterAll(() => helper.stopServer());
afterEach(async () => {
  await unloadAndScan();
  await sim.close();
});

async function device(options: Parameters<typeof startTestSimulator>[0] = {}) {
  sim = await startTestSimulator(options);
  return sim;
}

// Every code but CANCELLED: nothing cancels here, so a CANCELLED would be a fault let through.
const CODES = SECUREEDGE_ERROR_CODES.filter((c) => c !== 'CANCELLED');

/** A status node on a second id, to show the runtime still serves messages after a fault. */
async function stillServes(seen: Observed, nodeId = 'alive'): Promise<void> {
  const outs = seen.out.length;
  inject(nodeId, { container: 'web' });
  const msg = await seen.nextOut(outs + 1);
  expect(msg.payload).toEqual({ name: 'web', running_state: stateOf(sim, 'web') });
}
const alive = (): FlowNode => op('container-status', {}, 'alive');

test('every session expires in the middle of a redeploy node: it ends running, each step once', async () => {
  await device();
  await seedContainers(sim, ['web'], { start: true });
  const seen = await loadFlow(sim, [op('redeploy', { specSource: 'msg' })]);
  sim.control.clearRequests();
  sim.control.setOptions({
    onRequest: (r) => {
      if (r.method === 'POST' && r.path === `${C}/web/stop` && r.status === 200) sim.control.expireAllSessions();
    },
  });
  inject('op1', { payload: { ...NGINX_SPEC, environment_variables: [{ key: 'PORT', value: '9090' }] } });
  const out = await seen.nextOut();
  expect(out.payload).toMatchObject({ name: 'web', replaced: true, running_state: 'running' });
  // The node's first login, and one more after the expiry; the one rejected request was repeated once.
  expect(sim.control.loginCount()).toBe(2);
  expect(sim.control.requests.filter((r) => r.status === 401)).toHaveLength(1);
  for (const [m, p] of [
    ['POST', `${C}/web/stop`],
    ['DELETE', `${C}/web`],
    ['POST', C],
    ['POST', `${C}/web/start`],
  ]) {
    expect([m, p, answered(sim, m, p)]).toEqual([m, p, 1]);
  }
  expect(seen.badges().at(-1)).toMatchObject({ fill: 'green', shape: 'dot' });
  expect(seen.caught).toEqual([]);
});

test('every session expires while 100 msgs are in flight: 100 answers, exactly 1 login, nothing caught', async () => {
  await device();
  await seedContainers(sim, ['web']);
  const seen = await loadFlow(sim, [op('container-status')]);
  inject('op1', { container: 'web' });
  await seen.nextOut();
  sim.control.clearRequests();
  sim.control.setFaults({ latencyMs: 40 });
  for (let i = 0; i < 100; i++) inject('op1', { container: 'web', i });
  await requestArrived(sim, (r) => r.path.startsWith('/api/'));
  sim.control.expireAllSessions();
  await seen.until('101 answers', () => seen.out.length === 101, 20_000);
  expect(seen.caught).toEqual([]);
  expect(sim.control.loginCount()).toBe(1);
  expect(new Set(seen.out.slice(1).map((m) => m.i)).size).toBe(100);
});

test('a wrong password: each of 20 msgs is caught as AUTH_FAILED, at most one login each; another device on the same runtime still works', async () => {
  await device();
  await seedContainers(sim, ['web']);
  const good: FlowNode = {
    id: 'dev2',
    type: 'secureedge-device',
    name: 'good device',
    url: sim.url,
    timeout: '10',
    acceptSelfSigned: false,
  };
  const seen = await loadFlow(sim, [op('start-container'), good, { ...alive(), device: 'dev2' }], {
    credentials: { dev1: { username: 'admin', password: 'Not+The/Password=' }, dev2: { username: 'admin', password: sim.password } },
  });
  for (let i = 0; i < 20; i++) inject('op1', { container: 'web' });
  await seen.until('20 caught', () => seen.caught.length === 20);
  for (const c of seen.caught) {
    expect(c.error.code).toBe('AUTH_FAILED');
    expect(c.error.message).toMatch(/^AUTH_FAILED: .*sticker/);
  }
  expect(seen.badges('op1').at(-1)).toMatchObject({ fill: 'red', text: 'AUTH_FAILED' });
  expect(sim.control.loginCount()).toBeLessThanOrEqual(20);
  expect(received(sim, 'POST', `${C}/web/start`)).toBe(0);
  await stillServes(seen);
});

test('a device restart during a start: Catch gets NETWORK with the state found, the start was sent once; the next msg works', async () => {
  await device();
  await seedContainers(sim, ['web']);
  const seen = await loadFlow(sim, [op('start-container'), alive()]);
  await stillServes(seen); // logs in
  sim.control.clearRequests();
  sim.control.setFaults({ latencyMs: 400 }); // still in flight when the restart comes, even on a busy machine
  inject('op1', { container: 'web' });
  await requestArrived(sim, (r) => r.path === `${C}/web/start`);
  await sim.control.restart({ downMs: 150 });
  sim.control.setFaults({ latencyMs: 0 });
  const caught = await seen.nextCaught();
  expect(caught.error.code).toBe('NETWORK');
  expect(caught.error.message).toMatch(/may or may not have done it.*now 'created'/);
  expect(caught.error.cause.details).toMatchObject({ running_state: 'created' });
  expect(received(sim, 'POST', `${C}/web/start`)).toBe(1);
  await stillServes(seen);
});

test('504 on create: waited for (1 s background creation); past the node timeout: CREATE_PENDING, one POST each', async () => {
  const big = { name: 'acme/plant-app', tag: '3.1', size: 480_000_000, platforms: ['linux/arm64/v8'], environment: [] };
  await device({
    gatewayTimeoutMs: 200,
    images: [
      { ...big, createMs: 1000 },
      { ...big, tag: '3.2', createMs: 3000 },
    ],
  });
  const seen = await loadFlow(sim, [op('create-container', { specSource: 'msg', timeout: '1.5' })]);
  inject('op1', { payload: { container: { name: 'plant' }, image: { name: big.name, tag: '3.1' } } });
  const out = await seen.nextOut();
  expect(out.payload).toMatchObject({ name: 'plant', created: true, createAnswer: 504 });

  inject('op1', { payload: { container: { name: 'plant2' }, image: { name: big.name, tag: '3.2' } } });
  const caught = await seen.nextCaught();
  expect(caught.error.code).toBe('CREATE_PENDING');
  expect(caught.error.message).toMatch(/Do not create it again/);
  expect(received(sim, 'POST', C)).toBe(2);
  expect(sim.control.pendingContainers()).toEqual(['plant2']);
});

test('a share of 500/502/503 answers: every msg ends out or caught with a code; starts and stops done at most once per msg', async () => {
  await device({ seed: 1880 });
  await seedContainers(sim, ['web']);
  const seen = await loadFlow(sim, [op('container-status'), op('start-container', {}, 'start'), op('stop-container', {}, 'stop')]);
  sim.control.setFaults({ errorRate: 0.3 });
  let sent = 0;
  for (let i = 0; i < 30; i++) {
    const before = seen.out.length + seen.caught.length;
    const target = i % 3 === 0 ? 'op1' : stateOf(sim, 'web') === 'running' ? 'stop' : 'start';
    const path = target === 'op1' ? undefined : `${C}/web/${target}`;
    const posts = path ? received(sim, 'POST', path) : 0;
    inject(target, { container: 'web' });
    sent++;
    await seen.until(`answer ${sent}`, () => seen.out.length + seen.caught.length > before);
    if (path) expect(received(sim, 'POST', path) - posts).toBe(1);
  }
  expect(seen.out.length + seen.caught.length).toBe(sent);
  for (const c of seen.caught) expect(CODES).toContain(c.error.code);
  expect(seen.caught.length).toBeGreaterThan(0);
  sim.control.clearFaults();
  inject('op1', { container: 'web' });
  expect((await seen.nextOut(seen.out.length + 1)).payload.name).toBe('web');
});

test.each(['truncated-json', 'html', 'empty'] as const)(
  'a %s answer to a status read is caught as BAD_RESPONSE; the next msg works',
  async (kind) => {
    await device();
    await seedContainers(sim, ['web']);
    const seen = await loadFlow(sim, [op('container-status'), alive()]);
    sim.control.injectOnce({ method: 'GET', path: `${C}/web/status` }, { kind });
    inject('op1', { container: 'web' });
    const caught: Msg = await seen.nextCaught();
    expect(caught.error.code).toBe('BAD_RESPONSE');
    expect(caught.error.message).toContain(`GET ${C}/web/status`);
    await stillServes(seen);
  },
);

test('a device slower than the node timeout: TIMEOUT caught, the start not sent again; the runtime goes on', async () => {
  await device();
  await seedContainers(sim, ['web']);
  const seen = await loadFlow(sim, [op('start-container'), alive()], {
    device: { id: 'dev1', type: 'secureedge-device', name: 'slow', url: sim.url, timeout: '0.2', acceptSelfSigned: false },
  });
  await stillServes(seen);
  sim.control.setFaults({ latencyMs: 1000 });
  inject('op1', { container: 'web' });
  const caught = await seen.nextCaught();
  expect(caught.error.code).toBe('TIMEOUT');
  sim.control.setFaults({ latencyMs: 0 });
  // The device does the late start it was sent; no second one ever comes.
  await waitUntil('the late start', () => stateOf(sim, 'web') === 'running');
  expect(received(sim, 'POST', `${C}/web/start`)).toBe(1);
  await stillServes(seen);
});
