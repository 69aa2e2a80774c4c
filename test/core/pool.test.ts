/**
 * The process-wide pool: a session outlives runs (a simulated day of scheduled runs logs in once),
 * a refused password is remembered (one refused login per backoff window, whatever the number of
 * calls), an unreachable device fails fast and recovers. Time moves by faking only Date (the pool,
 * the refusal memory and the simulator's session expiry all read it); sockets and timers stay real.
 */
import { inspect } from 'node:util';
import { DevicePool, OUTAGE_BACKOFF, POOL_IDLE_CLOSE_MS, REFUSAL_BACKOFF, type SecureEdgeClientOptions } from '../../core';
import { startSimulator, type RunningSimulator } from '../../simulator';
import { expectError } from '../support/client';
import { recordForScan, TEST_PASSWORD } from '../support/secrets';
import { startTestSimulator } from '../support/simulator';
import { fakeOnlyDate } from '../support/clock';

const DAY = 24 * 60 * 60_000;
const FIVE_MIN = 5 * 60_000;

let pool: DevicePool;
const closers: Array<() => Promise<void>> = [];
beforeEach(() => {
  pool = new DevicePool({ idleCloseMs: POOL_IDLE_CLOSE_MS, forgetMs: DAY, maxEntries: 8 });
});
afterEach(async () => {
  jest.useRealTimers();
  await pool.closeAll(0);
  while (closers.length) await closers.pop()!();
});

function options(sim: Pick<RunningSimulator, 'url'>, extra: Partial<SecureEdgeClientOptions> = {}): SecureEdgeClientOptions {
  return {
    url: sim.url,
    password: TEST_PASSWORD,
    timeoutMs: 5000,
    retry: { retries: 3, baseDelayMs: 5, maxDelayMs: 20 },
    logger: { debug: (m) => recordForScan('pool log', m), warn: (m) => recordForScan('pool log', m) },
    ...extra,
  };
}

/** One scheduled run of a 3-node workflow: each node leases a client, makes its call, gives it back. */
async function threeNodeRun(extra: Partial<SecureEdgeClientOptions> = {}, sim: Pick<RunningSimulator, 'url'>): Promise<void> {
  for (const call of ['listImages', 'listContainers', 'listImages'] as const) {
    const lease = pool.acquire(options(sim, extra));
    try {
      await lease.client[call]();
    } finally {
      await lease.release();
    }
  }
}

test('a simulated day: 288 runs of a 3-node workflow every 5 minutes log in exactly once', async () => {
  const sim = await startTestSimulator({ sessionLifetimeMs: DAY });
  closers.push(() => sim.close());
  const clock = fakeOnlyDate();
  for (let run = 0; run < 288; run++) {
    await threeNodeRun({}, sim);
    clock.advance(FIVE_MIN);
  }
  expect(sim.control.requestCount({ pathPrefix: '/api/' })).toBe(288 * 3);
  expect(sim.control.loginCount()).toBe(1);
  expect(pool.loginCount).toBe(1);
  // Run 289 is 24 h after the login: the device, not our clock, ends the session (401), and one login follows.
  await threeNodeRun({}, sim);
  expect(sim.control.loginCount()).toBe(2);
  expect(sim.control.requests.filter((r) => r.status === 401)).toHaveLength(1);
}, 180_000); // 867 requests over real HTTP: seconds on an idle machine, more on a busy CI one

test('clients with different timeouts, loggers and retries share one session; another password is another login', async () => {
  const sim = await startTestSimulator();
  closers.push(() => sim.close());
  await Promise.all([1000, 5000, 20_000].map(async (timeoutMs) => threeNodeRun({ timeoutMs }, sim)));
  expect(sim.control.loginCount()).toBe(1);
  expect(pool.size).toBe(1);
  const other = pool.acquire(options(sim, { password: 'a-changed-password' }));
  await expectError(() => other.client.listImages());
  await other.release();
  expect(pool.size).toBe(2);
  expect(sim.control.loginCount()).toBe(2);
});

test('a wrong password over 100 items x 3 nodes sends one refused login, then waits its window, doubling', async () => {
  const sim = await startTestSimulator();
  closers.push(() => sim.close());
  const clock = fakeOnlyDate();
  const wrong = { password: 'wrong-password' };
  const leases = [0, 1, 2].map(() => pool.acquire(options(sim, wrong)));
  const results = await Promise.allSettled(leases.flatMap((l) => Array.from({ length: 100 }, () => l.client.listContainers())));
  await Promise.all(leases.map((l) => l.release()));
  expect(results.every((r) => r.status === 'rejected' && (r.reason as { code?: string }).code === 'AUTH_FAILED')).toBe(true);
  expect(sim.control.loginCount()).toBe(1);
  expect(sim.control.requestCount({ pathPrefix: '/api/' })).toBe(0);
  const refused = (results[299] as PromiseRejectedResult).reason as Error;
  expect(refused.message).toMatch(/no login is sent again before \d{4}-\d\d-\d\dT[\d:]+Z \(in 30 s\)/);
  const remembered = await expectError(() => threeNodeRun(wrong, sim));
  expect(remembered.message).toMatch(/refused the login.*sticker.*no login is sent before \d{4}-\d\d-\d\dT[\d:]+Z \(in 30 s\)/);
  expect(remembered.details).toMatchObject({ sent: false, remembered: true });

  // Just inside the window: still nothing sent.
  clock.advance(REFUSAL_BACKOFF.firstMs - 1000);
  await expectError(() => threeNodeRun(wrong, sim));
  expect(sim.control.loginCount()).toBe(1);
  // After it: one more try, refused again, and the next window is twice as long.
  clock.advance(2000);
  const again = await expectError(() => threeNodeRun(wrong, sim));
  expect(again.message).toMatch(/\(in 60 s\)/);
  expect(sim.control.loginCount()).toBe(2);
  clock.advance(REFUSAL_BACKOFF.firstMs + 1000);
  await expectError(() => threeNodeRun(wrong, sim));
  expect(sim.control.loginCount()).toBe(2);

  // The right password is another pool entry: tried at once.
  await threeNodeRun({}, sim);
  expect(sim.control.loginCount()).toBe(3);
});

test('the device password is changed back: a success resets the refusal window', async () => {
  const sim = await startTestSimulator();
  closers.push(() => sim.close());
  const clock = fakeOnlyDate();
  sim.control.setOptions({ password: 'temporarily-other' });
  await expectError(() => threeNodeRun({}, sim));
  expect(sim.control.loginCount()).toBe(1);
  sim.control.setOptions({ password: TEST_PASSWORD });
  clock.advance(REFUSAL_BACKOFF.firstMs + 1000);
  await threeNodeRun({}, sim);
  expect(sim.control.loginCount()).toBe(2);
  // Reset: a later refusal starts again at the first window, not the doubled one.
  sim.control.expireAllSessions();
  sim.control.setOptions({ password: 'temporarily-other' });
  const err = await expectError(() => threeNodeRun({}, sim));
  expect(err.message).toMatch(/\(in 30 s\)/);
});

test('the device off: the first call finds out, the next 99 fail at once, and calls work again once it is back', async () => {
  const probe = await startSimulator({ password: TEST_PASSWORD });
  const port = probe.port;
  await probe.close();
  const off = { url: `http://127.0.0.1:${port}` };
  const lease = pool.acquire(options(off));
  const first = await expectError(() => lease.client.listImages());
  expect(first.code).toBe('NETWORK');
  const durations: number[] = [];
  let remembered = 0;
  for (let i = 0; i < 99; i++) {
    const started = Date.now();
    const err = await expectError(() => lease.client.listImages());
    durations.push(Date.now() - started);
    expect(err.code).toBe('NETWORK');
    expect(err.details).toMatchObject({ sent: false });
    if (err.details?.remembered === true) remembered++;
  }
  // Nothing was even tried: calls end at once. Only a call after a window ends probes the device
  // again (with its retries); the windows double, so over these calls that happens a few times at most.
  expect(remembered).toBeGreaterThanOrEqual(95);
  durations.sort((a, b) => a - b);
  expect(durations[49]).toBeLessThan(100);
  expect(OUTAGE_BACKOFF.firstMs).toBeLessThan(5000);

  const sim = await startTestSimulator({ port });
  closers.push(() => sim.close());
  await new Promise((resolve) => setTimeout(resolve, OUTAGE_BACKOFF.firstMs + 200));
  await expect(lease.client.listImages()).resolves.toEqual(expect.any(Array));
  await lease.release();
  expect(sim.control.loginCount()).toBe(1);
});

test('an idle entry sleeps (connections closed) and keeps its session; a forgotten one logs in again', async () => {
  const sim = await startTestSimulator({ sessionLifetimeMs: 3 * DAY });
  closers.push(() => sim.close());
  const clock = fakeOnlyDate();
  await threeNodeRun({}, sim);
  clock.advance(POOL_IDLE_CLOSE_MS + 1000);
  pool.sweep();
  await threeNodeRun({}, sim);
  expect(sim.control.loginCount()).toBe(1);
  clock.advance(DAY + 1000);
  pool.sweep();
  expect(pool.size).toBe(0);
  await threeNodeRun({}, sim);
  expect(sim.control.loginCount()).toBe(2);
});

test('the pool, its clients and their sessions show no password or cookie in inspect or JSON', async () => {
  const sim = await startTestSimulator();
  closers.push(() => sim.close());
  const lease = pool.acquire(options(sim));
  await lease.client.listImages();
  const cookies = sim.control.issuedSessionCookies();
  expect(cookies).toHaveLength(1);
  const client = lease.client as unknown as Record<string, unknown>;
  const views = [pool, lease, client, client.session, client.api, client.transport].flatMap((o) => [
    inspect(o, { depth: 10, showHidden: true }),
    inspect(o, { depth: 10, showHidden: true, customInspect: false }),
    JSON.stringify(o) ?? '',
  ]);
  recordForScan('pool views', views.join('\n'));
  for (const v of views) {
    expect(v).not.toContain(TEST_PASSWORD);
    expect(v).not.toContain(encodeURIComponent(TEST_PASSWORD));
    for (const c of cookies) expect(v).not.toContain(c);
  }
  expect(inspect(lease.client)).toContain('loginCount: 1');
  await lease.release();
});
