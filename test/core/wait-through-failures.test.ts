/**
 * A wait for a container's state polls through a status read that fails for a passing reason —
 * a dropped connection (NETWORK), a read that never gets its answer (TIMEOUT), a page that is not
 * JSON (BAD_RESPONSE) — and still ends with the state once the device answers again. Retries are
 * off, so the failed read reaches the wait itself. An answer that settles the question (404) ends
 * the wait at once instead.
 */
import type { SecureEdgeClient } from '../../core';
import type { OneShotFault, RunningSimulator } from '../../simulator';
import { expectError, NGINX_SPEC, testClient } from '../support/client';
import { startTestSimulator } from '../support/simulator';

const STATUS = '/api/v1/docker/containers/web/status';
let sim: RunningSimulator;
let client: SecureEdgeClient;

beforeAll(async () => {
  sim = await startTestSimulator();
  client = testClient(sim, { timeoutMs: 1000, retry: { retries: 0, baseDelayMs: 5, maxDelayMs: 20 } });
  await client.createContainer(NGINX_SPEC);
});
afterAll(async () => {
  await client.close();
  await sim.close();
});

test.each<[string, OneShotFault]>([
  ['a dropped connection (NETWORK)', { kind: 'drop-before' }],
  ['a read without an answer in time (TIMEOUT)', { kind: 'endless-1xx', intervalMs: 50 }],
  ['an HTML page instead of JSON (BAD_RESPONSE)', { kind: 'html' }],
])('a wait polls through %s and ends with the state', async (_what, fault) => {
  sim.control.clearRequests();
  sim.control.injectOnce({ method: 'GET', path: STATUS }, fault);
  const result = await client.waitForState('web', 'created', { timeoutMs: 10_000 });
  expect(result).toMatchObject({ name: 'web', running_state: 'created' });
  // The failed read and the one after it.
  expect(sim.control.requestCount({ method: 'GET', pathPrefix: STATUS })).toBe(2);
});

test('a wait for a container the device does not know ends at once with NOT_FOUND', async () => {
  sim.control.clearRequests();
  const err = await expectError(() => client.waitForState('ghost', 'running', { timeoutMs: 10_000 }));
  expect(err.code).toBe('NOT_FOUND');
  expect(sim.control.requestCount({ method: 'GET', pathPrefix: '/api/v1/docker/containers/ghost/status' })).toBe(1);
});
