/**
 * What the device said last, remembered for a while so that unattended jobs do not hammer it:
 * - a refused password: no login is sent again for REFUSAL_BACKOFF (30 s, doubling with each
 *   refusal up to 15 min); until then calls fail at once with AUTH_FAILED saying when the next
 *   login will be tried. A device or a plant's IDS may lock or alarm on repeated refusals.
 * - an unreachable device: calls fail at once for OUTAGE_BACKOFF (2 s, doubling up to 30 s), so
 *   100 items against a device that is off do not each wait for connection retries.
 * Any successful login or answer ends both. A changed password is a different pool entry, so it
 * is tried at once.
 */
import { SecureEdgeError } from './errors';

export interface Backoff {
  firstMs: number;
  maxMs: number;
}

export const REFUSAL_BACKOFF: Backoff = { firstMs: 30_000, maxMs: 15 * 60_000 };
export const OUTAGE_BACKOFF: Backoff = { firstMs: 2_000, maxMs: 30_000 };

interface Window {
  since: number;
  until: number;
  lengthMs: number;
  error: SecureEdgeError;
}

export class RefusalMemory {
  #refusal?: Window;
  #outage?: Window;

  constructor(private readonly now: () => number = () => Date.now()) {}

  /** The error to fail a login with at once, or undefined when a login may be sent. */
  beforeLogin(): SecureEdgeError | undefined {
    return this.remembered(this.#refusal) ?? this.remembered(this.#outage);
  }

  /** The error to fail any call with at once (the device was just found unreachable), or undefined. */
  beforeCall(): SecureEdgeError | undefined {
    return this.remembered(this.#outage);
  }

  /**
   * The device refused the password: remember it and say when the next login will be tried. The
   * login was sent now, and the error keeps saying so (`loginSent: true`, from login.ts).
   */
  refused(err: SecureEdgeError): SecureEdgeError {
    this.#refusal = this.open(this.#refusal, REFUSAL_BACKOFF, err);
    return err.with({
      message: `${err.message} To protect the device from repeated refused logins, no login is sent again before ${clock(this.#refusal.until)} (in ${span(this.#refusal.lengthMs)}); a changed password is tried at once.`,
      details: { ...err.details, retryAt: new Date(this.#refusal.until).toISOString() },
    });
  }

  /** The device could not be reached (after the call's own retries): remember it briefly. */
  unreachable(err: SecureEdgeError): SecureEdgeError {
    this.#outage = this.open(this.#outage, OUTAGE_BACKOFF, err);
    return err;
  }

  /** The device answered: nothing to remember any more. */
  succeeded(): void {
    this.#refusal = undefined;
    this.#outage = undefined;
  }

  /** The device answered something (not necessarily a login): only the outage is over. */
  answered(): void {
    this.#outage = undefined;
  }

  private open(previous: Window | undefined, backoff: Backoff, error: SecureEdgeError): Window {
    const now = this.now();
    // Each new failure right after a window doubles the next window; a long quiet spell does not.
    const lengthMs = previous ? Math.min(backoff.maxMs, previous.lengthMs * 2) : backoff.firstMs;
    return { since: now, until: now + lengthMs, lengthMs, error };
  }

  private remembered(w: Window | undefined): SecureEdgeError | undefined {
    if (!w) return undefined;
    const now = this.now();
    if (now >= w.until) return undefined;
    // A refusal keeps the device's own words and the advice (check the password); an outage names
    // when it was seen, since the call that saw it may have been another one.
    const message =
      w.error.code === 'AUTH_FAILED'
        ? `${w.error.message} To protect the device from repeated refused logins, no login is sent before ${clock(w.until)} (in ${span(w.until - now)}); nothing was sent. A changed password is tried at once.`
        : `The device could not be reached at ${clock(w.since)}; calls fail at once until ${clock(w.until)} (in ${span(w.until - now)}) instead of waiting on it again, and nothing was sent. The last failure: ${firstSentence(w.error.message)}`;
    // Nothing reaches the device now: not the call, and not a login (an error about a login says so).
    const login = w.error.details && 'loginSent' in w.error.details ? { loginSent: false } : {};
    return w.error.with({
      message,
      details: { ...w.error.details, sent: false, ...login, remembered: true, retryAt: new Date(w.until).toISOString() },
      cause: undefined,
    });
  }
}

function clock(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function span(ms: number): string {
  const s = Math.max(1, Math.ceil(ms / 1000));
  return s < 120 ? `${s} s` : `${Math.ceil(s / 60)} min`;
}

function firstSentence(message: string): string {
  const end = message.indexOf('. ');
  return end < 0 ? message : message.slice(0, end + 1);
}
