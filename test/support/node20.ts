/** Find the machine's Node 20 (outside node_modules), for the tests that prove dist/ loads there. */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export function findNode20(): string {
  const candidates = [
    ...(process.env.PATH ?? '')
      .split(delimiter)
      .filter((d) => d && !d.includes('node_modules'))
      .map((d) => join(d, 'node')),
    '/usr/bin/node',
    '/usr/local/bin/node',
  ];
  for (const bin of candidates) {
    if (!existsSync(bin)) continue;
    try {
      const version = execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim();
      if (/^v20\.(1[89]|[2-9]\d)\./.test(version)) return bin;
    } catch {
      // not runnable: try the next
    }
  }
  throw new Error(
    'No Node.js 20.18+ found outside node_modules (looked on PATH, /usr/bin, /usr/local/bin): install Node 20 to run the compatibility tests.',
  );
}
