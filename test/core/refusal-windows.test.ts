/**
 * The refusal memory's windows as a user reads them: each refused login doubles the wait before
 * the next one, the message names it in seconds and, from two minutes on, in minutes, and the
 * wait stops growing at 15 minutes. Time moves by faking only Date (the pool test does the same);
 * the simulator and every timer stay real. Also: a bad value is named in the message.
 */
import { DevicePool, REFUSAL_BACKOFF } from '../../core';
import type { RunningSimulator } from '../../simulator';
import { expectError, testClient } from '../support/client';
import { recordForScan } from '../support/secrets';
import { startTestSimulator } from '../support/simulator';
import { fakeOnlyDate } from '../support/clock';

let sim: RunningSimulator;
let pool: DevicePool;

beforeEach(async () => {
  sim = await startTestSimulator();
  pool = new DevicePool();
});
afterEach(async () => {
  jest.useRealTimers();
  await pool.closeAll(0);
  await sim.close();
});

test('refused logins: windows of 30 s, 60 s, 2 min, 4 min, 8 min, then 15 min at most', async () => {
  fakeOnlyDate();
  const lease = pool.acquire({
    url: sim.url,
    password: 'wrong-password',
    retry: { retries: 0 },
    logger: { debug: (m) => recordForScan('pool log', m), warn: (m) => recordForScan('pool log', m) },
  });
  const windows: string[] = [];
  let lengthMs = REFUSAL_BACKOFF.firstMs;
  for (let i = 0; i < 7; i++) {
    const err = await expectError(() => lease.client.listImages());
    windows.push(/\(in ([^)]+)\)/.exec(err.message)?.[1] ?? err.message);
    jest.setSystemTime(Date.now() + lengthMs + 1000);
    lengthMs = Math.min(lengthMs * 2, REFUSAL_BACKOFF.maxMs);
  }
  expect(windows).toEqual(['30 s', '60 s', '2 min', '4 min', '8 min', '15 min', '15 min']);
  expect(sim.control.loginCount()).toBe(7);
  await lease.release();
});

test('a value of the wrong kind is named in the message: null, a number, a list', async () => {
  const client = testClient(sim);
  try {
    const shown = async (value: unknown) => (await expectError(() => client.getContainerStatus(value as string))).message;
    expect(await shown(null)).toMatch(/ \(got null\)\. Nothing was sent to the device\.$/);
    expect(await shown(42)).toMatch(/ \(got 42\)\. Nothing was sent to the device\.$/);
    expect(await shown(['web'])).toMatch(/ \(got a list\)\. Nothing was sent to the device\.$/);
    expect(sim.control.requests).toHaveLength(0);
  } finally {
    await client.close();
  }
});
