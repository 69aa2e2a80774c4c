/**
 * Secrets (the password, the session cookie) must never reach a message, a log line or an
 * error cause. Everything that formats text from device answers or low-level errors passes it
 * through a Redactor that knows the current secrets, in every form the client sends them.
 */
const REDACTED = '[redacted]';

/** Every spelling of `secret` that can appear in text we format: raw, JSON-escaped, and URL/form-encoded. */
export function secretSpellings(secret: string): string[] {
  const forms = new Set<string>([secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)]);
  // The login body is form-encoded: ' ' -> '+', and also !'()~ percent-encoded.
  const form = new URLSearchParams({ p: secret }).toString().slice(2);
  forms.add(form);
  for (const f of [...forms]) {
    // Servers echo percent escapes in either case.
    forms.add(f.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()));
  }
  // Never an empty spelling: add() takes no empty secret, and every spelling of a non-empty one is non-empty.
  return [...forms];
}

export class Redactor {
  // True private fields: util.inspect and JSON.stringify of anything holding a Redactor show no secret.
  readonly #secrets = new Set<string>();
  #pattern: RegExp | undefined;

  /**
   * Remember a secret. Short ones too: a 3-character password blanked out of ordinary words makes
   * a message harder to read, but a leaked one is worse.
   */
  add(secret: string | undefined): void {
    if (!secret) return;
    for (const s of secretSpellings(secret)) this.#secrets.add(s);
    // Built again on the next redact(): secrets are added once per login, so this costs nothing.
    this.#pattern = undefined;
  }

  redact = (text: string): string => {
    if (this.#secrets.size === 0 || !text) return text;
    // One pass with the longest spellings first, so a secret inside another is never half-replaced.
    this.#pattern ??= new RegExp(
      [...this.#secrets]
        .sort((a, b) => b.length - a.length)
        .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('|'),
      'g',
    );
    return text.replace(this.#pattern, REDACTED);
  };

  toJSON(): string {
    return 'Redactor';
  }
}
