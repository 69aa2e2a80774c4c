/**
 * One request to the device: session cookie, one re-login on a rejected session, bounded
 * retries for GETs, and mapping of HTTP answers to SecureEdgeErrors. Operations in client.ts
 * describe what they want; this file knows how the wire behaves.
 */
import { SecureEdgeError, sanitizeCause, type SecureEdgeErrorCode } from './errors';
import { silentLogger, type Logger } from './logger';
import type { Redactor } from './redact';
import { ERROR_TEXT_PREFIX, errorText } from './error-text';
import { isCancelled, isUnreachable, mayRetry, mayRetryStatus } from './failure-rules';
import { backoffDelay, sleep, type RetryPolicy } from './retry';
import { parseDeviceJson } from './safe-json';
import { isSessionRejected, type Session } from './session';
import { cancelledError } from './cancel';
import { TransportError, type HttpMethod, type Transport, type TransportResponse } from './transport';

export interface ApiCall {
  method: HttpMethod;
  path: string;
  /** JSON body (POST). */
  json?: unknown;
  /** What the call is about, for messages: "container 'nginx'". */
  subject?: string;
  /** The caller's cancellation: checked before each attempt and each retry pause, and passed to the transport. */
  signal?: AbortSignal;
}

export class DeviceApi {
  constructor(
    private readonly transport: Transport,
    private readonly session: Session,
    private readonly retry: RetryPolicy,
    private readonly timeoutMs: number,
    private readonly redactor: Redactor,
    private readonly logger: Logger,
  ) {}

  /**
   * Send a call and return the answer, whatever its status, except that a session rejection
   * is handled here. Transport failures become NETWORK/TIMEOUT errors; GETs are retried first.
   */
  async send(call: ApiCall): Promise<TransportResponse> {
    for (let attempt = 0; ; attempt++) {
      if (call.signal?.aborted) throw cancelledError(`${call.method} ${call.path} was not sent.`, { sent: false });
      let res: TransportResponse;
      try {
        // The device was found unreachable a moment ago: fail at once, nothing is sent.
        const remembered = this.session.memory.beforeCall();
        if (remembered) throw remembered;
        res = await this.sendWithSession(call);
      } catch (err) {
        if (attempt < this.retry.retries && mayRetry(call.method, err)) {
          this.logger.debug(
            `${call.method} ${call.path} failed (${err instanceof TransportError ? (err.lowLevelCode ?? 'network') : (err as SecureEdgeError).code}), retrying`,
          );
          await sleep(backoffDelay(this.retry, attempt), call.signal);
          continue;
        }
        const failure = this.transportFailure(call, err, attempt);
        // Remember an outage only once the call's own retries are spent: a blip stays a blip.
        return Promise.reject(isUnreachable(err) && !isCancelled(err) ? this.session.memory.unreachable(failure) : failure);
      }
      this.session.memory.answered();
      if (attempt < this.retry.retries && mayRetryStatus(call.method, res.status)) {
        this.logger.debug(`${call.method} ${call.path} -> ${res.status}, retrying`);
        await sleep(backoffDelay(this.retry, attempt), call.signal);
        continue;
      }
      return res;
    }
  }

  /** Send, and throw the mapped error unless the answer is a 2xx. */
  async sendOk(call: ApiCall): Promise<TransportResponse> {
    const res = await this.send(call);
    if (res.status >= 200 && res.status < 300) return res;
    throw this.httpFailure(call, res);
  }

  /** Parse a 2xx answer's JSON body; anything that is not JSON is BAD_RESPONSE. */
  parseJson(call: ApiCall, res: TransportResponse): unknown {
    try {
      // An empty or blank body is no JSON either: JSON.parse throws, and the message below says so.
      return parseDeviceJson(res.body);
    } catch (err) {
      const type = String(res.headers['content-type'] ?? '');
      const empty = res.body.trim() === '';
      // Redacted before it is cut (a secret cut in half no longer matches, and half a secret is a leak),
      // over a bounded prefix: the body may be huge.
      const start = this.redactor.redact(res.body.slice(0, ERROR_TEXT_PREFIX)).trim().slice(0, 40).replace(/\s+/g, ' ');
      throw new SecureEdgeError({
        code: 'BAD_RESPONSE',
        status: res.status,
        method: call.method,
        path: call.path,
        message: `The device answered ${call.method} ${call.path} with ${
          empty ? 'an empty body' : `something that is not JSON (${type || 'no content type'}: "${start}…")`
        } where JSON was expected. A proxy between here and the device, or a firmware this package does not know, may be answering.`,
        cause: sanitizeCause(empty ? new Error('empty body') : err, this.redactor.redact),
      });
    }
  }

  private async sendWithSession(call: ApiCall): Promise<TransportResponse> {
    let ticket = this.session.current() ?? (await this.session.ticket(this.timeoutMs, call.signal));
    let res = await this.sendOnce(call, ticket.cookie);
    if (!isSessionRejected(res.status, res.headers)) return res;
    // A rejected request did nothing on the device, so repeating it once is safe.
    this.logger.debug(`${call.method} ${call.path} -> ${res.status}: session rejected, logging in again`);
    ticket = await this.session.renew(ticket, this.timeoutMs, call.signal);
    res = await this.sendOnce(call, ticket.cookie);
    if (!isSessionRejected(res.status, res.headers)) return res;
    throw new SecureEdgeError({
      code: 'AUTH_FAILED',
      status: res.status,
      method: call.method,
      path: call.path,
      message: `The device rejected a fresh session for ${call.method} ${call.path} (HTTP ${res.status}). The login worked, so the user may lack rights, or another client keeps ending the session.`,
    });
  }

  private sendOnce(call: ApiCall, cookie: string): Promise<TransportResponse> {
    const headers: Record<string, string> = { cookie, accept: 'application/json' };
    let body: string | undefined;
    if (call.json !== undefined) {
      body = JSON.stringify(call.json);
      headers['content-type'] = 'application/json';
    }
    const sent = this.transport.request({
      method: call.method,
      path: call.path,
      headers,
      body,
      timeoutMs: this.timeoutMs,
      signal: call.signal,
    });
    // The per-request line is the hot path: build it (and wait for it) only when someone listens.
    if (this.logger === silentLogger) return sent;
    const started = Date.now();
    return sent.then((res) => {
      this.logger.debug(`${call.method} ${call.path} -> ${res.status} (${Date.now() - started} ms)`);
      return res;
    });
  }

  /** `retries`: how many times the call was sent again before this failure (the message says so). */
  transportFailure(call: ApiCall, err: unknown, retries = 0): SecureEdgeError {
    if (err instanceof SecureEdgeError) return err;
    const te = err instanceof TransportError ? err : undefined;
    if (call.signal?.aborted) {
      const sent = te?.phase !== 'connect';
      return cancelledError(
        sent
          ? `The answer to ${call.method} ${call.path} was not awaited; the device may or may not have done it.`
          : `${call.method} ${call.path} was not sent.`,
        { sent },
      );
    }
    const what = `${call.method} ${call.path}`;
    const reason = this.redactor.redact(te?.message ?? String(err));
    let message: string;
    if (te?.cancelled) {
      message = `${what} was cancelled${te.phase === 'connect' ? ' before it was sent' : '; the device may or may not have done it'}.`;
    } else if (te?.phase === 'connect') {
      message = `Cannot reach the device at ${this.transport.origin} (${reason}); ${what} was not sent. Check the URL, the network and, for https, the certificate settings.`;
    } else if (call.method === 'GET') {
      const retried = retries === 0 ? '' : `, also after ${retries} ${retries === 1 ? 'retry' : 'retries'}`;
      message = `The device did not answer ${what} (${reason})${retried}. Check the network and that the device is up.`;
    } else {
      message = `The answer to ${what} was lost (${reason}); the device may or may not have done it.`;
    }
    return new SecureEdgeError({
      code: te?.timedOut ? 'TIMEOUT' : 'NETWORK',
      method: call.method,
      path: call.path,
      message,
      details: { sent: te?.phase !== 'connect', ...(te?.cancelled ? { cancelled: true } : {}) },
      cause: sanitizeCause(err, this.redactor.redact),
    });
  }

  /** Map a non-2xx answer to an error a person can act on. */
  httpFailure(call: ApiCall, res: TransportResponse): SecureEdgeError {
    const deviceSays = this.deviceMessage(res);
    const suffix = deviceSays ? ` The device says: "${deviceSays}".` : '';
    const subject = call.subject ?? `${call.method} ${call.path}`;
    let code: SecureEdgeErrorCode = 'DEVICE_ERROR';
    let message = `The device answered HTTP ${res.status} to ${call.method} ${call.path}.${suffix}`;
    if (res.status === 404) {
      code = 'NOT_FOUND';
      message = `${capitalize(subject)} was not found on the device (HTTP 404).${suffix}`;
    } else if (res.status === 409) {
      code = 'CONFLICT';
      message = `The device refused ${call.method} ${call.path} because of a conflict (HTTP 409).${suffix}`;
    } else if (res.status === 400 || res.status === 422) {
      code = 'INVALID_INPUT';
      message = `The device rejected ${call.method} ${call.path} as invalid (HTTP ${res.status}).${suffix}`;
    } else if (res.status === 504 || res.status === 408) {
      code = 'TIMEOUT';
      message = `The device timed out on ${call.method} ${call.path} (HTTP ${res.status}).${suffix}`;
    } else if (res.status >= 300 && res.status < 400) {
      code = 'BAD_RESPONSE';
      message = `The device redirected ${call.method} ${call.path} (HTTP ${res.status}) where the API documents an answer. Is the URL right (http vs https, port)?`;
    }
    return new SecureEdgeError({ code, status: res.status, method: call.method, path: call.path, message });
  }

  /** The device's own words from an error body, bounded and linear (error-text.ts), without secrets. */
  private deviceMessage(res: TransportResponse): string | undefined {
    // Redacted inside errorText before it cuts the text short: half a secret would no longer match.
    return errorText(res.body, this.redactor.redact);
  }
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
