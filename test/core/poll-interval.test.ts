/**
 * How often a wait looks: every `intervalMs` while the wait is young (`tightForMs`), then each
 * pause half as long again as the one before, up to `maxIntervalMs`; the last look is at the
 * deadline, never later, and a look exactly at the deadline is the last. The timers and the clock
 * are fake, so each look's time is exact; the probe only notes when it was called (a device read
 * would add nothing here but real time, which is what the fake clock leaves out).
 */
import { pollUntil, type PollTiming } from '../../core/poll';

const TIMING: PollTiming = { intervalMs: 100, tightForMs: 300, maxIntervalMs: 400 };

/** Poll a probe that never answers until `deadlineIn` ms from now; the times of its calls, from the start. */
async function looks(deadlineIn: number, timing: PollTiming = TIMING): Promise<{ result: unknown; at: number[] }> {
  const start = Date.now();
  const at: number[] = [];
  const polling = pollUntil(
    async () => {
      at.push(Date.now() - start);
      return undefined;
    },
    start + deadlineIn,
    timing,
  );
  await jest.runAllTimersAsync();
  return { result: await polling, at };
}

beforeEach(() => jest.useFakeTimers({ now: 1_700_000_000_000 }));
afterEach(() => jest.useRealTimers());

test('tight for 300 ms, then each pause 1.5 times the last, up to the maximum; a look exactly at the deadline is the last', async () => {
  const { result, at } = await looks(1413);
  expect(result).toEqual({ done: false });
  //            100  100  100  150  225  338   400   400 (pauses)
  expect(at).toEqual([0, 100, 200, 300, 450, 675, 1013, 1413]);
});

test('the pause before the deadline is cut short: the last look is at the deadline', async () => {
  const { at } = await looks(1300);
  expect(at).toEqual([0, 100, 200, 300, 450, 675, 1013, 1300]);
});

test('without a tight window the pauses grow from the first one', async () => {
  const { at } = await looks(1000, { intervalMs: 100, tightForMs: 0, maxIntervalMs: 300 });
  //            100  150  225  300  (pauses)
  expect(at).toEqual([0, 100, 250, 475, 775, 1000]);
});

test('a probe that answers ends the wait with its value at once', async () => {
  let calls = 0;
  const polling = pollUntil(async () => (++calls === 3 ? 'running' : undefined), Date.now() + 10_000, TIMING);
  await jest.runAllTimersAsync();
  expect(await polling).toEqual({ done: true, value: 'running' });
  expect(calls).toBe(3);
});
