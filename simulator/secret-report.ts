/**
 * Secrets a simulator handled, for test secret scans: the passwords login attempts carried (wrong
 * ones too) and the session cookies it issued. In-process tests ask the control API; a simulator in
 * a child process (the CLI, the demo, start:n8n) cannot be asked, so when the environment variable
 * below names a file, each secret is also appended to it, one per line as `kind<TAB>value`, for the test that started it.
 */
import { appendFileSync } from 'node:fs';

export const SECRETS_FILE_VARIABLE = 'SECUREEDGE_SIMULATOR_SECRETS_FILE';

/** How many received passwords are remembered (a long-running CLI must not grow without end). */
const MEMORY = 10_000;

export class SecretReport {
  private readonly passwords: string[] = [];
  /** The body of the last login request, as received (for the echoReceived switch). */
  lastLoginBody: string | undefined;

  notePassword(value: string | null): void {
    if (!value) return;
    if (!this.passwords.includes(value)) {
      this.passwords.push(value);
      if (this.passwords.length > MEMORY) this.passwords.shift();
    }
    reportToFile('password', value);
  }

  noteCookie(value: string): void {
    reportToFile('cookie', value);
  }

  receivedPasswords(): string[] {
    return [...this.passwords];
  }
}

function reportToFile(kind: 'password' | 'cookie', value: string): void {
  const file = process.env[SECRETS_FILE_VARIABLE];
  if (!file) return;
  try {
    appendFileSync(file, `${kind}\t${value.replace(/[\r\n]/g, ' ')}\n`, { mode: 0o600 });
  } catch {
    // The scan's file is gone (its test ended): nothing to report to.
  }
}
