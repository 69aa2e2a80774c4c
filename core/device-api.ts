/**
 * One request to the device: session cookie, one re-login on a rejected session, bounded
 * retries for GETs, and mapping of HTTP answers to SecureEdgeErrors. Operations in client.ts
 * describe what they want; this file knows how the wire behaves.
 */
import { SecureEdgeError, sanitizeCause, type SecureEdgeErrorCode } from './errors';
import { silentLogger, type Logger } from './logger';
import type { Redactor } from './redact';
import { backoffDelay, RETRYABLE_STATUSES, sleep, type RetryPolicy } from './retry';
import { isSessionRejected, LOGIN_PATH, type Session } from './session';
import { TransportError, type HttpMethod, type Transport, type TransportResponse } from './transport';

export interface ApiCall {
  method: HttpMethod;
  path: string;
  /** JSON body (POST). */
  json?: unknown;
  /** What the call is about, for messages: "container 'nginx'". */
  subject?: string;
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
    const idempotent = call.method === 'GET';
    for (let attempt = 0; ; attempt++) {
      let res: TransportResponse;
      try {
        res = await this.sendWithSession(call);
      } catch (err) {
        if (idempotent && attempt < this.retry.retries && isPassingFailure(err)) {
          this.logger.debug(`${call.method} ${call.path} failed (${err instanceof TransportError ? (err.lowLevelCode ?? 'network') : (err as SecureEdgeError).code}), retrying`);
          await sleep(backoffDelay(this.retry, attempt));
          continue;
        }
        throw this.transportFailure(call, err);
      }
      if (idempotent && RETRYABLE_STATUSES.has(res.status) && attempt < this.retry.retries) {
        this.logger.debug(`${call.method} ${call.path} -> ${res.status}, retrying`);
        await sleep(backoffDelay(this.retry, attempt));
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
    const type = String(res.headers['content-type'] ?? '');
    try {
      if (res.body.trim() === '') throw new Error('empty body');
      return JSON.parse(res.body);
    } catch (err) {
      // Redacted before it is cut: a secret cut in half would no longer match, and half a secret is a leak.
      const start = this.redactor.redact(res.body.trim()).slice(0, 40).replace(/\s+/g, ' ');
      throw new SecureEdgeError({
        code: 'BAD_RESPONSE',
        status: res.status,
        method: call.method,
        path: call.path,
        message: `The device answered ${call.method} ${call.path} with ${
          res.body.trim() === '' ? 'an empty body' : `something that is not JSON (${type || 'no content type'}: "${start}…")`
        } where JSON was expected. A proxy between here and the device, or a firmware this package does not know, may be answering.`,
        cause: sanitizeCause(err, this.redactor.redact),
      });
    }
  }

  private async sendWithSession(call: ApiCall): Promise<TransportResponse> {
    let ticket = await this.session.ticket();
    let res = await this.sendOnce(call, ticket.cookie);
    if (!isSessionRejected(res.status, res.headers)) return res;
    // A rejected request did nothing on the device, so repeating it once is safe.
    this.logger.debug(`${call.method} ${call.path} -> ${res.status}: session rejected, logging in again`);
    ticket = await this.session.renew(ticket);
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

  private async sendOnce(call: ApiCall, cookie: string): Promise<TransportResponse> {
    const headers: Record<string, string> = { cookie, accept: 'application/json' };
    let body: string | undefined;
    if (call.json !== undefined) {
      body = JSON.stringify(call.json);
      headers['content-type'] = 'application/json';
    }
    // The per-request line is the hot path: build it only when someone listens.
    const started = this.logger === silentLogger ? 0 : Date.now();
    const res = await this.transport.request({ method: call.method, path: call.path, headers, body, timeoutMs: this.timeoutMs });
    if (started) this.logger.debug(`${call.method} ${call.path} -> ${res.status} (${Date.now() - started} ms)`);
    return res;
  }

  transportFailure(call: ApiCall, err: unknown): SecureEdgeError {
    if (err instanceof SecureEdgeError) return err;
    const te = err instanceof TransportError ? err : undefined;
    const what = `${call.method} ${call.path}`;
    const reason = this.redactor.redact(te?.message ?? String(err));
    let message: string;
    if (te?.phase === 'connect') {
      message = `Cannot reach the device at ${this.transport.origin} (${reason}); ${what} was not sent. Check the URL, the network and, for https, the certificate settings.`;
    } else if (call.method === 'GET') {
      message = `The device did not answer ${what} (${reason}), also after retrying. Check the network and that the device is up.`;
    } else {
      message = `The answer to ${what} was lost (${reason}); the device may or may not have done it.`;
    }
    return new SecureEdgeError({
      code: te?.timedOut ? 'TIMEOUT' : 'NETWORK',
      method: call.method,
      path: call.path,
      message,
      details: { sent: te?.phase !== 'connect' },
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

  /** The device's own words from an error body: JSON {error}, plain text, or an HTML page's text. */
  private deviceMessage(res: TransportResponse): string | undefined {
    const raw = res.body.trim();
    if (!raw) return undefined;
    let text = raw;
    try {
      const parsed = JSON.parse(raw) as unknown;
      if (parsed && typeof parsed === 'object') {
        const o = parsed as Record<string, unknown>;
        const m = o.error ?? o.message ?? o.detail;
        text = typeof m === 'string' ? m : JSON.stringify(parsed);
      }
    } catch {
      if (/<[a-z!][\s\S]*>/i.test(raw)) {
        const title = /<title>([\s\S]*?)<\/title>/i.exec(raw)?.[1];
        text = title ?? raw.replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/gi, ' ').replace(/<[^>]+>/g, ' ');
      }
    }
    // Redacted before it is cut: half a secret would no longer match, and is still a leak.
    text = this.redactor.redact(text).replace(/\s+/g, ' ').trim();
    if (text.length > 200) text = `${text.slice(0, 200)}…`;
    return text || undefined;
  }
}

/** A dropped connection, or a login that could not be made for the same reason: worth another try for a GET. */
function isPassingFailure(err: unknown): boolean {
  if (err instanceof TransportError) return true;
  if (!(err instanceof SecureEdgeError) || err.path !== LOGIN_PATH) return false;
  return err.code === 'NETWORK' || err.code === 'TIMEOUT' || (err.code === 'DEVICE_ERROR' && RETRYABLE_STATUSES.has(err.status ?? 0));
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
