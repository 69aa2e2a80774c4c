/**
 * Sessions under faults: an expiry in the middle of a redeploy, every session expired while 100
 * operations are in flight, and a wrong password (alone, in a burst, and changed on the device
 * while a job runs). Outcomes are checked on the simulator's own request record.
 */
import { SecureEdgeClient } from '../../core';
import type { RunningSimulator } from '../../simulator';
import { expectError, NGINX_SPEC, testClient } from '../support/client';
import { recordForScan } from '../support/secrets';
import { startTestSimulator } from '../support/simulator';
import { answered, C, Cleanup, requestArrived } from './helpers';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

async function device(options: Parameters<typeof startTestSimulator>[0] = {}) {
  const sim = await startTestSimulator(options);
  cleanup.add(() => sim.close());
  return sim;
}

function clientFor(sim: RunningSimulator, password?: string): SecureEdgeClient {
  const client = password === undefined ? testClient(sim) : testClient(sim, { password });
  cleanup.add(() => client.close());
  return client;
}

const NEW_SPEC = { ...NGINX_SPEC, environment_variables: [{ key: 'PORT', value: '9090' }] };

describe('session expiry in the middle of a redeploy', () => {
  test.each([
    ['stop', 'POST', `${C}/web/stop`],
    ['remove', 'DELETE', `${C}/web`],
    ['create', 'POST', C],
    ['start', 'POST', `${C}/web/start`],
  ])('every session expires right after the %s step: one more login, each step done exactly once', async (_step, method, path) => {
    const sim = await device();
    const client = clientFor(sim);
    await client.createContainer(NGINX_SPEC);
    await client.startContainer('web');
    sim.control.clearRequests();
    let expired = 0;
    sim.control.setOptions({
      onRequest: (r) => {
        if (r.method === method && r.path === path && r.status >= 200 && r.status < 300) {
          sim.control.expireAllSessions();
          expired++;
        }
      },
    });

    const report = await client.redeploy(NEW_SPEC, { timeoutMs: 10_000 });
    recordForScan('redeploy report', report);

    expect(expired).toBe(1);
    expect(report.running_state).toBe('running');
    expect(sim.control.loginCount()).toBe(1);
    expect(client.loginCount).toBe(2);
    for (const [m, p] of [
      ['POST', `${C}/web/stop`],
      ['DELETE', `${C}/web`],
      ['POST', C],
      ['POST', `${C}/web/start`],
    ]) {
      expect([m, p, answered(sim, m, p)]).toEqual([m, p, 1]);
    }
    // The request that met the expired session was rejected (it did nothing) and repeated once.
    expect(sim.control.requests.filter((r) => r.status === 401)).toHaveLength(1);
    expect(sim.control.containers()).toEqual([
      expect.objectContaining({ name: 'web', state: 'running', env: NEW_SPEC.environment_variables }),
    ]);
  });
});

test('every session expires while 100 operations are in flight: exactly 1 login, 0 failures', async () => {
  const sim = await device();
  const client = clientFor(sim);
  await client.createContainer(NGINX_SPEC);
  await client.createContainer({ ...NGINX_SPEC, container: { name: 'db' }, ports: [], volumes: [] });
  await client.startContainer('db');
  sim.control.clearRequests();
  const loginsBefore = client.loginCount;
  sim.control.setFaults({ latencyMs: 60 });

  const ops: Array<() => Promise<unknown>> = [() => client.startContainer('web'), () => client.stopContainer('db')];
  const reads: Array<() => Promise<unknown>> = [
    () => client.listImages(),
    () => client.listContainers(),
    () => client.getContainerStatus('web'),
    () => client.getContainerConfiguration('db'),
    () => client.getImageDetails('nginx', 'latest'),
  ];
  for (let i = ops.length; i < 100; i++) ops.push(reads[i % reads.length]);
  const running = Promise.allSettled(ops.map((op) => op()));
  await requestArrived(sim, (r) => r.path.startsWith('/api/'));
  sim.control.expireAllSessions();
  const results = await running;

  const failures = results.filter((r) => r.status === 'rejected');
  failures.forEach((f) => recordForScan('in-flight failure', f));
  expect(failures).toEqual([]);
  expect(sim.control.loginCount()).toBe(1);
  expect(client.loginCount - loginsBefore).toBe(1);
  // Some requests really met the expired session, and the two actions were each done once.
  expect(sim.control.requests.filter((r) => r.status === 401).length).toBeGreaterThan(0);
  expect(answered(sim, 'POST', `${C}/web/start`)).toBe(1);
  expect(answered(sim, 'POST', `${C}/db/stop`)).toBe(1);
  expect(sim.control.containers().map((c) => [c.name, c.state])).toEqual([
    ['web', 'running'],
    ['db', 'exited'],
  ]);
});

describe('a wrong password', () => {
  test('is AUTH_FAILED with one login attempt per backoff window, also for 20 concurrent calls', async () => {
    const sim = await device();
    const client = clientFor(sim, 'Wrong+Pa55/word=');

    for (let i = 1; i <= 3; i++) {
      const err = await expectError(() => client.listContainers());
      expect(err.code).toBe('AUTH_FAILED');
      // The refusal is remembered: later calls fail without another login, and say when one is tried.
      expect(sim.control.loginCount()).toBe(1);
      if (i > 1) expect(err.message).toMatch(/no login is sent before/);
    }

    sim.control.clearRequests();
    const burst = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? client.listImages() : client.startContainer('web'))),
    );
    for (const r of burst) {
      expect(r.status).toBe('rejected');
      const reason = (r as PromiseRejectedResult).reason;
      recordForScan('burst failure', reason);
      expect(reason.code).toBe('AUTH_FAILED');
    }
    expect(sim.control.loginCount()).toBe(0);
    expect(sim.control.requestCount({ pathPrefix: '/api/' })).toBe(0);
  });

  test('changed on the device while a job runs: the next call fails AUTH_FAILED after one re-login, nothing is repeated', async () => {
    const sim = await device();
    const client = clientFor(sim);
    await client.createContainer(NGINX_SPEC);
    sim.control.setOptions({ password: 'Changed+By/Someone=' });
    sim.control.expireAllSessions();
    sim.control.clearRequests();

    const burst = await Promise.allSettled(Array.from({ length: 20 }, () => client.startContainer('web')));
    for (const r of burst) {
      expect(r.status).toBe('rejected');
      recordForScan('burst failure', (r as PromiseRejectedResult).reason);
      expect((r as PromiseRejectedResult).reason.code).toBe('AUTH_FAILED');
    }
    expect(sim.control.loginCount()).toBeLessThanOrEqual(20);
    expect(answered(sim, 'POST', `${C}/web/start`)).toBe(0);
    expect(sim.control.containers()[0].state).toBe('created');
  });
});
