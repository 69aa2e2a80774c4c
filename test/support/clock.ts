/**
 * Fake only Date, so time can jump a day while the simulator's sockets, every deadline and every
 * timer stay real: the pool, the refusal memory and the simulator's session expiry all read Date.
 * Undo with jest.useRealTimers() (an afterEach in each suite that uses it).
 */
export function fakeOnlyDate(now = Date.now()): { advance(ms: number): void } {
  jest.useFakeTimers({
    now,
    doNotFake: [
      'hrtime',
      'nextTick',
      'performance',
      'queueMicrotask',
      'setImmediate',
      'clearImmediate',
      'setInterval',
      'clearInterval',
      'setTimeout',
      'clearTimeout',
    ],
  });
  return { advance: (ms) => jest.setSystemTime(Date.now() + ms) };
}
