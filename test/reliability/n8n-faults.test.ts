/**
 * The fault suite through n8n: the built SecureEdge node run by n8n-core's WorkflowExecute (the
 * n8n fast tests' harness), against a simulator with faults switched on. Every fault ends as a
 * result item or an error item (Continue On Fail) / a node error with a code that says what state
 * the device is in; every change is done at most once; the next execution runs normally.
 */
import { SECUREEDGE_ERROR_CODES } from '../../core';
import type { RunningSimulator } from '../../simulator';
import { byName, N8nHarness } from '../n8n/harness';
import { NGINX_SPEC, testClient } from '../support/client';
import { startTestSimulator } from '../support/simulator';
import { answered, C, received, requestArrived } from './helpers';

let sim: RunningSimulator;
afterEach(() => sim.close());

// Every code but CANCELLED: nothing cancels here, so a CANCELLED would be a fault let through.
const CODES = SECUREEDGE_ERROR_CODES.filter((c) => c !== 'CANCELLED');

async function setup(options: Parameters<typeof startTestSimulator>[0] = {}, containers: Array<{ name: string; start?: boolean }> = []) {
  sim = await startTestSimulator(options);
  const seed = testClient(sim);
  try {
    for (const c of containers) {
      await seed.createContainer({ ...NGINX_SPEC, container: { name: c.name }, ports: [], volumes: [] });
      if (c.start) await seed.startContainer(c.name);
    }
  } finally {
    await seed.close();
  }
  const n8n = await N8nHarness.create();
  n8n.addDevice(sim);
  return n8n;
}

const status = (name = 'web', options: object = {}) => ({
  resource: 'container',
  operation: 'getStatus',
  containerName: byName(name),
  options,
});
const action = (operation: 'start' | 'stop', name = 'web') => ({ resource: 'container', operation, containerName: byName(name) });
const state = (name: string) => sim.control.containers().find((c) => c.name === name)?.state;

/** The engine is still fine: a plain status execution gives the device's real state. */
async function stillRuns(n8n: N8nHarness, credential?: string): Promise<void> {
  const result = await n8n.run([{}], [{ parameters: status(), credential }]);
  expect(result.output('SecureEdge')?.[0]?.json).toEqual({ name: 'web', running_state: state('web') });
}

test('every session expires in the middle of a redeploy: the item says running, each step done once', async () => {
  const n8n = await setup({}, [{ name: 'web', start: true }]);
  sim.control.setOptions({
    onRequest: (r) => {
      if (r.method === 'DELETE' && r.path === `${C}/web` && r.status === 200) sim.control.expireAllSessions();
    },
  });
  sim.control.clearRequests();
  const spec = { ...NGINX_SPEC, environment_variables: [{ key: 'PORT', value: '9090' }] };
  const result = await n8n.run(
    [{}],
    [{ parameters: { resource: 'container', operation: 'redeploy', specMode: 'json', specJson: JSON.stringify(spec) } }],
  );
  expect(result.output('SecureEdge')?.[0]?.json).toMatchObject({ name: 'web', replaced: true, running_state: 'running' });
  expect(sim.control.requests.filter((r) => r.status === 401)).toHaveLength(1);
  for (const [m, p] of [
    ['POST', `${C}/web/stop`],
    ['DELETE', `${C}/web`],
    ['POST', C],
    ['POST', `${C}/web/start`],
  ]) {
    expect([m, p, answered(sim, m, p)]).toEqual([m, p, 1]);
  }
});

test('every session expires while 100 items are in flight: 100 results, exactly 1 login after the expiry', async () => {
  const n8n = await setup({}, [{ name: 'web' }]);
  sim.control.clearRequests();
  sim.control.setFaults({ latencyMs: 30 });
  const items = Array.from({ length: 100 }, (_, i) => ({ i }));
  const running = n8n.run(items, [{ parameters: status('web', { concurrency: 16 }) }]);
  await requestArrived(sim, (r) => r.path.startsWith('/api/'));
  const expiredAt = sim.control.requests.length;
  sim.control.expireAllSessions();
  const result = await running;
  const out = result.output('SecureEdge') ?? [];
  expect(out).toHaveLength(100);
  expect(out.every((item) => item.json.running_state === 'created')).toBe(true);
  const later = sim.control.requests.slice(expiredAt);
  expect(later.filter((r) => r.path === '/auth/login')).toHaveLength(1);
  // Requests in flight at the expiry met it (401) and were repeated once with the new session.
  expect(sim.control.requests.filter((r) => r.status === 401).length).toBeGreaterThan(0);
});

test('a wrong password: 20 error items AUTH_FAILED after one refused login; without Continue On Fail a NodeApiError; a good credential still works', async () => {
  const n8n = await setup({}, [{ name: 'web' }]);
  const wrong = n8n.addDevice(sim, { password: 'Not+The/Password=' });
  sim.control.clearRequests();
  const items = Array.from({ length: 20 }, () => ({}));
  const tolerant = await n8n.run(items, [{ parameters: action('start'), continueOnFail: true, credential: wrong }]);
  const out = tolerant.output('SecureEdge') ?? [];
  expect(out).toHaveLength(20);
  for (const item of out) expect(item.json).toMatchObject({ error: expect.stringMatching(/sticker/), details: { code: 'AUTH_FAILED' } });
  // The refusal is remembered for its window: the other items (and the next execution) send no login.
  expect(sim.control.loginCount()).toBe(1);
  expect(received(sim, 'POST', `${C}/web/start`)).toBe(0);

  const strict = await n8n.run([{}], [{ parameters: action('start'), credential: wrong }]);
  expect(strict.error('SecureEdge')).toMatchObject({ name: 'NodeApiError' });
  expect(strict.error('SecureEdge')!.message).toMatch(/refused the login.*no login is sent before/);
  expect(sim.control.loginCount()).toBe(1);
  await stillRuns(n8n);
});

test('a device restart during a start: the error item says NETWORK and the state found; the start was sent once', async () => {
  const n8n = await setup({}, [{ name: 'web' }]);
  sim.control.clearRequests();
  sim.control.setFaults({ latencyMs: 400 }); // still in flight when the restart comes, even on a busy machine
  const running = n8n.run([{}], [{ parameters: action('start'), continueOnFail: true }]);
  await requestArrived(sim, (r) => r.path === `${C}/web/start`);
  await sim.control.restart({ downMs: 150 });
  sim.control.setFaults({ latencyMs: 0 });
  const item = (await running).output('SecureEdge')?.[0]?.json;
  expect(item).toMatchObject({
    error: expect.stringMatching(/may or may not have done it.*now 'created'/),
    details: { code: 'NETWORK', running_state: 'created' },
  });
  expect(received(sim, 'POST', `${C}/web/start`)).toBe(1);
  await stillRuns(n8n);
});

test('504 on create: waited out for a 1 s creation; past Create Wait: CREATE_PENDING; one POST each', async () => {
  const big = { name: 'acme/plant-app', size: 480_000_000, platforms: ['linux/arm64/v8'], environment: [] };
  const n8n = await setup({
    gatewayTimeoutMs: 200,
    images: [
      { ...big, tag: '3.1', createMs: 1000 },
      { ...big, tag: '3.2', createMs: 3000 },
    ],
  });
  const create = (name: string, tag: string) => ({
    resource: 'container',
    operation: 'create',
    specMode: 'json',
    specJson: JSON.stringify({ container: { name }, image: { name: big.name, tag } }),
    options: { createTimeout: 1.5 },
  });
  const ok = await n8n.run([{}], [{ parameters: create('plant', '3.1') }]);
  expect(ok.output('SecureEdge')?.[0]?.json).toMatchObject({ name: 'plant', created: true, createAnswer: 504 });
  const late = await n8n.run([{}], [{ parameters: create('plant2', '3.2'), continueOnFail: true }]);
  expect(late.output('SecureEdge')?.[0]?.json).toMatchObject({
    error: expect.stringMatching(/Do not create it again/),
    details: { code: 'CREATE_PENDING' },
  });
  expect(received(sim, 'POST', C)).toBe(2);
  expect(sim.control.pendingContainers()).toEqual(['plant2']);
});

test('a share of 500/502/503 answers: every item ends as a result or a coded error item; each start/stop sent once per item', async () => {
  const n8n = await setup({ seed: 5678 }, [{ name: 'web' }]);
  sim.control.setFaults({ errorRate: 0.3 });
  let errors = 0;
  for (let i = 0; i < 20; i++) {
    const op = state('web') === 'running' ? 'stop' : 'start';
    const before = received(sim, 'POST', `${C}/web/${op}`);
    const result = await n8n.run(
      [{}],
      [
        { parameters: status(), continueOnFail: true },
        { parameters: action(op), continueOnFail: true },
      ],
    );
    const items = [...(result.output('SecureEdge') ?? []), ...(result.output('SecureEdge 2') ?? [])];
    expect(items).toHaveLength(2);
    for (const item of items) {
      if (item.json.error === undefined) continue;
      expect(CODES).toContain((item.json.details as { code: string }).code);
      errors++;
    }
    // One item: the change reached the device exactly once, whatever the answer.
    expect(received(sim, 'POST', `${C}/web/${op}`) - before).toBe(1);
  }
  expect(errors).toBeGreaterThan(0);
  sim.control.clearFaults();
  await stillRuns(n8n);
});

test.each(['truncated-json', 'html', 'empty'] as const)(
  'a %s answer to a status read is a BAD_RESPONSE error item; the next execution works',
  async (kind) => {
    const n8n = await setup({}, [{ name: 'web' }]);
    sim.control.injectOnce({ method: 'GET', path: `${C}/web/status` }, { kind });
    const result = await n8n.run([{}], [{ parameters: status(), continueOnFail: true }]);
    expect(result.output('SecureEdge')?.[0]?.json).toMatchObject({ details: { code: 'BAD_RESPONSE', path: `${C}/web/status` } });
    await stillRuns(n8n);
  },
);

test('a device slower than the Timeout option: TIMEOUT, the start not sent again; the next execution works', async () => {
  const n8n = await setup({}, [{ name: 'web' }]);
  // The execution's login goes through; from then on the device answers later than the Timeout.
  sim.control.setOptions({ onRequest: (r) => r.path === '/auth/login' && sim.control.setFaults({ latencyMs: 1000 }) });
  const result = await n8n.run([{}], [{ parameters: { ...action('start'), options: { timeout: 0.2 } }, continueOnFail: true }]);
  expect(result.output('SecureEdge')?.[0]?.json).toMatchObject({
    error: expect.stringMatching(/was lost.*may or may not have done it/),
    details: { code: 'TIMEOUT' },
  });
  sim.control.setOptions({ onRequest: undefined });
  sim.control.setFaults({ latencyMs: 0 });
  // The device does the late start it was sent; no second one ever comes.
  while (state('web') !== 'running') await new Promise((r) => setTimeout(r, 20));
  expect(received(sim, 'POST', `${C}/web/start`)).toBe(1);
  await stillRuns(n8n);
});
