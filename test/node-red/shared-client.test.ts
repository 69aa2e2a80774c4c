/**
 * One client per device config node, leased from core's process-wide pool: every node using it
 * shares its session (one login however many nodes and messages); a deploy that replaces the
 * config node gives the lease back and closes its connections, and the new config node reuses
 * the pooled session when the device and password are unchanged, or logs in with a new password.
 */
import type { RunningSimulator } from '../../simulator';
import { startTestSimulator } from '../support/simulator';
import { deviceCredentials, helper, inject, loadFlow, op, redeployFlow, testFlow, device, type Observed } from './harness';
import { oneSeededDevice, threeNodes } from './one-device';

let sim: RunningSimulator;
oneSeededDevice((s) => (sim = s));

async function runAll(seen: Observed, rounds: number): Promise<void> {
  const before = seen.out.length;
  for (let i = 0; i < rounds; i++) for (const id of ['a', 'b', 'c']) inject(id, {});
  await seen.until(`${rounds * 3} outputs`, () => seen.out.length === before + rounds * 3);
}

test('three nodes, many messages at once: one login', async () => {
  const seen = await loadFlow(sim, threeNodes());
  await runAll(seen, 4);
  expect(seen.caught).toEqual([]);
  expect(sim.control.loginCount()).toBe(1);
  expect(sim.control.requestCount({ pathPrefix: '/api/v1/docker/' })).toBe(12);
});

test('a full redeploy with the same device and password keeps the pooled session; the old config node hands out no client', async () => {
  let seen = await loadFlow(sim, threeNodes());
  await runAll(seen, 2);
  expect(sim.control.loginCount()).toBe(1);
  const oldDevice = helper.getNode('dev1') as unknown as { getClient(): unknown };

  seen = await redeployFlow(testFlow(sim, threeNodes(), { device: device(sim, { name: 'renamed' }) }), 'full', deviceCredentials(sim));
  await runAll(seen, 2);
  expect(seen.caught).toEqual([]);
  expect(sim.control.loginCount()).toBe(1);
  // The old config node will not open anything again.
  expect(() => oldDevice.getClient()).toThrow(/redeployed/);
});

test('a redeploy with a changed password logs in with the new one at once', async () => {
  let seen = await loadFlow(sim, threeNodes());
  await runAll(seen, 1);
  sim.control.setOptions({ password: 'the-new-password' });
  seen = await redeployFlow(testFlow(sim, threeNodes()), 'full', { dev1: { username: 'admin', password: 'the-new-password' } });
  sim.control.expireAllSessions();
  await runAll(seen, 1);
  expect(seen.caught).toEqual([]);
  expect(sim.control.loginCount()).toBe(2);
});

test('a "modified nodes" deploy that leaves the device alone keeps its client and session', async () => {
  let seen = await loadFlow(sim, threeNodes());
  await runAll(seen, 1);
  const changed = threeNodes();
  changed[0].name = 'renamed images node';
  seen = await redeployFlow(testFlow(sim, changed), 'nodes', deviceCredentials(sim));
  await runAll(seen, 1);
  expect(sim.control.loginCount()).toBe(1);
});

test('two config nodes for two devices: one client and one login each', async () => {
  const other = await startTestSimulator();
  try {
    const seen = await loadFlow(
      sim,
      [op('list-images', {}, 'a'), op('list-images', { device: 'dev2' }, 'b'), { ...device(other), id: 'dev2' }],
      { credentials: { ...deviceCredentials(sim), ...deviceCredentials(other, 'dev2') } },
    );
    for (let i = 0; i < 3; i++) {
      inject('a', {});
      inject('b', {});
    }
    await seen.until('six outputs', () => seen.out.length === 6);
    expect(sim.control.loginCount()).toBe(1);
    expect(other.control.loginCount()).toBe(1);
  } finally {
    await other.close();
  }
});

test('an expired session is renewed by the shared client without failing a message', async () => {
  const seen = await loadFlow(sim, threeNodes());
  await runAll(seen, 1);
  sim.control.expireAllSessions();
  await runAll(seen, 1);
  expect(seen.caught).toEqual([]);
  expect(sim.control.loginCount()).toBe(2);
});
