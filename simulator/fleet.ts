/** Many simulated devices at once, each on its own port with its own state, for fleet tests. */
import { startSimulator } from './simulator';
import type { Fleet, SimulatorOptions } from './types';

/**
 * Starts `count` devices with the same options. A given non-zero port is the first device's;
 * the others take the ports after it. A given seed is the first device's; the others take seed+1, ...
 */
export async function startFleet(count: number, options: SimulatorOptions = {}): Promise<Fleet> {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`startFleet: count must be a non-negative integer, got ${count}`);
  const started = await Promise.allSettled(
    Array.from({ length: count }, (_, i) =>
      startSimulator({
        ...options,
        port: options.port ? options.port + i : 0,
        seed: options.seed === undefined ? undefined : options.seed + i,
      }),
    ),
  );
  const devices = started.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    await Promise.all(devices.map((d) => d.close()));
    throw failed.reason;
  }
  let closing: Promise<void> | undefined;
  return {
    devices,
    close: () => (closing ??= Promise.all(devices.map((d) => d.close())).then(() => undefined)),
  };
}
