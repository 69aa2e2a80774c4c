/** Poll with a deadline instead of the vendor scripts' fixed sleeps. */
import { sleep } from './retry';

export interface PollTiming {
  /** First pause between probes. */
  intervalMs: number;
  /** Pauses grow by half each time up to this, so long waits do not hammer the device. */
  maxIntervalMs: number;
}

export const DEFAULT_POLL: PollTiming = { intervalMs: 250, maxIntervalMs: 2000 };

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
