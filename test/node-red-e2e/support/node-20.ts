/**
 * The machine's own Node.js 20 (the tests themselves run on Node 24 from node_modules/.bin):
 * Node-RED 4 on older devices runs on it, so the compatibility test runs Node-RED 4.1 there.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

function versionOf(binary: string): string | undefined {
  try {
    return execFileSync(binary, ['--version'], { encoding: 'utf8', timeout: 10_000 }).trim();
  } catch {
    return undefined;
  }
}

/** Every `node` on PATH, then the usual system places; the first that reports v20.x. */
export function findNode20(): { binary: string; version: string } | undefined {
  const candidates = [
    ...(process.env.PATH ?? '')
      .split(delimiter)
      .filter(Boolean)
      .map((dir) => join(dir, 'node')),
    '/usr/local/bin/node',
    '/usr/bin/node',
  ];
  for (const binary of new Set(candidates)) {
    if (!existsSync(binary)) continue;
    const version = versionOf(binary);
    if (version && /^v20\./.test(version)) return { binary, version };
  }
  return undefined;
}
