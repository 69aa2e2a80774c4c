/**
 * Which secrets of a simulator a text shows: its password (the test's, and every wrong one it
 * received) and every session cookie it issued, raw or in the encodings a device or a client
 * uses (URL, form, JSON, HTML). Named by kind, never printed. With `fragments`, a piece of a
 * secret counts too (what a message cut in the middle of a secret would show).
 */
import type { RunningSimulator } from '../../simulator';

/** A piece this long of a password or cookie is as good as a leak; shorter ones match ordinary text. */
const FRAGMENT = 8;

function spellings(secret: string): string[] {
  return [
    ...new Set([
      secret,
      encodeURIComponent(secret),
      new URLSearchParams({ s: secret }).toString().slice(2),
      JSON.stringify(secret).slice(1, -1),
      secret.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;'),
    ]),
  ];
}

function secretsOf(sim: RunningSimulator): { kind: 'password' | 'cookie'; value: string }[] {
  return [
    ...[sim.password, ...sim.control.receivedPasswords()].map((value) => ({ kind: 'password' as const, value })),
    ...sim.control.issuedSessionCookies().map((value) => ({ kind: 'cookie' as const, value })),
  ];
}

function shows(text: string, secret: string, fragments: boolean): boolean {
  for (const s of spellings(secret)) {
    if (text.includes(s)) return true;
    if (fragments) for (let i = 0; i + FRAGMENT <= s.length; i++) if (text.includes(s.slice(i, i + FRAGMENT))) return true;
  }
  return false;
}

/** The kinds of secret found in `text` (each kind once, in order: password, cookie). */
export function leakedSecrets(text: string, sim: RunningSimulator, options: { fragments?: boolean } = {}): string[] {
  const found = new Set<string>();
  for (const { kind, value } of secretsOf(sim)) if (shows(text, value, options.fragments ?? false)) found.add(kind);
  return ['password', 'cookie'].filter((k) => found.has(k));
}

/** Same check, for proving the device did echo them. */
export const echoedSecrets = (text: string, sim: RunningSimulator): string[] => leakedSecrets(text, sim);
