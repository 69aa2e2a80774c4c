/**
 * The device session: a form login that sets an `id` cookie. Success is "an id cookie was set",
 * whatever the status code, because the vendor leaves the status open. At most one login is in
 * flight per client however many calls wait on it.
 */
import { CookieJar } from 'tough-cookie';
import { SecureEdgeError, sanitizeCause } from './errors';
import type { Logger } from './logger';
import type { Redactor } from './redact';
import { TransportError, type Transport } from './transport';

export const LOGIN_PATH = '/auth/login';
const SESSION_COOKIE = 'id';

export interface Credentials {
  username: string;
  password: string;
}

export interface SessionTicket {
  cookie: string;
  generation: number;
}

export class Session {
  // Scoped to the device origin: the jar is only ever asked for cookies of that origin, and the
  // transport never follows redirects, so the cookie cannot travel to another host.
  private readonly jar = new CookieJar();
  private generation = 0;
  private inflight?: Promise<void>;
  private logins = 0;

  constructor(
    private readonly transport: Transport,
    private readonly credentials: Credentials,
    private readonly timeoutMs: number,
    private readonly redactor: Redactor,
    private readonly logger: Logger,
  ) {}

  /** Logins attempted by this client (for tests and the benchmark). */
  get loginCount(): number {
    return this.logins;
  }

  /** The cookie for the next request; logs in first when there is no live session. */
  async ticket(): Promise<SessionTicket> {
    for (;;) {
      const cookie = this.cookieHeader();
      if (cookie) return { cookie, generation: this.generation };
      await this.loginOnce();
    }
  }

  /**
   * The device rejected `stale`. If nobody has logged in since, log in (once, shared);
   * otherwise the fresher session another call already obtained is used.
   */
  async renew(stale: SessionTicket): Promise<SessionTicket> {
    if (this.generation === stale.generation) {
      this.forget();
      await this.loginOnce();
    }
    return this.ticket();
  }

  forget(): void {
    this.jar.removeAllCookiesSync();
  }

  private cookieHeader(): string | undefined {
    const cookies = this.jar.getCookiesSync(this.transport.origin + '/');
    const id = cookies.find((c) => c.key === SESSION_COOKIE);
    if (!id) return undefined;
    this.redactor.add(id.value);
    // Sent back exactly as the device set it: the value may hold '=', '+' and '/'.
    return `${SESSION_COOKIE}=${id.value}`;
  }

  private loginOnce(): Promise<void> {
    if (!this.inflight) {
      this.inflight = this.login().finally(() => {
        this.inflight = undefined;
      });
    }
    return this.inflight;
  }

  private async login(): Promise<void> {
    this.logins++;
    const { username, password } = this.credentials;
    const body = new URLSearchParams({ username, password }).toString();
    const started = Date.now();
    let res;
    try {
      res = await this.transport.request({
        method: 'POST',
        path: LOGIN_PATH,
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json, text/html;q=0.5' },
        body,
        timeoutMs: this.timeoutMs,
      });
    } catch (err) {
      const te = err instanceof TransportError ? err : undefined;
      throw new SecureEdgeError({
        code: te?.timedOut ? 'TIMEOUT' : 'NETWORK',
        method: 'POST',
        path: LOGIN_PATH,
        message: `Cannot log in: the device at ${this.transport.origin} did not answer (${this.redactor.redact(
          te?.lowLevelCode ?? (err as Error).message,
        )}). Check the URL and that this machine can reach the device.`,
        // The operation that needed the session was not sent at all.
        details: { sent: false },
        cause: sanitizeCause(err, this.redactor.redact),
      });
    }
    const setCookie = res.headers['set-cookie'];
    for (const header of Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []) {
      try {
        this.jar.setCookieSync(header, this.transport.origin + LOGIN_PATH, { ignoreError: true });
      } catch {
        // A malformed Set-Cookie is treated as "no cookie" below.
      }
    }
    if (this.cookieHeader()) {
      this.generation++;
      this.logger.debug(`POST ${LOGIN_PATH} -> ${res.status}, session started (${Date.now() - started} ms)`);
      return;
    }
    this.logger.warn(`POST ${LOGIN_PATH} -> ${res.status}, no session cookie`);
    if (res.status === 404 || res.status === 405) {
      throw new SecureEdgeError({
        code: 'BAD_RESPONSE',
        status: res.status,
        method: 'POST',
        path: LOGIN_PATH,
        message: `${this.transport.origin} has no SecureEdge login at ${LOGIN_PATH} (HTTP ${res.status}). Is this the URL of a SecureEdge Pro?`,
      });
    }
    if (res.status >= 500) {
      throw new SecureEdgeError({
        code: 'DEVICE_ERROR',
        status: res.status,
        method: 'POST',
        path: LOGIN_PATH,
        message: `The device failed to process the login (HTTP ${res.status}). Try again later.`,
        details: { sent: false },
      });
    }
    throw new SecureEdgeError({
      code: 'AUTH_FAILED',
      status: res.status,
      method: 'POST',
      path: LOGIN_PATH,
      message: `The device refused the login for user '${username}' (HTTP ${res.status}). Check the password: it is the one printed on the sticker on the device.`,
    });
  }
}

/** 401, 403, or a redirect to a login page: the device does not accept our session. */
export function isSessionRejected(status: number, headers: Record<string, string | string[] | undefined>): boolean {
  if (status === 401 || status === 403) return true;
  if (status >= 300 && status < 400) {
    const location = headers.location;
    const loc = Array.isArray(location) ? location[0] : location;
    return typeof loc === 'string' && /login/i.test(loc);
  }
  return false;
}
