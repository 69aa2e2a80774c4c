/**
 * The device session: a form login that sets an `id` cookie. Success is "an id cookie was set",
 * whatever the status code, because the vendor leaves the status open. At most one login is in
 * flight per client however many calls wait on it.
 */
import { CookieJar } from 'tough-cookie';
import { SecureEdgeError, sanitizeCause } from './errors';
import type { Logger } from './logger';
import type { Redactor } from './redact';
import { LOGIN_PATH, loginFailure, loginForm, loginUnreachable, SESSION_COOKIE, sessionCookieFromSetCookie } from './login';
import { TransportError, type Transport } from './transport';

export { LOGIN_PATH };


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
    this.cached = undefined;
  }

  // The header is built once per session: reading the jar on every call cost more than the rest of
  // a request's bookkeeping. The session cookie never expires by our clock (see login.ts), so the
  // cache is valid until forget() or the next login.
  private cached?: string;

  private cookieHeader(): string | undefined {
    if (this.cached) return this.cached;
    const cookies = this.jar.getCookiesSync(this.transport.origin + '/');
    const id = cookies.find((c) => c.key === SESSION_COOKIE);
    if (!id) return undefined;
    this.redactor.add(id.value);
    // Sent back exactly as the device set it: the value may hold '=', '+' and '/'.
    this.cached = `${SESSION_COOKIE}=${id.value}`;
    return this.cached;
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
    const form = loginForm(username, password);
    const started = Date.now();
    let res;
    try {
      res = await this.transport.request({ ...form, timeoutMs: this.timeoutMs });
    } catch (err) {
      const te = err instanceof TransportError ? err : undefined;
      const reason = this.redactor.redact(te?.lowLevelCode ?? (err as Error).message);
      const failure = loginUnreachable(this.transport.origin, reason, te?.timedOut ?? false);
      throw new SecureEdgeError({ ...failure, code: failure.code, message: failure.message, cause: sanitizeCause(err, this.redactor.redact) });
    }
    const cookie = sessionCookieFromSetCookie(res.headers['set-cookie']);
    this.cached = undefined;
    if (cookie) this.jar.setCookieSync(cookie, this.transport.origin + LOGIN_PATH, { ignoreError: true });
    if (this.cookieHeader()) {
      this.generation++;
      this.logger.debug(`POST ${LOGIN_PATH} -> ${res.status}, session started (${Date.now() - started} ms)`);
      return;
    }
    this.logger.warn(`POST ${LOGIN_PATH} -> ${res.status}, no session cookie`);
    throw loginFailure(this.transport.origin, username, res.status);
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
