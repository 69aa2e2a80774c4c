/**
 * The pause between a wait's looks, and the cancel checks around every step: a pause ends on its
 * own and leaves nothing listening on the caller's signal (a long-lived Node-RED node reuses one
 * signal for every message); a cancel ends it at once with CANCELLED, naming what was cancelled,
 * and leaves no timer behind; an already cancelled signal never starts one.
 */
import { getEventListeners } from 'node:events';
import { cancelledError, pause, throwIfCancelled } from '../../core/cancel';
import { fakeOnlyTimeouts } from '../support/clock';

afterEach(() => jest.useRealTimers());

const listeners = (signal: AbortSignal) => getEventListeners(signal, 'abort').length;

test('a pause that runs out resolves and stops listening to the signal; a later cancel changes nothing', async () => {
  const controller = new AbortController();
  await expect(pause(5, controller.signal, 'the wait')).resolves.toBeUndefined();
  expect(listeners(controller.signal)).toBe(0);
  controller.abort();
});

test('a cancel during a pause rejects at once with CANCELLED, clears its timer and its listener', async () => {
  fakeOnlyTimeouts();
  const controller = new AbortController();
  const paused = pause(60_000, controller.signal, 'the wait for web');
  expect([jest.getTimerCount(), listeners(controller.signal)]).toEqual([1, 1]);
  controller.abort();
  await expect(paused).rejects.toMatchObject({ code: 'CANCELLED', message: 'Cancelled: the wait for web' });
  expect([jest.getTimerCount(), listeners(controller.signal)]).toEqual([0, 0]);
});

test('an already cancelled signal: the pause fails before it starts a timer', () => {
  fakeOnlyTimeouts();
  const controller = new AbortController();
  controller.abort();
  // Thrown as it is called: every caller awaits it inside an async step, where that is a rejection.
  expect(() => pause(60_000, controller.signal, 'the wait')).toThrow(expect.objectContaining({ code: 'CANCELLED' }));
  expect(jest.getTimerCount()).toBe(0);
});

test('throwIfCancelled throws only for a cancelled signal; cancelledError keeps details only when given', () => {
  const controller = new AbortController();
  expect(() => throwIfCancelled(undefined, 'x')).not.toThrow();
  expect(() => throwIfCancelled(controller.signal, 'x')).not.toThrow();
  controller.abort();
  expect(() => throwIfCancelled(controller.signal, 'the redeploy')).toThrow(
    expect.objectContaining({ code: 'CANCELLED', message: 'Cancelled: the redeploy' }),
  );
  expect(cancelledError('a', { sent: false }).details).toEqual({ sent: false });
  expect(cancelledError('a').details).toBeUndefined();
});
