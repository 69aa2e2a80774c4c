/**
 * The device's login, as pure pieces: the request to send, and how to read the answer. The core
 * session sends it with its own transport; n8n's credential sends it with n8n's HTTP helper (so
 * n8n's proxy settings apply). Both read the answer here, so "success = an id cookie was set" and
 * the messages for each failure exist once.
 */
import type { Cookie } from 'tough-cookie';
import { toughCookie } from './lazy-require';
import { SecureEdgeError } from './errors';

export const LOGIN_PATH = '/auth/login';
export const SESSION_COOKIE = 'id';

export interface LoginForm {
  method: 'POST';
  path: string;
  headers: Record<string, string>;
  body: string;
}

export function loginForm(username: string, password: string): LoginForm {
  return {
    method: 'POST',
    path: LOGIN_PATH,
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json, text/html;q=0.5' },
    body: new URLSearchParams({ username: username || 'admin', password }).toString(),
  };
}

/**
 * The `id` session cookie from Set-Cookie headers, or undefined. Its expiry is NOT judged by this
 * machine's clock: devices on plant networks often have a wrong clock, and a cookie "expired on
 * arrival" would look like a refused login. The device decides when a session ends (it answers
 * 401/403/redirect, and we log in again). Only an empty value, Max-Age<=0, or an Expires in the
 * distant past (the usual way to clear a cookie) mean "no session".
 */
export function sessionCookieFromSetCookie(setCookie: string | string[] | undefined): Cookie | undefined {
  for (const header of Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []) {
    const cookie = toughCookie().Cookie.parse(header, { loose: false });
    if (!cookie || cookie.key !== SESSION_COOKIE || cookie.value === '') continue;
    if (typeof cookie.maxAge === 'number' && cookie.maxAge <= 0) continue;
    if (cookie.expires instanceof Date && cookie.expires.getTime() < CLEARING_EXPIRES_BEFORE) continue;
    cookie.expires = 'Infinity';
    cookie.maxAge = null;
    return cookie;
  }
  return undefined;
}

// Year 2000: no device clock is that wrong, while "Thu, 01 Jan 1970" is how a cookie is cleared.
const CLEARING_EXPIRES_BEFORE = Date.UTC(2000, 0, 1);

/** The `id` cookie's value, exactly as set (it may hold '=', '+', '/'), or undefined. */
export function sessionIdFromSetCookie(setCookie: string | string[] | undefined): string | undefined {
  return sessionCookieFromSetCookie(setCookie)?.value;
}

/**
 * Every failure of the login step says two things in `details` (one vocabulary for core, n8n and
 * Node-RED): `sent: false`, the caller's own request was not carried out by the device (it was
 * never sent, or turned away for want of a session), so trying again cannot do it twice; and
 * `loginSent`, whether a login request went to the device for this call (true: the device
 * answered or dropped it now; false: refused from memory, or the connection never opened).
 */
export function loginStepDetails(loginSent: boolean): { sent: false; loginSent: boolean } {
  return { sent: false, loginSent };
}

/** Why a login answer without a session cookie failed, as a person can act on it. The login was sent and answered. */
export function loginFailure(origin: string, username: string, status: number): SecureEdgeError {
  const base = { status, method: 'POST', path: LOGIN_PATH, details: loginStepDetails(true) };
  if (status === 404 || status === 405) {
    return new SecureEdgeError({
      ...base,
      code: 'BAD_RESPONSE',
      message: `${origin} has no SecureEdge login at ${LOGIN_PATH} (HTTP ${status}). Is this the URL of a SecureEdge Pro?`,
    });
  }
  if (status >= 500) {
    return new SecureEdgeError({
      ...base,
      code: 'DEVICE_ERROR',
      message: `The device failed to process the login (HTTP ${status}). Try again later.`,
    });
  }
  return new SecureEdgeError({
    ...base,
    code: 'AUTH_FAILED',
    message: `The device refused the login for user '${username || 'admin'}' (HTTP ${status}). Check the password: it is the one printed on the sticker on the device.`,
  });
}

/**
 * The login was accepted (an `id` cookie came back) but scoped to a domain other than the device's,
 * as a proxy in front of it may do. A browser would drop it too; the password was right, so the
 * message must not send the user to check it.
 */
export function loginCookieElsewhere(origin: string, status: number, domain: string): SecureEdgeError {
  return new SecureEdgeError({
    code: 'BAD_RESPONSE',
    status,
    method: 'POST',
    path: LOGIN_PATH,
    details: loginStepDetails(true),
    message: `The login was accepted, but its session cookie is for the domain '${domain}', not for ${origin}, so it cannot be used. Is something between this machine and the device (a proxy) rewriting it? Use the device's own address.`,
  });
}

/**
 * The device did not answer the login at all. `loginSent`: whether the login left this machine
 * (false when the connection never opened); omitted when the caller cannot tell.
 */
export function loginUnreachable(origin: string, reason: string, timedOut: boolean, loginSent?: boolean): SecureEdgeError {
  return new SecureEdgeError({
    code: timedOut ? 'TIMEOUT' : 'NETWORK',
    method: 'POST',
    path: LOGIN_PATH,
    message: `Cannot log in: the device at ${origin} did not answer (${reason}). Check the URL and that this machine can reach the device.`,
    // The operation that needed the session was not sent at all.
    details: loginSent === undefined ? { sent: false } : loginStepDetails(loginSent),
  });
}
