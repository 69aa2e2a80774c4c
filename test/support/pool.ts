/** What the pool suites share: lease options for a simulator, one call through a fresh lease, the per-test hooks. */
import { DevicePool, type SecureEdgeClientOptions } from '../../core';
import type { RunningSimulator, SimulatorOptions } from '../../simulator';
import { recordForScan, TEST_PASSWORD } from './secrets';
import { startTestSimulator } from './simulator';

/** A lease's options: no retries (a failure shows at once), every log line to the secret scan. */
export function leaseOptions(sim: Pick<RunningSimulator, 'url'>, extra: Partial<SecureEdgeClientOptions> = {}): SecureEdgeClientOptions {
  return {
    url: sim.url,
    password: TEST_PASSWORD,
    timeoutMs: 5000,
    retry: { retries: 0 },
    logger: { debug: (m) => recordForScan('pool log', m), warn: (m) => recordForScan('pool log', m) },
    ...extra,
  };
}

/** One call through a fresh lease, released after: one node run. */
export async function callThroughLease(
  pool: DevicePool,
  sim: Pick<RunningSimulator, 'url'>,
  extra: Partial<SecureEdgeClientOptions> = {},
): Promise<void> {
  const lease = pool.acquire(leaseOptions(sim, extra));
  await lease.client.listImages();
  await lease.release();
}

/** The pool suites' settings: connections close after a minute idle, an entry is forgotten after a day. */
export const TEST_POOL_SETTINGS = { idleCloseMs: 60_000, forgetMs: 24 * 60 * 60_000 };

/**
 * A simulator and a pool for each test, both closed after it (real timers first: a test that faked
 * them must not leave closeAll waiting on a fake clock).
 */
export function poolEachTest(
  use: (sim: RunningSimulator, pool: DevicePool) => void,
  maxEntries: number,
  simulator: SimulatorOptions = {},
): void {
  let sim: RunningSimulator | undefined;
  let pool: DevicePool | undefined;
  beforeEach(async () => {
    sim = await startTestSimulator(simulator);
    pool = new DevicePool({ ...TEST_POOL_SETTINGS, maxEntries });
    use(sim, pool);
  });
  afterEach(async () => {
    jest.useRealTimers();
    await pool?.closeAll(0);
    await sim?.close();
  });
}
