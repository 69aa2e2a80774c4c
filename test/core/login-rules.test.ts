/**
 * The session's rules as tables, because every login decision goes through them: which answers
 * mean "our session was not accepted" (401, 403, a redirect to a login page, nothing else), which
 * Set-Cookie starts a session (the `id` cookie, unless it is empty or cleared; an expiry by this
 * machine's possibly wrong clock is not judged), what a failed login says, and how long a retry
 * waits ("full jitter": between half the cap and the cap, the cap doubling up to the maximum).
 */
import { getEventListeners } from 'node:events';
import { loginFailure, loginUnreachable } from '../../core';
import { sessionCookieFromSetCookie } from '../../core/login';
import { backoffDelay, sleep } from '../../core/retry';
import { isSessionRejected } from '../../core/session';

test('a session is rejected by 401, 403 or a redirect to a login page, and by nothing else', () => {
  const rows: Array<[number, Record<string, string | string[] | undefined>, boolean]> = [
    [401, {}, true],
    [403, {}, true],
    [302, { location: '/login?next=/' }, true],
    [300, { location: '/Login' }, true],
    [399, { location: ['/auth/login', '/x'] }, true],
    [302, { location: '/dashboard' }, false],
    [302, {}, false],
    [400, { location: '/login' }, false],
    [299, { location: '/login' }, false],
    [200, {}, false],
    [404, {}, false],
  ];
  expect(rows.map(([status, headers]) => isSessionRejected(status, headers))).toEqual(rows.map(([, , want]) => want));
});

test('the id cookie starts a session unless empty or cleared; a wrong device clock does not end it', () => {
  const value = (h: string | string[] | undefined) => sessionCookieFromSetCookie(h)?.value;
  expect(value('id=s1; Path=/; HttpOnly')).toBe('s1');
  expect(value(['theme=dark', 'id=s2'])).toBe('s2');
  expect(value('theme=dark')).toBeUndefined();
  expect(value(undefined)).toBeUndefined();
  expect(value('id=; Path=/')).toBeUndefined();
  expect(value('id=s3; Max-Age=0')).toBeUndefined();
  expect(value('id=s3; Max-Age=-1')).toBeUndefined();
  expect(value('id=s3; Max-Age=60')).toBe('s3');
  expect(value('id=s4; Expires=Thu, 01 Jan 1970 00:00:00 GMT')).toBeUndefined();
  expect(value('id=s4; Expires=Fri, 31 Dec 1999 23:59:59 GMT')).toBeUndefined();
  // A device whose clock is years behind: its fresh cookie "expired" by ours, still a session.
  expect(value('id=s5; Expires=Sat, 01 Jan 2000 00:00:00 GMT')).toBe('s5');
  expect(value('id=s6; Expires=Wed, 01 Jan 2020 00:00:00 GMT')).toBe('s6');
  // Kept for the session's life whatever it said: the device decides when the session ends.
  const kept = sessionCookieFromSetCookie('id=s7; Max-Age=60')!;
  expect([kept.expires, kept.maxAge]).toEqual(['Infinity', null]);
});

test('a login answered without a session says what to check, by status', () => {
  const url = 'http://127.0.0.1:1';
  const rows = [404, 405, 500, 503, 401, 499].map((status) => {
    const e = loginFailure(url, '', status);
    return [status, e.code, e.message, e.details];
  });
  expect(rows).toEqual([
    [
      404,
      'BAD_RESPONSE',
      `${url} has no SecureEdge login at /auth/login (HTTP 404). Is this the URL of a SecureEdge Pro?`,
      { sent: false, loginSent: true },
    ],
    [
      405,
      'BAD_RESPONSE',
      `${url} has no SecureEdge login at /auth/login (HTTP 405). Is this the URL of a SecureEdge Pro?`,
      { sent: false, loginSent: true },
    ],
    [500, 'DEVICE_ERROR', 'The device failed to process the login (HTTP 500). Try again later.', { sent: false, loginSent: true }],
    [503, 'DEVICE_ERROR', 'The device failed to process the login (HTTP 503). Try again later.', { sent: false, loginSent: true }],
    [
      401,
      'AUTH_FAILED',
      "The device refused the login for user 'admin' (HTTP 401). Check the password: it is the one printed on the sticker on the device.",
      { sent: false, loginSent: true },
    ],
    [
      499,
      'AUTH_FAILED',
      "The device refused the login for user 'admin' (HTTP 499). Check the password: it is the one printed on the sticker on the device.",
      { sent: false, loginSent: true },
    ],
  ]);
  expect(loginFailure(url, 'operator', 403).message).toMatch(/^The device refused the login for user 'operator' \(HTTP 403\)\./);
  const lost = loginUnreachable(url, 'ECONNRESET', false, true);
  expect([lost.code, lost.message, lost.details]).toEqual([
    'NETWORK',
    `Cannot log in: the device at ${url} did not answer (ECONNRESET). Check the URL and that this machine can reach the device.`,
    { sent: false, loginSent: true },
  ]);
  expect(loginUnreachable(url, 'timeout', true).code).toBe('TIMEOUT');
  expect(loginUnreachable(url, 'timeout', true).details).toEqual({ sent: false });
});

test('a retry waits between half the cap and the cap; the cap doubles per attempt up to the maximum', () => {
  const policy = { retries: 9, baseDelayMs: 100, maxDelayMs: 1000 };
  for (const [attempt, cap] of [
    [0, 100],
    [1, 200],
    [2, 400],
    [3, 800],
    [4, 1000],
    [9, 1000],
  ]) {
    const delays = Array.from({ length: 400 }, () => backoffDelay(policy, attempt));
    expect([attempt, Math.min(...delays) >= cap / 2, Math.max(...delays) <= cap]).toEqual([attempt, true, true]);
    // Spread over the range, not stuck at one end (400 draws: both halves are all but certain).
    expect([attempt, delays.some((d) => d < cap * 0.75), delays.some((d) => d > cap * 0.75)]).toEqual([attempt, true, true]);
  }
});

test('sleep ends at once for a signal already aborted, and leaves no listener behind', async () => {
  const aborted = AbortSignal.abort();
  const first = await Promise.race([sleep(60_000, aborted).then(() => 'woke'), sleep(2000).then(() => 'slept')]);
  expect(first).toBe('woke');
  const live = new AbortController();
  await sleep(5, live.signal);
  expect(getEventListeners(live.signal, 'abort')).toHaveLength(0);
});

test('a failed login names the request it was (POST /auth/login), answered or not', () => {
  const url = 'http://127.0.0.1:1';
  const failures = [loginFailure(url, '', 401), loginFailure(url, '', 404), loginUnreachable(url, 'ECONNREFUSED', false)];
  expect(failures.map((e) => `${e.method} ${e.path}`)).toEqual(Array(3).fill('POST /auth/login'));
});
