/**
 * Session renewal by another caller: a slow request still carries the old cookie when a faster
 * call has already been rejected and logged in again. When the slow one is rejected in turn, it
 * must take the fresher session, not log in a second time (which, on a device with one session
 * per user, would end the session the other call just made).
 */
import type { SecureEdgeClient } from '../../core';
import type { RunningSimulator } from '../../simulator';
import { NGINX_SPEC, testClient } from '../support/client';
import { startTestSimulator } from '../support/simulator';
import { C, Cleanup, requestArrived } from './helpers';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

async function loggedIn(): Promise<{ sim: RunningSimulator; client: SecureEdgeClient }> {
  const sim = await startTestSimulator();
  const client = testClient(sim);
  cleanup.add(() => sim.close());
  cleanup.add(() => client.close());
  await client.createContainer(NGINX_SPEC);
  expect(sim.control.loginCount()).toBe(1);
  sim.control.clearRequests();
  return { sim, client };
}

/**
 * Start `slow` while the device delays every answer, so it is in flight with the first session;
 * then, with answers fast again, end all sessions and run `fast`, which is rejected and renews.
 * The slow request reaches the device's session check only after that renewal.
 */
async function slowRequestAcrossRenewal<T>(
  sim: RunningSimulator,
  slow: () => Promise<T>,
  slowPath: string,
  fast: () => Promise<unknown>,
): Promise<T> {
  sim.control.setFaults({ latencyMs: 1500 });
  const slowCall = slow();
  await requestArrived(sim, (r) => r.path === slowPath);
  sim.control.setFaults({ latencyMs: 0 });
  sim.control.expireAllSessions();
  await fast();
  // The fast call was rejected, logged in again and repeated before the slow one was even answered.
  expect(sim.control.loginCount()).toBe(1);
  expect(sim.control.requests.find((r) => r.path === slowPath)!.status).toBe(0);
  return slowCall;
}

test('a slow GET rejected after another call renewed the session makes no second login', async () => {
  const { sim, client } = await loggedIn();
  const status = await slowRequestAcrossRenewal(
    sim,
    () => client.getContainerStatus('web'),
    `${C}/web/status`,
    () => client.listImages(),
  );
  expect(status).toEqual({ name: 'web', running_state: 'created' });
  expect(sim.control.loginCount()).toBe(1);
  // The slow GET was rejected once (old session) and repeated once with the fresh one.
  const slow = sim.control.requests.filter((r) => r.path === `${C}/web/status`);
  expect(slow.map((r) => r.status)).toEqual([401, 200]);
  expect(slow[1].hadSession).toBe(true);
});

test('a slow POST rejected after another call renewed the session is sent once more, with no second login', async () => {
  const { sim, client } = await loggedIn();
  await slowRequestAcrossRenewal(
    sim,
    () => client.startContainer('web'),
    `${C}/web/start`,
    () => client.listContainers(),
  );
  expect(sim.control.loginCount()).toBe(1);
  expect(sim.control.requests.filter((r) => r.path === `${C}/web/start`).map((r) => r.status)).toEqual([401, 200]);
  expect(sim.control.containers()[0].state).toBe('running');
});

test('ten slow calls rejected after another call renewed share that renewal', async () => {
  const { sim, client } = await loggedIn();
  const paths = Array.from({ length: 10 }, () => `${C}/web/status`);
  const results = await slowRequestAcrossRenewal(
    sim,
    () => Promise.all(paths.map(() => client.getContainerStatus('web'))),
    `${C}/web/status`,
    () => client.listImages(),
  );
  expect(results).toHaveLength(10);
  expect(sim.control.loginCount()).toBe(1);
});

test('control: when nobody renewed in between, a rejected call does log in again (once)', async () => {
  const { sim, client } = await loggedIn();
  sim.control.expireAllSessions();
  await client.getContainerStatus('web');
  expect(sim.control.loginCount()).toBe(1);
  expect(sim.control.requests.filter((r) => r.path === `${C}/web/status`).map((r) => r.status)).toEqual([401, 200]);
});
