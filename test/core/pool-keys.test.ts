/**
 * What makes two leases share a pooled login, and what ends an entry: the user, the password and
 * every TLS setting are part of the key (a client that trusts another CA must not ride a session
 * opened under other checks); the least recently used idle entries go first beyond the limit,
 * never one in use; a lease released twice counts once; closing on release waits for the last
 * holder; the session's own log lines go to the most recent lease's logger.
 */
import { inspect } from 'node:util';
import { createUndiciTransport, DevicePool, type SecureEdgeClientOptions } from '../../core';
import type { RunningSimulator } from '../../simulator';
import { callThroughLease, leaseOptions, poolEachTest, TEST_POOL_SETTINGS } from '../support/pool';
import { recordForScan } from '../support/secrets';
import { fakeOnlyDate } from '../support/clock';

const DAY = 24 * 60 * 60_000;
let sim: RunningSimulator;
let pool: DevicePool;

poolEachTest((s, p) => ((sim = s), (pool = p)), 3);

const options = (extra: Partial<SecureEdgeClientOptions> = {}) => leaseOptions(sim, extra);
const callWith = (extra: Partial<SecureEdgeClientOptions> = {}) => callThroughLease(pool, sim, extra);

test('the same login shares one entry; user, password and each TLS setting make another', async () => {
  await callWith();
  await callWith({ timeoutMs: 9000 });
  expect(pool.size).toBe(1);
  expect(sim.control.loginCount()).toBe(1);

  const bigger = new DevicePool({ ...TEST_POOL_SETTINGS, maxEntries: 10 });
  try {
    const variants: Partial<SecureEdgeClientOptions>[] = [
      {},
      { username: 'operator' },
      { tls: { acceptSelfSigned: true } },
      { tls: { ca: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n' } },
      { tls: { ca: '-----BEGIN CERTIFICATE-----\nBBBB\n-----END CERTIFICATE-----\n' } },
    ];
    for (const v of variants) bigger.acquire(options(v));
    expect(bigger.size).toBe(variants.length);
    // The same settings again: no new entry.
    for (const v of variants) bigger.acquire(options(v));
    expect(bigger.size).toBe(variants.length);
  } finally {
    await bigger.closeAll(0);
  }
});

test('beyond the limit the least recently used idle entry is forgotten, never one in use', async () => {
  // Four logins the device accepts, told apart by their TLS settings (plain http ignores them).
  const [held, second, third, fourth] = [
    {},
    { tls: { acceptSelfSigned: true } },
    { tls: { ca: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n' } },
    { tls: { ca: '-----BEGIN CERTIFICATE-----\nBBBB\n-----END CERTIFICATE-----\n' } },
  ];
  // The clock stands still: every use falls in the same millisecond, as on a fast machine, so the
  // order of use must decide, not the times.
  fakeOnlyDate();
  const holding = pool.acquire(options(held));
  await holding.client.listImages();
  await callWith(second);
  await callWith(third);
  // Used again: now 'third' is the least recently used idle entry, though 'second' came first.
  await callWith(second);
  expect(pool.size).toBe(3);
  await callWith(fourth);
  // The held entry is the oldest but in use; 'third' is the least recently used idle one.
  expect(pool.size).toBe(3);
  expect(sim.control.loginCount()).toBe(4);
  await callWith(second);
  await holding.client.listImages();
  expect(sim.control.loginCount()).toBe(4);
  await callWith(third);
  expect(sim.control.loginCount()).toBe(5);
  await holding.release();
});

test('a lease released twice counts once: the entry stays while another lease holds it', async () => {
  fakeOnlyDate();
  sim.control.setOptions({ sessionLifetimeMs: 3 * DAY });
  const first = pool.acquire(options());
  const second = pool.acquire(options());
  await second.client.listImages();
  await first.release();
  await first.release();
  jest.setSystemTime(Date.now() + DAY + 1000);
  pool.sweep();
  expect(pool.size).toBe(1);
  const third = pool.acquire(options());
  await third.client.listImages();
  expect(sim.control.loginCount()).toBe(1);
  await Promise.all([second.release(), third.release()]);
});

test('closing on release waits for the last holder: a call still running on another lease finishes', async () => {
  const first = pool.acquire(options());
  const second = pool.acquire(options());
  await second.client.listImages();
  sim.control.setFaults({ latencyMs: 300 });
  const running = second.client.listImages();
  await new Promise((resolve) => setTimeout(resolve, 50));
  await first.release({ close: true, graceMs: 0 });
  await expect(running).resolves.toEqual(expect.any(Array));
  await second.release();
});

test('the session’s login line goes to the logger of the most recent lease', async () => {
  const lines: Record<string, string[]> = { a: [], b: [] };
  const logger = (k: 'a' | 'b') => ({ debug: (m: string) => lines[k].push(m), warn: (m: string) => lines[k].push(m) });
  const a = pool.acquire(options({ logger: logger('a') }));
  await a.release();
  const b = pool.acquire(options({ logger: logger('b') }));
  await b.client.listImages();
  await b.release();
  expect(lines.b.some((l) => /^POST \/auth\/login -> 200, session started/.test(l))).toBe(true);
  expect(lines.a.some((l) => l.includes('/auth/login'))).toBe(false);
});

test('every acquire sweeps: a long-unused entry is forgotten without waiting for the timer', async () => {
  fakeOnlyDate();
  await callWith();
  jest.setSystemTime(Date.now() + DAY + 1000);
  const other = pool.acquire(options({ tls: { acceptSelfSigned: true } }));
  expect(pool.size).toBe(1);
  await other.release();
});

test('a client with its own transport is not pooled, and closing on release closes that transport', async () => {
  const transport = createUndiciTransport({ origin: sim.url, connectTimeoutMs: 2000 });
  const lease = pool.acquire(options({ transport }));
  expect(pool.size).toBe(0);
  await lease.client.listImages();
  sim.control.setFaults({ latencyMs: 500 });
  const running = lease.client.listImages().catch((e: unknown) => e);
  await new Promise((resolve) => setTimeout(resolve, 100));
  await lease.release({ close: true, graceMs: 0 });
  // Cut by the close: the call does not get its answer.
  expect(await running).toMatchObject({ code: 'NETWORK' });
  expect(pool.size).toBe(0);
  await transport.close();
});

test('the pool shows its size and login count in JSON and inspect, and nothing else', async () => {
  await callWith();
  expect(JSON.parse(JSON.stringify(pool))).toEqual({ size: 1, loginCount: 1 });
  expect(inspect(pool)).toBe('DevicePool { size: 1, loginCount: 1 }');
});

test('a refused login’s warning goes to the logger of the lease that made the call', async () => {
  const lines: string[] = [];
  const lease = pool.acquire(options({ password: 'wrong-password', logger: { debug: () => undefined, warn: (m) => lines.push(m) } }));
  await lease.client.listImages().catch((e: unknown) => recordForScan('thrown error', e));
  await lease.release();
  expect(lines).toContain('POST /auth/login -> 401, no session cookie');
});
