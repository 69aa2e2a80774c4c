/**
 * Secrets (the password, the session cookie) must never reach a message, a log line or an
 * error cause. Everything that formats text from device answers or low-level errors passes it
 * through a Redactor that knows the current secrets.
 */
export class Redactor {
  private readonly secrets = new Set<string>();

  add(secret: string | undefined): void {
    // Very short values would blank out ordinary words; the device's secrets are never that short.
    if (secret && secret.length >= 4) {
      this.secrets.add(secret);
      this.secrets.add(encodeURIComponent(secret));
    }
  }

  redact = (text: string): string => {
    let out = text;
    for (const s of this.secrets) if (out.includes(s)) out = out.split(s).join('[redacted]');
    return out;
  };
}
