/**
 * When may a failed request be tried again, and when is its outcome unknown? Every such rule is
 * here, one comment each (as stripe-node keeps its `_shouldRetry`), so the device API, the waits,
 * create and the client's lost-answer checks all decide the same way.
 */
import { SecureEdgeError } from './errors';
import { LOGIN_PATH } from './login';
import { TransportError } from './transport';

/** Statuses that mean "the device (or its proxy) could not serve this right now". */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([502, 503]);

/** May this failed attempt of `method` be sent again after a pause? */
export function mayRetry(method: string, err: unknown): boolean {
  // Only requests that change nothing are repeated: a POST or DELETE whose answer was lost may
  // have been done, and doing it twice is never our call.
  if (method !== 'GET') return false;
  // A cancelled call stops: the caller no longer wants the answer.
  if (isCancelled(err)) return false;
  // A request cut by close() stays cut: the client is being shut down (Node-RED redeploy, n8n exit).
  if (err instanceof TransportError && err.lowLevelCode === 'CLOSED') return false;
  // A dropped connection, a refused connection or a timeout on a GET: the next try may pass.
  if (err instanceof TransportError) return true;
  if (!(err instanceof SecureEdgeError)) return false;
  // An outage or a refusal the session remembers was not even sent: trying again at once would
  // only repeat the remembered answer (the remembering is what keeps the device from being hammered).
  if (err.details?.remembered === true) return false;
  // The login (not the call itself) failed to reach the device, or its proxy was busy: same as
  // a dropped connection for the GET that needed it. A refused password is never retried.
  if (err.path !== LOGIN_PATH) return false;
  return err.code === 'NETWORK' || err.code === 'TIMEOUT' || (err.code === 'DEVICE_ERROR' && RETRYABLE_STATUSES.has(err.status ?? 0));
}

/** May an answer with this status to `method` be asked for again? */
export function mayRetryStatus(method: string, status: number): boolean {
  // A 502/503 means the request did not reach the API (proxy busy, device starting); only GETs, as above.
  return method === 'GET' && RETRYABLE_STATUSES.has(status);
}

/** Is it unknown whether the device did what a changing request asked? */
export function outcomeUnknown(err: unknown): err is SecureEdgeError {
  // Only a request that left this machine and got no answer (dropped, timed out) is in doubt;
  // `sent: false` marks failures before sending (connect refused, login failed, remembered outage).
  return err instanceof SecureEdgeError && (err.code === 'NETWORK' || err.code === 'TIMEOUT') && err.details?.sent !== false;
}

/** A failure a poll (wait, create after a 504, redeploy steps) may poll through. */
export function isPassingPollFailure(err: unknown): boolean {
  // The device is busy, briefly unreachable or answered garbage once: not wrong, so keep polling
  // until the deadline. A refused login, a 404 or bad input is an answer and ends the poll.
  const code = (err as { code?: unknown })?.code;
  if (isCancelled(err)) return false;
  return code === 'DEVICE_ERROR' || code === 'NETWORK' || code === 'TIMEOUT' || code === 'BAD_RESPONSE';
}

/** Does this failure mean the device could not be reached at all (nothing was sent)? */
export function isUnreachable(err: unknown): boolean {
  // A connection that never opened (refused, no route, TLS refused, connect timeout), or a login
  // that got no answer: the outage window (session.ts) starts from these, never from an answer.
  if (err instanceof TransportError) return err.phase === 'connect';
  // A remembered outage is the same outage: it must not lengthen its own window.
  return (
    err instanceof SecureEdgeError &&
    err.details?.remembered !== true &&
    err.path === LOGIN_PATH &&
    (err.code === 'NETWORK' || err.code === 'TIMEOUT')
  );
}

/** Was the call cancelled by its caller's AbortSignal (not timed out)? */
export function isCancelled(err: unknown): boolean {
  // Cancellation is the caller's decision, so nothing retries or polls through it.
  if (err instanceof TransportError) return err.cancelled;
  return err instanceof SecureEdgeError && (err.code === 'CANCELLED' || err.details?.cancelled === true);
}

/** After a failed change (start, stop, remove), can reading the container's state tell more? */
export function readingStateHelps(err: SecureEdgeError): boolean {
  // Not when the device answered plainly (404: no such container; a refused login), when the
  // caller cancelled, or when nothing was sent: then the change surely did not happen.
  return !(err.code === 'NOT_FOUND' || err.code === 'AUTH_FAILED' || isCancelled(err) || err.details?.sent === false);
}
