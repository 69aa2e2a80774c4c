/**
 * A 504 on create while the device goes on creating in the background: for 1 s, for 10 s (with
 * the session expiring during the wait), and past the deadline. The create is sent exactly once
 * in every case; past the deadline the error says the device is still creating it.
 */
import type { SeedImage } from '../../simulator';
import { expectError, testClient } from '../support/client';
import { recordForScan } from '../support/secrets';
import { startTestSimulator } from '../support/simulator';
import { C, Cleanup, received } from './helpers';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

function image(createMs: number): SeedImage {
  return { name: 'acme/plant-app', tag: '3.1', size: 480_000_000, platforms: ['linux/arm64/v8'], environment: [], createMs };
}
const spec = { container: { name: 'plant' }, image: { name: 'acme/plant-app', tag: '3.1' }, networks: [{ name: 'machine-builder' }] };

async function setup(createMs: number) {
  const sim = await startTestSimulator({ gatewayTimeoutMs: 200, images: [image(createMs)] });
  const client = testClient(sim);
  cleanup.add(() => sim.close());
  cleanup.add(() => client.close());
  return { sim, client };
}

test('background creation of 1 s: one POST, answered 504, reported created once it appears', async () => {
  const { sim, client } = await setup(1000);
  const result = await client.createContainer(spec, { createTimeoutMs: 10_000 });
  recordForScan('create result', result);
  expect(result).toMatchObject({ name: 'plant', created: true, createAnswer: 504 });
  expect(received(sim, 'POST', C)).toBe(1);
  expect(sim.control.requests.find((r) => r.method === 'POST' && r.path === C)?.status).toBe(504);
  expect(sim.control.containers().map((c) => [c.name, c.state])).toEqual([['plant', 'created']]);
  expect(sim.control.pendingContainers()).toEqual([]);
});

test('background creation of 10 s, with every session expiring during the wait: one POST, created', async () => {
  const { sim, client } = await setup(10_000);
  const expiry = setInterval(() => sim.control.expireAllSessions(), 3000);
  cleanup.add(() => clearInterval(expiry));

  const result = await client.createContainer(spec, { createTimeoutMs: 20_000 });
  recordForScan('create result', result);

  expect(result).toMatchObject({ name: 'plant', created: true, createAnswer: 504 });
  expect(received(sim, 'POST', C)).toBe(1);
  expect(sim.control.loginCount()).toBeGreaterThanOrEqual(2);
  expect(sim.control.containers().map((c) => c.name)).toEqual(['plant']);
}, 40_000);

test('past the deadline a redeploy stops at create with CREATE_PENDING; the next run finds the container and finishes', async () => {
  const { sim, client } = await setup(1500);
  const err = await expectError(() => client.redeploy(spec, { createTimeoutMs: 300 }));

  expect(err.code).toBe('CREATE_PENDING');
  expect(err.message).toMatch(/stopped at step 'create'.*still be copying image 'acme\/plant-app:3.1'.*Do not create it again/s);
  expect(err.details).toMatchObject({ failedStep: 'create', createAnswer: 504 });
  expect(received(sim, 'POST', C)).toBe(1);
  expect(sim.control.pendingContainers()).toEqual(['plant']);

  // The device finishes on its own; tonight's job failed loudly, tomorrow's finds the container.
  while (sim.control.pendingContainers().length > 0) await new Promise((r) => setTimeout(r, 50));
  const report = await client.redeploy(spec, { createTimeoutMs: 5000 });
  recordForScan('redeploy report', report);
  expect(report).toMatchObject({ replaced: true, running_state: 'running' });
  expect(received(sim, 'POST', C)).toBe(2);
  expect(sim.control.containers().map((c) => [c.name, c.state])).toEqual([['plant', 'running']]);
});
