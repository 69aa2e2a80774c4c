/**
 * Login sessions, held by the `id` cookie. Values are random base64 that always contain
 * '+', '/' and '=' — characters a careless client URL-encodes, quotes or cuts at '=' —
 * so a client that does not hand the cookie back byte for byte is caught at once.
 */
import { randomBytes, randomInt } from 'node:crypto';

export const SESSION_COOKIE = 'id';

export function newSessionId(): string {
  // 22 bytes -> 30 base64 characters followed by '=='.
  const chars = randomBytes(22).toString('base64').split('');
  const body = chars.length - 2;
  if (!chars.includes('+')) chars[randomInt(0, body - 1)] = '+';
  if (!chars.includes('/')) {
    // Never overwrite the '+' just placed.
    let at = randomInt(0, body - 1);
    while (chars[at] === '+') at = (at + 1) % (body - 1);
    chars[at] = '/';
  }
  return chars.join('');
}

/** Every value of cookie `name` in a Cookie header, exactly as sent (no decoding, no unquoting). */
export function cookieValues(header: string | undefined, name: string): string[] {
  if (!header) return [];
  const values: string[] = [];
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) values.push(part.slice(eq + 1).trim());
  }
  return values;
}

/** How many issued values issuedValues() remembers (a long-running CLI must not grow without end). */
const ISSUED_MEMORY = 10_000;

export class Sessions {
  private readonly expiresAt = new Map<string, number>();
  private readonly issued: string[] = [];

  create(lifetimeMs: number, now = Date.now()): { id: string; expires: Date } {
    this.prune(now);
    const id = newSessionId();
    const expires = now + lifetimeMs;
    this.expiresAt.set(id, expires);
    this.issued.push(id);
    if (this.issued.length > ISSUED_MEMORY) this.issued.shift();
    return { id, expires: new Date(expires) };
  }

  /** True when one of the request's `id` cookies names a session that has not expired. */
  isValid(cookieHeader: string | undefined, now = Date.now()): boolean {
    return cookieValues(cookieHeader, SESSION_COOKIE).some((id) => {
      const exp = this.expiresAt.get(id);
      return exp !== undefined && now < exp;
    });
  }

  /** Every value handed out (also expired ones), for tests that scan their output for leaked cookies. */
  issuedValues(): string[] {
    return [...this.issued];
  }

  /** Forget every session: the control API's "expire now", and what a device restart does. */
  clear(): void {
    this.expiresAt.clear();
  }

  private prune(now: number): void {
    for (const [id, exp] of this.expiresAt) if (exp <= now) this.expiresAt.delete(id);
  }
}
