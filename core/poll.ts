/** Poll with a deadline instead of the vendor scripts' fixed sleeps. */
import { sleep } from './retry';
import { DEFAULTS } from './rules';

export interface PollTiming {
  /** First pause between probes. */
  intervalMs: number;
  /** Pauses grow by half each time up to this, so long waits do not hammer the device. */
  maxIntervalMs: number;
}

// Short first pauses: most steps finish within a fraction of a second on the device, and a wait
// should end close to when the device is done. Pauses grow so that long waits stay gentle.
export const DEFAULT_POLL: PollTiming = { intervalMs: DEFAULTS.pollIntervalMs, maxIntervalMs: DEFAULTS.pollMaxIntervalMs };

/** Failures worth polling through: the device is busy or briefly unreachable, not wrong. */
export function isPassingPollFailure(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return code === 'DEVICE_ERROR' || code === 'NETWORK' || code === 'TIMEOUT' || code === 'BAD_RESPONSE';
}

/** "0.4 s", "12 s": durations in messages. */
export function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

/**
 * Call `probe` until it returns a value other than undefined or `deadline` (epoch ms) passes.
 * The first probe runs at once; the last one runs at the deadline, never later.
 */
export async function pollUntil<T>(
  probe: () => Promise<T | undefined>,
  deadline: number,
  timing: PollTiming,
): Promise<{ done: true; value: T } | { done: false }> {
  let interval = timing.intervalMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return { done: true, value };
    const left = deadline - Date.now();
    if (left <= 0) return { done: false };
    await sleep(Math.min(interval, left));
    interval = Math.min(timing.maxIntervalMs, Math.round(interval * 1.5));
  }
}
