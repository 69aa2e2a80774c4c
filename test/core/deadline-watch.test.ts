/**
 * The transport keeps ONE deadline timer for all its running requests (core/request-cuts.ts): it
 * is set to the earliest deadline and moves on from there. These prove what that must not break:
 * a short request started while a long one runs still ends at its own deadline, a request started
 * after the timer last fired still gets one, and a caller's signal shared by many requests cancels
 * every one of them, and only them.
 */
import { TransportError, type Transport } from '../../core';
import { transportEachTest } from '../support/device-each-test';
import type { RunningSimulator } from '../../simulator';

let sim: RunningSimulator;
let transport: Transport;
transportEachTest((s, t) => ((sim = s), (transport = t)));

const IMAGES = { method: 'GET', path: '/api/v1/docker/images' } as const;

/** A GET of the image list whose answer the simulator trickles a byte at a time (never complete in time). */
function trickled(timeoutMs: number, signal?: AbortSignal): Promise<{ err: unknown; ms: number }> {
  sim.control.injectOnce(IMAGES, { kind: 'trickle', intervalMs: 100 });
  const started = performance.now();
  return transport.request({ ...IMAGES, headers: {}, timeoutMs, signal }).then(
    () => ({ err: undefined, ms: performance.now() - started }),
    (err: unknown) => ({ err, ms: performance.now() - started }),
  );
}

const timedOut = { timedOut: true, cancelled: false, lowLevelCode: 'TIMEOUT' };

test('a short request started while a long one runs ends at its own deadline; a later one gets its own too', async () => {
  const cancelLong = new AbortController();
  const long = trickled(60_000, cancelLong.signal);
  await new Promise((resolve) => setTimeout(resolve, 200));
  const short = await trickled(1500);
  expect(short.err).toBeInstanceOf(TransportError);
  expect(short.err).toMatchObject(timedOut);
  expect(short.ms).toBeGreaterThanOrEqual(1500 * 0.9);
  expect(short.ms).toBeLessThanOrEqual(1500 * 1.5);
  // The timer has fired and moved on to the long request; a new, shorter one must still be cut.
  const later = await trickled(1000);
  expect(later.err).toMatchObject(timedOut);
  expect(later.ms).toBeGreaterThanOrEqual(1000 * 0.9);
  expect(later.ms).toBeLessThanOrEqual(1000 * 1.5);
  // The long one is still running: neither deadline cut it.
  cancelLong.abort();
  expect((await long).err).toMatchObject({ cancelled: true, timedOut: false });
});

test('one signal shared by several requests cancels all of them at once, and no other request', async () => {
  const shared = new AbortController();
  const mine = [trickled(30_000, shared.signal), trickled(30_000, shared.signal), trickled(30_000, shared.signal)];
  const other = trickled(30_000);
  await new Promise((resolve) => setTimeout(resolve, 300));
  shared.abort();
  for (const r of await Promise.all(mine)) {
    expect(r.err).toMatchObject({ cancelled: true, timedOut: false, lowLevelCode: 'CANCELLED' });
    expect(r.ms).toBeLessThan(3000);
  }
  // Not cancelled by someone else's signal: only close() ends it, as a closed client.
  const closing = transport.close(0);
  expect((await other).err).toMatchObject({ lowLevelCode: 'CLOSED', cancelled: false });
  await closing;
});
