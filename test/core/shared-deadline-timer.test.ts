/**
 * The transport's one deadline timer (core/request-cuts.ts) as requests with different deadlines
 * come and go: a later deadline must not push back an earlier one, a request cut at its deadline
 * must not take the other requests' deadlines with it, and after a cut the timer moves to the
 * earliest deadline left, not just to any. Each request is held by the simulator (1xx answers
 * that never end), so only its deadline or its caller's cancel can end it; the proof is which
 * request ends first and with which error. Then the abort handle undici subscribes to: the first
 * reason wins, only 'abort' listeners are called, and a removed listener is never called.
 */
import type { Transport } from '../../core';
import { CANCELLED, CLOSED, DeadlineWatch, TIMED_OUT } from '../../core/request-cuts';
import type { RunningSimulator } from '../../simulator';
import { transportEachTest } from '../support/device-each-test';

let sim: RunningSimulator;
let transport: Transport;
transportEachTest((s, t) => ((sim = s), (transport = t)));

const IMAGES = { method: 'GET', path: '/api/v1/docker/images' } as const;

interface Ended {
  lowLevelCode?: string;
  timedOut?: boolean;
  cancelled?: boolean;
  message?: string;
  status?: number;
}

interface Held {
  /** How the request ended: its TransportError, or its answer's status. */
  outcome: Promise<Ended>;
  /** Whether it has ended yet. */
  settled: () => boolean;
  cancel: () => void;
}

/**
 * A request the simulator never answers (endless 1xx), ended only by its deadline or `cancel()`;
 * or, with `trickleMs`, one whose answer comes a byte every `trickleMs`.
 */
function held(timeoutMs: number, trickleMs?: number): Held {
  sim.control.injectOnce(IMAGES, trickleMs ? { kind: 'trickle', intervalMs: trickleMs } : { kind: 'endless-1xx', intervalMs: 100 });
  const controller = new AbortController();
  let done = false;
  const outcome = transport.request({ ...IMAGES, headers: {}, timeoutMs, signal: controller.signal }).then(
    (res): Ended => ({ status: res.status }),
    (err: Ended) => err,
  );
  void outcome.finally(() => (done = true));
  return { outcome, settled: () => done, cancel: () => controller.abort() };
}

const timedOut = { lowLevelCode: 'TIMEOUT', timedOut: true, cancelled: false };
const cancelled = { lowLevelCode: 'CANCELLED', timedOut: false, cancelled: true };

test('a long request started after a short one does not push the short deadline back', async () => {
  const short = held(1000);
  const long = held(15_000);
  expect(await short.outcome).toMatchObject(timedOut);
  // Cut at its own deadline while the long one still runs; that one ends only when cancelled.
  expect(long.settled()).toBe(false);
  long.cancel();
  expect(await long.outcome).toMatchObject(cancelled);
});

test('a request cut at its deadline leaves the others their deadlines', async () => {
  const first = held(3000);
  const second = held(1000);
  expect(await second.outcome).toMatchObject(timedOut);
  expect(first.settled()).toBe(false);
  // Still on the watch: its own deadline ends it, not a cancel.
  expect(await first.outcome).toMatchObject(timedOut);
}, 20_000);

test('after a cut the timer moves to the earliest deadline left, not to the oldest request', async () => {
  const longest = held(15_000);
  const middle = held(2500);
  const shortest = held(1000);
  expect(await shortest.outcome).toMatchObject(timedOut);
  expect(await middle.outcome).toMatchObject(timedOut);
  expect(longest.settled()).toBe(false);
  longest.cancel();
  expect(await longest.outcome).toMatchObject(cancelled);
});

describe('what a cut request says', () => {
  test('a signal already aborted: cancelled before connecting, and nothing is sent', async () => {
    const before = sim.control.requestCount();
    const controller = new AbortController();
    controller.abort();
    const err = await transport.request({ ...IMAGES, headers: {}, timeoutMs: 5000, signal: controller.signal }).catch((e: unknown) => e);
    expect(err).toMatchObject({ message: 'the call was cancelled', phase: 'connect', ...cancelled });
    expect(sim.control.requestCount()).toBe(before);
  });

  test('close(0) with a request still waiting: CLOSED, saying the client was closed', async () => {
    sim.control.clearRequests();
    const waiting = held(30_000);
    while (sim.control.requestCount({ pathPrefix: IMAGES.path }) === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    await transport.close(0);
    expect(await waiting.outcome).toMatchObject({
      message: 'the client was closed while waiting for the answer',
      lowLevelCode: 'CLOSED',
      cancelled: false,
      timedOut: false,
    });
  });

  test('close() lets a request that finishes within its grace have its answer', async () => {
    sim.control.clearRequests();
    const finishing = held(30_000, 5);
    while (sim.control.requestCount({ pathPrefix: IMAGES.path }) === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    await transport.close();
    expect(await finishing.outcome).toEqual({ status: expect.any(Number) });
  });
});

describe('the abort handle of one request', () => {
  test('the first reason wins; later aborts change nothing and call no listener again', () => {
    const watch = new DeadlineWatch();
    const cut = watch.start(60_000);
    const calls: string[] = [];
    cut.once('abort', () => calls.push('undici'));
    cut.abort(CANCELLED);
    cut.abort(CLOSED);
    cut.abort(TIMED_OUT);
    expect(cut).toMatchObject({ aborted: true, reason: CANCELLED });
    expect(calls).toEqual(['undici']);
    watch.end(cut);
  });

  test("only 'abort' listeners are called", () => {
    const cut = new DeadlineWatch().start(60_000);
    const calls: string[] = [];
    cut.on('close', () => calls.push('close'));
    cut.on('abort', () => calls.push('abort'));
    cut.abort(TIMED_OUT);
    expect(calls).toEqual(['abort']);
  });

  test('a removed listener is not called; removing an unknown one, or under another event, removes nothing', () => {
    const cut = new DeadlineWatch().start(60_000);
    const calls: string[] = [];
    const first = () => calls.push('first');
    const second = () => calls.push('second');
    const third = () => calls.push('third');
    cut.on('abort', first).on('abort', second).on('abort', third);
    cut.removeListener('abort', first); // the first one added (index 0)
    cut.off('abort', () => calls.push('never added'));
    cut.removeListener('close', third);
    cut.abort(CLOSED);
    expect(calls).toEqual(['second', 'third']);
  });
});

describe('the list of running requests', () => {
  test('a request that ends leaves it, whether it was started last or first, and ending it twice is harmless', () => {
    const watch = new DeadlineWatch();
    const a = watch.start(60_000);
    const b = watch.start(60_000);
    const c = watch.start(60_000);
    expect(watch.running()).toEqual([c, b, a]);
    watch.end(c); // the newest: at the head
    expect(watch.running()).toEqual([b, a]);
    watch.end(c);
    expect(watch.running()).toEqual([b, a]);
    watch.end(a); // the oldest: at the tail
    expect(watch.running()).toEqual([b]);
    watch.end(b);
    expect(watch.running()).toEqual([]);
  });
});
