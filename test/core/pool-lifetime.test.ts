/**
 * How long a pooled entry lives, seen through the pool's size and its timers: an entry's idle time
 * counts from its last release, not from when it was taken (a redeploy may hold a lease for
 * minutes); entries below the limit are never evicted; an entry the pool dropped while it was held
 * is not brought back by its release; the pool keeps one sweep timer while it has entries and none
 * once it is empty or closed.
 */
import type { DevicePool, SecureEdgeClientOptions } from '../../core';
import type { RunningSimulator } from '../../simulator';
import { fakeOnlyDate, fakeOnlyIntervals } from '../support/clock';
import { callThroughLease, leaseOptions, poolEachTest, TEST_POOL_SETTINGS } from '../support/pool';

let sim: RunningSimulator;
let pool: DevicePool;
poolEachTest((s, p) => ((sim = s), (pool = p)), 3);

const options = (extra: Partial<SecureEdgeClientOptions> = {}) => leaseOptions(sim, extra);
const callWith = (extra: Partial<SecureEdgeClientOptions> = {}) => callThroughLease(pool, sim, extra);
// Other logins the device accepts, told apart by their TLS settings (plain http ignores them).
const SECOND = { tls: { acceptSelfSigned: true } };
const THIRD = { tls: { ca: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n' } };

test('a lease held longer than the forget time is not forgotten at its release: idle time counts from then', async () => {
  const clock = fakeOnlyDate();
  const held = pool.acquire(options());
  await held.client.listImages();
  clock.advance(TEST_POOL_SETTINGS.forgetMs * 2);
  await held.release();
  await callWith(SECOND); // an acquire sweeps
  expect(pool.size).toBe(2);
});

test('below the limit nothing is evicted: logins taken in turn all stay', async () => {
  await callWith();
  await callWith(SECOND);
  expect(pool.size).toBe(2);
  await callWith(THIRD);
  expect(pool.size).toBe(3);
});

test('an entry dropped while held (closeAll) is not brought back by its release', async () => {
  const held = pool.acquire(options());
  await held.client.listImages();
  await pool.closeAll(0);
  expect(pool.size).toBe(0);
  await held.release();
  expect(pool.size).toBe(0);
});

test('one sweep timer while the pool has entries, none once they are all forgotten or closed', async () => {
  fakeOnlyIntervals();
  expect(jest.getTimerCount()).toBe(0);
  await callWith();
  await callWith(SECOND);
  expect(jest.getTimerCount()).toBe(1);
  pool.sweep(Date.now() + TEST_POOL_SETTINGS.forgetMs);
  expect([pool.size, jest.getTimerCount()]).toEqual([0, 0]);
  await callWith();
  expect(jest.getTimerCount()).toBe(1);
  await pool.closeAll(0);
  expect([pool.size, jest.getTimerCount()]).toEqual([0, 0]);
});
