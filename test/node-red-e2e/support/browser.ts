/**
 * Debian's chromium, driven by playwright-core (which brings no browser of its own). CI installs
 * it with apt (`.ci/run`); without it the browser test fails and says how to get it.
 */
import { execFileSync } from 'node:child_process';
import { chromium, type Browser } from 'playwright-core';

export function findChromium(): string {
  try {
    return execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error(
      "chromium not found on PATH: the browser test drives Debian's chromium. Install it: apt-get update && apt-get install -y chromium",
    );
  }
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: findChromium(),
    // Headless, and nothing that phones home (sync, component updates, background requests).
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/**
 * Read `read()` until `ok(value)` holds or `timeoutMs` passes; resolves with the last value
 * either way, so the test's own expect() reports what was there.
 */
export async function settle<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}
