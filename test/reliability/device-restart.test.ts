/**
 * A device restart during an operation: every connection cut, new ones refused for a while,
 * every session gone, Docker's state kept. GETs recover by retrying; a POST whose answer was
 * lost is never sent again: the client reads the state and reports what it found.
 */
import type { SeedImage } from '../../simulator';
import { expectError, NGINX_SPEC, testClient } from '../support/client';
import { recordForScan } from '../support/secrets';
import { startTestSimulator } from '../support/simulator';
import { answered, C, Cleanup, received, requestArrived } from './helpers';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

/** Backoff long enough to ride out a 200 ms reboot: the first three pauses alone add up to at least 350 ms. */
const RIDE_OUT = { retries: 4, baseDelayMs: 100, maxDelayMs: 400 };
const DOWN_MS = 200;

const SLOW_COPY: SeedImage = {
  name: 'acme/app',
  tag: '1.0',
  size: 120_000_000,
  platforms: ['linux/arm64/v8'],
  environment: [],
  createMs: 400,
};

async function setup(options: Parameters<typeof startTestSimulator>[0] = {}) {
  const sim = await startTestSimulator(options);
  const client = testClient(sim, { retry: RIDE_OUT });
  cleanup.add(() => sim.close());
  cleanup.add(() => client.close());
  return { sim, client };
}

test('a GET cut by a restart is retried and succeeds once the device is back, with a new session', async () => {
  const { sim, client } = await setup();
  await client.createContainer(NGINX_SPEC);
  sim.control.clearRequests();
  sim.control.setFaults({ latencyMs: 400 }); // still in flight when the restart comes, even on a busy machine

  const status = client.getContainerStatus('web');
  await requestArrived(sim, (r) => r.path === `${C}/web/status`);
  await sim.control.restart({ downMs: DOWN_MS });
  sim.control.setFaults({ latencyMs: 0 });

  expect(await status).toEqual({ name: 'web', running_state: 'created' });
  const statusRequests = sim.control.requests.filter((r) => r.path === `${C}/web/status`);
  expect(statusRequests.length).toBeGreaterThanOrEqual(2);
  expect(statusRequests[0].status).toBe(0); // the one the restart cut
  expect(sim.control.loginCount()).toBe(1); // the restart forgot the session
});

test('a start cut by a restart before the device did it is not sent again; the error says the container is still created', async () => {
  const { sim, client } = await setup();
  await client.createContainer(NGINX_SPEC);
  sim.control.clearRequests();
  sim.control.setFaults({ latencyMs: 400 }); // still in flight when the restart comes, even on a busy machine

  const start = expectError(() => client.startContainer('web'));
  await requestArrived(sim, (r) => r.path === `${C}/web/start`);
  await sim.control.restart({ downMs: DOWN_MS });
  sim.control.setFaults({ latencyMs: 0 });
  const err = await start;

  expect(err.code).toBe('NETWORK');
  expect(err.message).toMatch(/may or may not have done it.*now 'created'/);
  expect(err.details).toMatchObject({ running_state: 'created' });
  expect(received(sim, 'POST', `${C}/web/start`)).toBe(1);
  expect(sim.control.containers()[0].state).toBe('created');
});

test('a stop cut by a restart after the device did it is confirmed by the state, not sent again', async () => {
  const { sim, client } = await setup();
  await client.createContainer(NGINX_SPEC);
  await client.startContainer('web');
  sim.control.clearRequests();
  // The device stops the container, its answer is lost, and it reboots while the client checks.
  sim.control.injectOnce({ method: 'POST', path: `${C}/web/stop` }, { kind: 'drop-after' });
  const stop = client.stopContainer('web');
  await requestArrived(sim, (r) => r.path === `${C}/web/stop`);
  await sim.control.restart({ downMs: DOWN_MS });

  expect(await stop).toEqual({ name: 'web', action: 'stop', confirmedByState: true, running_state: 'exited' });
  expect(received(sim, 'POST', `${C}/web/stop`)).toBe(1);
});

test('a create whose answer a restart swallowed is waited for, never sent again', async () => {
  const { sim, client } = await setup({ images: [SLOW_COPY], gatewayTimeoutMs: 5000 });
  const spec = { container: { name: 'app' }, image: { name: 'acme/app', tag: '1.0' } };

  const create = client.createContainer(spec, { createTimeoutMs: 10_000 });
  // The device is copying the image (400 ms) when it reboots; Docker finishes the job anyway.
  await requestArrived(sim, (r) => r.method === 'POST' && r.path === C);
  await sim.control.restart({ downMs: DOWN_MS });
  const result = await create;
  recordForScan('create result', result);

  expect(result).toMatchObject({ name: 'app', created: true, createAnswer: 'lost' });
  expect(received(sim, 'POST', C)).toBe(1);
  expect(sim.control.requests.find((r) => r.method === 'POST' && r.path === C)?.status).toBe(0);
  expect(sim.control.containers().map((c) => c.name)).toEqual(['app']);
});

test('a redeploy through a restart at its create step ends running, every action done once', async () => {
  const { sim, client } = await setup({ images: [SLOW_COPY], gatewayTimeoutMs: 5000 });
  const spec = { container: { name: 'app' }, image: { name: 'acme/app', tag: '1.0' } };
  // Warm the image cache so that setting up 'app' is quick.
  await client.createContainer({ ...spec, container: { name: 'warm' } }, { createTimeoutMs: 10_000 });
  await client.createContainer(spec);
  await client.startContainer('app');
  sim.control.addImage({ ...SLOW_COPY }); // a "new" image: its first create copies again
  sim.control.clearRequests();

  const redeploy = client.redeploy(spec, { timeoutMs: 20_000, createTimeoutMs: 10_000 });
  await requestArrived(sim, (r) => r.method === 'POST' && r.path === C);
  await sim.control.restart({ downMs: DOWN_MS });
  const report = await redeploy;
  recordForScan('redeploy report', report);

  expect(report.running_state).toBe('running');
  expect(report.steps.find((s) => s.step === 'create')?.outcome).toMatch(/answer lost/);
  expect(answered(sim, 'POST', `${C}/app/stop`)).toBe(1);
  expect(answered(sim, 'DELETE', `${C}/app`)).toBe(1);
  expect(received(sim, 'POST', C)).toBe(1);
  expect(answered(sim, 'POST', `${C}/app/start`)).toBe(1);
  expect(sim.control.containers().find((c) => c.name === 'app')?.state).toBe('running');
});
