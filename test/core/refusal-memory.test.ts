/**
 * The refusal memory on a clock of our own (its constructor takes one), to the millisecond: a
 * window ends exactly at its end, a remembered error says how long is left, an outage's error
 * keeps its own details (a login field only where the first error had one), and any answer from
 * the device ends an outage, so the next one starts short again instead of doubling.
 */
import { SecureEdgeError } from '../../core';
import { OUTAGE_BACKOFF, REFUSAL_BACKOFF, RefusalMemory } from '../../core/refusal-memory';

const T0 = Date.parse('2026-11-28T02:00:00Z');
let now = T0;
let memory: RefusalMemory;
beforeEach(() => {
  now = T0;
  memory = new RefusalMemory(() => now);
});

const refusedLogin = () =>
  new SecureEdgeError({
    code: 'AUTH_FAILED',
    status: 401,
    message: 'The device refused the password.',
    details: { sent: false, loginSent: true },
  });
const unreachable = () =>
  new SecureEdgeError({ code: 'NETWORK', message: 'Cannot reach the device. Check the URL.', details: { sent: false } });

test('a refusal window ends exactly at its end: one millisecond before, the login is still refused from memory', () => {
  memory.refused(refusedLogin());
  now = T0 + REFUSAL_BACKOFF.firstMs - 1;
  expect(memory.beforeLogin()?.code).toBe('AUTH_FAILED');
  now = T0 + REFUSAL_BACKOFF.firstMs;
  expect(memory.beforeLogin()).toBeUndefined();
});

test('a remembered refusal says how long is left and that nothing, not even a login, was sent', () => {
  memory.refused(refusedLogin());
  now = T0 + 10_000;
  const err = memory.beforeLogin()!;
  expect(err.message).toBe(
    'The device refused the password. To protect the device from repeated refused logins, no login is sent before 2026-11-28T02:00:30Z (in 20 s); nothing was sent. A changed password is tried at once.',
  );
  expect(err.details).toEqual({ sent: false, loginSent: false, remembered: true, retryAt: '2026-11-28T02:00:30.000Z' });
});

test('a remembered outage names when it was seen and how long is left, and adds no login field', () => {
  memory.unreachable(unreachable());
  now = T0 + 500;
  const err = memory.beforeCall()!;
  expect(err.message).toBe(
    'The device could not be reached at 2026-11-28T02:00:00Z; calls fail at once until 2026-11-28T02:00:02Z (in 2 s) instead of waiting on it again, and nothing was sent. The last failure: Cannot reach the device.',
  );
  expect(err.details).toEqual({ sent: false, remembered: true, retryAt: '2026-11-28T02:00:02.000Z' });
});

test('an answer ends an outage: the next one starts at the first window again, not doubled', () => {
  memory.unreachable(unreachable());
  now = T0 + OUTAGE_BACKOFF.firstMs;
  memory.answered();
  memory.unreachable(unreachable());
  now += OUTAGE_BACKOFF.firstMs;
  expect(memory.beforeCall()).toBeUndefined();

  // Without an answer in between, the second window is twice as long.
  memory = new RefusalMemory(() => now);
  const start = now;
  memory.unreachable(unreachable());
  now = start + OUTAGE_BACKOFF.firstMs;
  memory.unreachable(unreachable());
  now += OUTAGE_BACKOFF.firstMs;
  expect(memory.beforeCall()?.code).toBe('NETWORK');
});
