/**
 * Fake one kind of time and leave the rest real, so the simulator's sockets keep working while a
 * test moves the clock it is about. Undo with jest.useRealTimers() (an afterEach in each suite that
 * uses them, or before the hooks close the client and the simulator).
 */

/** Everything Jest can fake; each helper below leaves all but its own kind real. */
const FAKEABLE = [
  'Date',
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
] as const;
type Fakeable = (typeof FAKEABLE)[number];

const allBut = (faked: Fakeable[]) => FAKEABLE.filter((k) => !faked.includes(k));

/**
 * Fake only Date, so time can jump a day while the simulator's sockets, every deadline and every
 * timer stay real: the pool, the refusal memory and the simulator's session expiry all read Date.
 */
export function fakeOnlyDate(now = Date.now()): { advance(ms: number): void } {
  jest.useFakeTimers({ now, doNotFake: allBut(['Date']) });
  return { advance: (ms) => jest.setSystemTime(Date.now() + ms) };
}

/**
 * Fake only setTimeout and clearTimeout: no timeout fires unless advanced, and jest.getTimerCount()
 * moves only by what the code under test does; sockets, setImmediate and Date stay real.
 */
export function fakeOnlyTimeouts(): void {
  jest.useFakeTimers({ doNotFake: allBut(['setTimeout', 'clearTimeout']) });
}

/** Fake only setInterval and clearInterval: jest.getTimerCount() then counts the intervals the code keeps. */
export function fakeOnlyIntervals(): void {
  jest.useFakeTimers({ doNotFake: allBut(['setInterval', 'clearInterval']) });
}
