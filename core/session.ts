/**
 * The device session: a form login that sets an `id` cookie. Success is "an id cookie was set",
 * whatever the status code, because the vendor leaves the status open. At most one login is in
 * flight per session however many calls wait on it.
 *
 * A session also remembers what the device said last (refusal-memory.ts): after a refused
 * password no login is sent again until the backoff window ends, and after the device could not
 * be reached calls fail at once for a few seconds. Pooled clients share one Session, so this holds
 * across items, messages, nodes and executions.
 */
import type { CookieJar } from 'tough-cookie';
import { toughCookie } from './lazy-require';
import { inspect } from 'node:util';
import { sanitizeCause } from './errors';
import type { Logger } from './logger';
import type { Redactor } from './redact';
import {
  LOGIN_PATH,
  loginCookieElsewhere,
  loginFailure,
  loginForm,
  loginUnreachable,
  SESSION_COOKIE,
  sessionCookieFromSetCookie,
} from './login';
import { RefusalMemory } from './refusal-memory';
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
  // True private fields: the password and the cookie must not show in util.inspect or JSON.
  // Scoped to the device origin: the jar is only ever asked for cookies of that origin, and the
  // transport never follows redirects, so the cookie cannot travel to another host.
  readonly #jar: CookieJar;
  readonly #credentials: Credentials;
  // The header is built once per session: reading the jar on every call cost more than the rest of
  // a request's bookkeeping. The session cookie never expires by our clock (see login.ts), so the
  // cache is valid until forget() or the next login.
  #cached?: string;
  #generation = 0;
  #inflight?: Promise<void>;
  #logins = 0;
  readonly memory: RefusalMemory;

  constructor(
    private readonly transport: Transport,
    credentials: Credentials,
    private readonly timeoutMs: number,
    private readonly redactor: Redactor,
    private readonly logger: Logger,
    now: () => number = () => Date.now(),
  ) {
    this.#credentials = { ...credentials };
    this.#jar = new (toughCookie().CookieJar)();
    this.memory = new RefusalMemory(now);
  }

  /** Logins attempted through this session (for tests and the benchmark). */
  get loginCount(): number {
    return this.#logins;
  }

  get username(): string {
    return this.#credentials.username;
  }

  /** The live session's ticket, or undefined when a login is needed first: no promise on the per-call path. */
  current(): SessionTicket | undefined {
    const cookie = this.cookieHeader();
    return cookie ? { cookie, generation: this.#generation } : undefined;
  }

  /** The cookie for the next request; logs in first when there is no live session. */
  async ticket(timeoutMs = this.timeoutMs, signal?: AbortSignal): Promise<SessionTicket> {
    for (;;) {
      const cookie = this.cookieHeader();
      if (cookie) return { cookie, generation: this.#generation };
      await this.loginOnce(timeoutMs, signal);
    }
  }

  /**
   * The device rejected `stale`. If nobody has logged in since, log in (once, shared);
   * otherwise the fresher session another call already obtained is used.
   */
  async renew(stale: SessionTicket, timeoutMs = this.timeoutMs, signal?: AbortSignal): Promise<SessionTicket> {
    if (this.#generation === stale.generation) {
      this.forget();
      await this.loginOnce(timeoutMs, signal);
    }
    return this.ticket(timeoutMs, signal);
  }

  forget(): void {
    this.#jar.removeAllCookiesSync();
    this.#cached = undefined;
  }

  private cookieHeader(): string | undefined {
    if (this.#cached) return this.#cached;
    const cookies = this.#jar.getCookiesSync(this.transport.origin + '/');
    const id = cookies.find((c) => c.key === SESSION_COOKIE);
    if (!id) return undefined;
    this.redactor.add(id.value);
    // Sent back exactly as the device set it: the value may hold '=', '+' and '/'.
    this.#cached = `${SESSION_COOKIE}=${id.value}`;
    return this.#cached;
  }

  private loginOnce(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    // Inside a remembered refusal or outage: fail at once, nothing is sent.
    const remembered = this.memory.beforeLogin();
    if (remembered) return Promise.reject(remembered);
    if (!this.#inflight) {
      this.#inflight = this.login(timeoutMs, signal).finally(() => {
        this.#inflight = undefined;
      });
    }
    return this.#inflight;
  }

  private async login(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    this.#logins++;
    const { username, password } = this.#credentials;
    const form = loginForm(username, password);
    const started = Date.now();
    let res;
    try {
      res = await this.transport.request({ ...form, timeoutMs, signal });
    } catch (err) {
      const te = err instanceof TransportError ? err : undefined;
      const reason = this.redactor.redact(te?.lowLevelCode ?? (err as Error).message);
      const loginSent = te ? te.phase !== 'connect' : undefined;
      const failure = loginUnreachable(this.transport.origin, reason, te?.timedOut ?? false, loginSent);
      throw failure.with({
        cause: sanitizeCause(err, this.redactor.redact),
        ...(te?.cancelled
          ? {
              message: 'The call was cancelled while logging in; nothing was sent.',
              details: { ...failure.details, cancelled: true },
            }
          : {}),
      });
    }
    const cookie = sessionCookieFromSetCookie(res.headers['set-cookie']);
    this.#cached = undefined;
    if (cookie) {
      try {
        this.#jar.setCookieSync(cookie, this.transport.origin + LOGIN_PATH);
      } catch {
        // The jar refuses a cookie for another domain: the only way an accepted login's cookie is refused.
        this.logger.warn(`POST ${LOGIN_PATH} -> ${res.status}, session cookie for another domain`);
        throw loginCookieElsewhere(this.transport.origin, res.status, cookie.domain ?? '?');
      }
    }
    if (this.cookieHeader()) {
      this.#generation++;
      this.memory.succeeded();
      this.logger.debug(`POST ${LOGIN_PATH} -> ${res.status}, session started (${Date.now() - started} ms)`);
      return;
    }
    this.logger.warn(`POST ${LOGIN_PATH} -> ${res.status}, no session cookie`);
    const failure = loginFailure(this.transport.origin, username, res.status);
    if (failure.code === 'AUTH_FAILED') throw this.memory.refused(failure);
    throw failure;
  }

  toJSON(): Record<string, unknown> {
    return { origin: this.transport.origin, username: this.#credentials.username, loginCount: this.#logins };
  }

  [inspect.custom](): string {
    return `Session { origin: '${this.transport.origin}', username: '${this.#credentials.username}', loginCount: ${this.#logins} }`;
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
