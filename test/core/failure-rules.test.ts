/**
 * The failure rules as a table, one row per case, because every caller (retries in the device
 * API, the waits, create after a 504, the redeploy's recovery) decides by them: a change is never
 * repeated, a cancel or a remembered answer is never retried, only a login that got no answer (or
 * a busy proxy) makes its GET retryable, and only a request that left and got no answer is "in
 * doubt". These are pure functions of an error, so the table builds the errors the client makes.
 */
import { SecureEdgeError, TransportError, type SecureEdgeErrorCode } from '../../core';
import {
  isCancelled,
  isPassingPollFailure,
  isUnreachable,
  mayRetry,
  mayRetryStatus,
  outcomeUnknown,
  readingStateHelps,
} from '../../core/failure-rules';
import { LOGIN_PATH } from '../../core/login';

const IMAGES = '/api/v1/docker/images';
const dropped = new TransportError('socket hang up', 'lost', false, 'ECONNRESET');
const refused = new TransportError('connect ECONNREFUSED', 'connect', false, 'ECONNREFUSED');
const closed = new TransportError('closed', 'lost', false, 'CLOSED');
const cancelledTransport = new TransportError('aborted', 'lost', false, 'ABORT', true);
const err = (code: SecureEdgeErrorCode, extra: { path?: string; status?: number; details?: Record<string, unknown> } = {}) =>
  new SecureEdgeError({
    code,
    message: `${code}.`,
    method: 'GET',
    path: extra.path ?? IMAGES,
    status: extra.status,
    details: extra.details,
  });

test('mayRetry: only GETs, never a cancel, a close, a remembered answer or a refused password', () => {
  const rows: Array<[string, string, unknown, boolean]> = [
    ['POST dropped', 'POST', dropped, false],
    ['DELETE dropped', 'DELETE', dropped, false],
    ['GET dropped', 'GET', dropped, true],
    ['GET refused connection', 'GET', refused, true],
    ['GET cut by close()', 'GET', closed, false],
    ['GET cancelled in the transport', 'GET', cancelledTransport, false],
    ['GET cancelled (CANCELLED)', 'GET', err('CANCELLED'), false],
    ['GET cancelled (details)', 'GET', err('NETWORK', { path: LOGIN_PATH, details: { cancelled: true } }), false],
    ['GET plain Error', 'GET', new Error('x'), false],
    ['GET remembered outage', 'GET', err('NETWORK', { path: LOGIN_PATH, details: { remembered: true } }), false],
    ['GET own NETWORK (not the login)', 'GET', err('NETWORK'), false],
    ['GET login NETWORK', 'GET', err('NETWORK', { path: LOGIN_PATH }), true],
    ['GET login TIMEOUT', 'GET', err('TIMEOUT', { path: LOGIN_PATH }), true],
    ['GET login 503', 'GET', err('DEVICE_ERROR', { path: LOGIN_PATH, status: 503 }), true],
    ['GET login 502', 'GET', err('DEVICE_ERROR', { path: LOGIN_PATH, status: 502 }), true],
    ['GET login 500', 'GET', err('DEVICE_ERROR', { path: LOGIN_PATH, status: 500 }), false],
    ['GET login DEVICE_ERROR without status', 'GET', err('DEVICE_ERROR', { path: LOGIN_PATH }), false],
    ['GET login 503 that is not a DEVICE_ERROR', 'GET', err('BAD_RESPONSE', { path: LOGIN_PATH, status: 503 }), false],
    ['GET login refused password', 'GET', err('AUTH_FAILED', { path: LOGIN_PATH, status: 401 }), false],
  ];
  expect(rows.map(([name, method, e]) => [name, mayRetry(method, e)])).toEqual(rows.map(([name, , , want]) => [name, want]));
});

test('mayRetryStatus: a GET answered 502 or 503, nothing else', () => {
  expect([mayRetryStatus('GET', 502), mayRetryStatus('GET', 503), mayRetryStatus('GET', 500), mayRetryStatus('POST', 503)]).toEqual([
    true,
    true,
    false,
    false,
  ]);
});

test('outcomeUnknown: a NETWORK or TIMEOUT that may have been sent; not one marked unsent, not an answer', () => {
  const rows: Array<[string, unknown, boolean]> = [
    ['NETWORK', err('NETWORK'), true],
    ['TIMEOUT', err('TIMEOUT'), true],
    ['NETWORK sent: true', err('NETWORK', { details: { sent: true } }), true],
    ['NETWORK sent: false', err('NETWORK', { details: { sent: false } }), false],
    ['TIMEOUT sent: false', err('TIMEOUT', { details: { sent: false } }), false],
    ['DEVICE_ERROR', err('DEVICE_ERROR', { status: 500 }), false],
    ['plain Error', new Error('x'), false],
  ];
  expect(rows.map(([name, e]) => [name, outcomeUnknown(e)])).toEqual(rows.map(([name, , want]) => [name, want]));
});

test('isPassingPollFailure: busy, unreachable or garbled once keeps polling; an answer or a cancel ends it', () => {
  const rows: Array<[string, unknown, boolean]> = [
    ['DEVICE_ERROR', err('DEVICE_ERROR', { status: 500 }), true],
    ['NETWORK', err('NETWORK'), true],
    ['TIMEOUT', err('TIMEOUT'), true],
    ['BAD_RESPONSE', err('BAD_RESPONSE'), true],
    ['NOT_FOUND', err('NOT_FOUND'), false],
    ['AUTH_FAILED', err('AUTH_FAILED'), false],
    ['INVALID_INPUT', err('INVALID_INPUT'), false],
    ['CANCELLED', err('CANCELLED'), false],
    ['NETWORK cancelled', err('NETWORK', { details: { cancelled: true } }), false],
    ['undefined', undefined, false],
  ];
  expect(rows.map(([name, e]) => [name, isPassingPollFailure(e)])).toEqual(rows.map(([name, , want]) => [name, want]));
});

test('isUnreachable: a connection never opened, or a login with no answer; not a remembered one, not an answer', () => {
  const rows: Array<[string, unknown, boolean]> = [
    ['refused connection', refused, true],
    ['dropped after sending', dropped, false],
    ['login NETWORK', err('NETWORK', { path: LOGIN_PATH }), true],
    ['login TIMEOUT', err('TIMEOUT', { path: LOGIN_PATH }), true],
    ['login NETWORK remembered', err('NETWORK', { path: LOGIN_PATH, details: { remembered: true } }), false],
    ['login refused password', err('AUTH_FAILED', { path: LOGIN_PATH }), false],
    ['own NETWORK', err('NETWORK'), false],
    ['plain Error', new Error('x'), false],
  ];
  expect(rows.map(([name, e]) => [name, isUnreachable(e)])).toEqual(rows.map(([name, , want]) => [name, want]));
});

test('isCancelled: the caller’s cancel in any form, and nothing else', () => {
  const rows: Array<[string, unknown, boolean]> = [
    ['transport cancelled', cancelledTransport, true],
    ['transport dropped', dropped, false],
    ['CANCELLED', err('CANCELLED'), true],
    ['details.cancelled', err('NETWORK', { details: { cancelled: true } }), true],
    ['details.cancelled false', err('NETWORK', { details: { cancelled: false } }), false],
    ['NETWORK', err('NETWORK'), false],
    ['plain Error', new Error('x'), false],
  ];
  expect(rows.map(([name, e]) => [name, isCancelled(e)])).toEqual(rows.map(([name, , want]) => [name, want]));
});

test('readingStateHelps: only when the change may have happened', () => {
  const rows: Array<[string, SecureEdgeError, boolean]> = [
    ['NETWORK', err('NETWORK'), true],
    ['DEVICE_ERROR', err('DEVICE_ERROR', { status: 500 }), true],
    ['NOT_FOUND', err('NOT_FOUND'), false],
    ['AUTH_FAILED', err('AUTH_FAILED'), false],
    ['CANCELLED', err('CANCELLED'), false],
    ['NETWORK sent: false', err('NETWORK', { details: { sent: false } }), false],
  ];
  expect(rows.map(([name, e]) => [name, readingStateHelps(e)])).toEqual(rows.map(([name, , want]) => [name, want]));
});
