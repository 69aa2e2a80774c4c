/**
 * What the pool does with the device's connections, seen from the device (the simulator counts
 * the sockets open on its side): an entry nobody holds closes its connections once idle, by the
 * sweep on acquire or by the timer alone, and keeps its session; an entry in use never does;
 * closing on release, forgetting, eviction and closeAll each close them too. The simulator keeps
 * idle connections 5 s, so a connection gone within ~1.5 s was closed by the client.
 */
import { createHook } from 'node:async_hooks';
import { DevicePool, type SecureEdgeClientOptions } from '../../core';
import type { RunningSimulator } from '../../simulator';
import { callThroughLease, leaseOptions, poolEachTest, TEST_POOL_SETTINGS } from '../support/pool';
import { fakeOnlyDate } from '../support/clock';

const DAY = 24 * 60 * 60_000;
/** Well inside the simulator's 5 s keep-alive: a close seen before this came from the client. */
const CLOSE_SEEN_WITHIN_MS = 1500;
let sim: RunningSimulator;
let pool: DevicePool;

poolEachTest((s, p) => ((sim = s), (pool = p)), 2, { sessionLifetimeMs: 3 * DAY });

const options = (extra: Partial<SecureEdgeClientOptions> = {}) => leaseOptions(sim, extra);
const callWith = (extra: Partial<SecureEdgeClientOptions> = {}) => callThroughLease(pool, sim, extra);

/** The device's open connections once they reach `want`, or after the wait, whichever is first. */
async function openConnectionsSettle(want: number, withinMs = CLOSE_SEEN_WITHIN_MS): Promise<number> {
  // performance.now(): Date stands still in the tests that fake it.
  const until = performance.now() + withinMs;
  while (sim.control.openConnections() !== want && performance.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return sim.control.openConnections();
}

test('an idle entry’s sweep closes its connections and keeps its session', async () => {
  fakeOnlyDate();
  await callWith();
  expect(sim.control.openConnections()).toBeGreaterThan(0);
  jest.setSystemTime(Date.now() + 60_000 - 1000);
  pool.sweep();
  // Not idle long enough yet: still open (the keep-alive holds them 5 s).
  expect(await openConnectionsSettle(0, 300)).toBeGreaterThan(0);
  jest.setSystemTime(Date.now() + 2000);
  pool.sweep();
  expect(await openConnectionsSettle(0)).toBe(0);
  expect(pool.size).toBe(1);
  await callWith();
  expect(sim.control.loginCount()).toBe(1);
});

test('the timer sweeps on its own: idle connections close with no acquire and no manual sweep', async () => {
  const quick = new DevicePool({ ...TEST_POOL_SETTINGS, idleCloseMs: 100, maxEntries: 2, sweepEveryMs: 50 });
  try {
    await callThroughLease(quick, sim);
    expect(sim.control.openConnections()).toBeGreaterThan(0);
    expect(await openConnectionsSettle(0)).toBe(0);
    expect(quick.size).toBe(1);
  } finally {
    await quick.closeAll(0);
  }
});

test('the sweep timer never keeps the process alive: the host (and the command) can exit with entries pooled', async () => {
  // Every timer acquire() starts (the sweeper among them) must be unref'd: seen as it is made.
  const timers: NodeJS.Timeout[] = [];
  const hook = createHook({
    init: (_id, type, _trigger, resource) => {
      if (type === 'Timeout') timers.push(resource as NodeJS.Timeout);
    },
  }).enable();
  let lease;
  try {
    lease = pool.acquire(options());
  } finally {
    hook.disable();
  }
  await lease.client.listImages();
  await lease.release();
  expect(timers.length).toBeGreaterThan(0);
  expect(timers.filter((t) => t.hasRef())).toEqual([]);
});

test('an entry in use keeps its connections however long it is idle', async () => {
  fakeOnlyDate();
  const held = pool.acquire(options());
  await held.client.listImages();
  jest.setSystemTime(Date.now() + 2 * DAY);
  pool.sweep();
  expect(pool.size).toBe(1);
  expect(await openConnectionsSettle(0, 300)).toBeGreaterThan(0);
  await held.release();
});

test('closing on release closes at once for the last holder only', async () => {
  const first = pool.acquire(options());
  const second = pool.acquire(options());
  await first.client.listImages();
  await first.release({ close: true, graceMs: 0 });
  expect(await openConnectionsSettle(0, 300)).toBeGreaterThan(0);
  await second.release({ close: true, graceMs: 0 });
  expect(await openConnectionsSettle(0)).toBe(0);
  // Asleep, not forgotten: the next lease reuses the session over a new connection.
  await callWith();
  expect(sim.control.loginCount()).toBe(1);
});

test('a forgotten entry, an evicted one and closeAll each close their connections', async () => {
  fakeOnlyDate();
  await callWith();
  jest.setSystemTime(Date.now() + DAY + 1000);
  pool.sweep();
  expect(pool.size).toBe(0);
  expect(await openConnectionsSettle(0)).toBe(0);

  // Three logins over a limit of two (told apart by TLS settings, which plain http ignores): the
  // least recently used is evicted and its sockets closed, so the count stays where it was.
  await callWith();
  await callWith({ tls: { acceptSelfSigned: true } });
  const before = sim.control.openConnections();
  await callWith({ tls: { ca: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n' } });
  expect(pool.size).toBe(2);
  expect(await openConnectionsSettle(before)).toBe(before);

  await pool.closeAll(0);
  expect(await openConnectionsSettle(0)).toBe(0);
});
