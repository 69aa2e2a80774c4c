/** Poll with a deadline instead of the vendor scripts' fixed sleeps. */
import { pause } from './cancel';

export interface PollTiming {
  /** Pause between probes while the wait is young. */
  intervalMs: number;
  /** How long the pauses stay at `intervalMs`; after that they grow by half each time. */
  tightForMs: number;
  /** Pauses grow up to this, so long waits do not hammer the device. */
  maxIntervalMs: number;
}

// The first probe runs as soon as an action is answered. Most device steps (stop, start, remove)
// end within a second, so for that second we probe every 25 ms: a wait then ends within one short
// pause of the device being done (the redeploy bench's `redeployOvershootMs`). Past that second a
// step is a slow one (a large image, a stubborn container) and the pauses grow, gently, to 1.5 s.
export const DEFAULT_POLL: PollTiming = { intervalMs: 25, tightForMs: 1000, maxIntervalMs: 1500 };

/** Failures worth polling through: the rule lives with the other failure rules. */
export { isPassingPollFailure } from './failure-rules';

/** "0.4 s", "12 s": durations in messages. */
export function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

/**
 * Call `probe` until it returns a value other than undefined or `deadline` (epoch ms) passes.
 * The first probe runs at once; the last one runs at the deadline, never later. A fired `signal`
 * ends the wait with CANCELLED (polls only read, so stopping one is always safe).
 */
export async function pollUntil<T>(
  probe: () => Promise<T | undefined>,
  deadline: number,
  timing: PollTiming,
  signal?: AbortSignal,
  what = 'the wait was stopped.',
): Promise<{ done: true; value: T } | { done: false }> {
  const started = Date.now();
  let interval = timing.intervalMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return { done: true, value };
    const left = deadline - Date.now();
    if (left <= 0) return { done: false };
    await pause(Math.min(interval, left), signal, what);
    if (Date.now() - started >= (timing.tightForMs ?? 0)) interval = Math.min(timing.maxIntervalMs, Math.round(interval * 1.5));
  }
}
