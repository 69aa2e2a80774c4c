/** What the pool suites share: lease options for a simulator, and one call through a fresh lease. */
import type { DevicePool, SecureEdgeClientOptions } from '../../core';
import type { RunningSimulator } from '../../simulator';
import { recordForScan, TEST_PASSWORD } from './secrets';

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
