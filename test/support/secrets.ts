/**
 * The secret scan. Everything a suite sees (log lines, errors, msgs, n8n items, status badges,
 * child-process output) is recorded here; after each test file, `secret-scan.setup.ts` fails the
 * file if the device password or any session cookie the simulators issued appears in it.
 */
import { inspect } from 'node:util';

/** The password every test simulator uses. It holds characters that get escaped in URLs and JSON. */
export const TEST_PASSWORD = 'St1cker+Pa55/word=';

const records: { source: string; text: string }[] = [];
const secretProviders: Array<() => string[]> = [TEST_PASSWORD].map((p) => () => [p]);

/** Render anything, errors with their own fields and whole cause chain, as text to scan. */
export function renderForScan(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return inspect(value, { depth: 8, showHidden: false, getters: false, breakLength: Infinity }) + ' ' + safeJson(value);
  } catch {
    return String(value);
  }
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return '';
  }
}

/** Record what a user could see: a message, an item, a status badge, a log line, an error. */
export function recordForScan(source: string, value: unknown): void {
  records.push({ source, text: renderForScan(value) });
}

/** Register where more secrets come from (a simulator's issued session cookies). */
export function addSecretProvider(provider: () => string[]): void {
  secretProviders.push(provider);
}

export function recordedCount(): number {
  return records.length;
}

/** Every (source, secret) pair found; secrets are reported by kind, never printed. */
export function findLeaks(): string[] {
  const secrets = new Set<string>();
  for (const p of secretProviders) for (const s of p()) if (s && s.length >= 6) {
    secrets.add(s);
    secrets.add(encodeURIComponent(s));
  }
  const leaks: string[] = [];
  for (const r of records) {
    for (const s of secrets) {
      if (r.text.includes(s)) leaks.push(`${r.source}: contains ${s.startsWith(TEST_PASSWORD.slice(0, 6)) ? 'the password' : 'a session cookie'}`);
    }
  }
  return leaks;
}
