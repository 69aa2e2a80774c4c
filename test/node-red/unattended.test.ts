/**
 * Unattended operation in Node-RED's runtime: a refused password is sent once per backoff window
 * however many messages and nodes; a config node stopped with a request stuck on the device
 * closes within its grace (Node-RED never logs "Close timed out"); the shared client shows no
 * secret under inspect or JSON.
 */
import { inspect } from 'node:util';
import type { RunningSimulator } from '../../simulator';
import { TEST_PASSWORD } from '../support/secrets';
import { device, helper, inject, loadFlow, logText, op } from './harness';
import { oneSeededDevice, threeNodes } from './one-device';

let sim: RunningSimulator;
oneSeededDevice((s) => (sim = s));

test('a wrong password over 100 messages x 3 nodes: one refused login, every message caught with AUTH_FAILED', async () => {
  const seen = await loadFlow(sim, threeNodes(), { credentials: { dev1: { username: 'admin', password: 'changed-on-the-device' } } });
  for (let i = 0; i < 100; i++) for (const id of ['a', 'b', 'c']) inject(id, { i });
  await seen.until('300 caught errors', () => seen.caught.length === 300);
  expect(seen.caught.every((m) => m.error?.code === 'AUTH_FAILED' || /AUTH_FAILED|refused/.test(String(m.error?.message)))).toBe(true);
  expect(sim.control.loginCount()).toBe(1);
  expect(sim.control.requestCount({ pathPrefix: '/api/' })).toBe(0);
  expect(seen.caught.some((m) => /no login is sent (again )?before/.test(String(m.error?.message)))).toBe(true);
});

test('stopping the flow while a request is stuck in endless 1xx answers: closed within the grace, no "Close timed out"', async () => {
  const seen = await loadFlow(sim, [op('list-images', {}, 'a')], { device: device(sim, { timeout: '120' }) });
  inject('a', {});
  await seen.nextOut(1);
  sim.control.injectOnce({ method: 'GET', path: '/api/v1/docker/images' }, { kind: 'endless-1xx', intervalMs: 50 });
  inject('a', {});
  await new Promise((resolve) => setTimeout(resolve, 300));
  const started = Date.now();
  await helper.unload();
  expect(Date.now() - started).toBeLessThan(6000);
  expect(logText()).not.toMatch(/Close timed out/i);
});

test('the shared client shows no password or cookie under inspect or JSON', async () => {
  const seen = await loadFlow(sim, [op('list-images', {}, 'a')]);
  inject('a', {});
  await seen.nextOut(1);
  const client = (helper.getNode('dev1') as unknown as { getClient(): object }).getClient();
  const views = [
    inspect(client, { showHidden: true, depth: 10 }),
    inspect(client, { showHidden: true, depth: 10, customInspect: false }),
    JSON.stringify(client),
  ];
  for (const v of views) {
    expect(v).not.toContain(TEST_PASSWORD);
    for (const c of sim.control.issuedSessionCookies()) expect(v).not.toContain(c);
  }
});
