/**
 * Node-RED 4.1 for the tests that run it on the machine's Node 20: test/compat/node-red-4 (its own
 * package.json and committed lockfile), installed with that Node's npm on first use. Two test files
 * may ask at once (jest runs two workers), so the install holds a lock: a directory made atomically,
 * holding the owner's pid, taken over only when that process is gone.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { cleanEnv, runNpm } from '../../../tools/process.cjs';
import { recordForScan } from '../../support/secrets';
import { findNode20 } from './node-20';
import { REPO_ROOT } from './node-red-under-test';

export const NODE_RED_4_DIR = join(REPO_ROOT, 'test', 'compat', 'node-red-4');
export const NODE_RED_4_RED_JS = join(NODE_RED_4_DIR, 'node_modules', 'node-red', 'red.js');
const LOCK = join(NODE_RED_4_DIR, '.install-lock');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function withLock<T>(work: () => Promise<T>, timeoutMs = 10 * 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      mkdirSync(LOCK);
      writeFileSync(join(LOCK, 'pid'), String(process.pid));
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let owner = NaN;
      try {
        owner = Number(readFileSync(join(LOCK, 'pid'), 'utf8'));
      } catch {
        // the owner made the directory but has not written its pid yet
      }
      if (Number.isInteger(owner) && !alive(owner)) rmSync(LOCK, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`Node-RED 4 install lock ${LOCK} held too long (pid ${owner})`);
      else await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

/** Node 20 and Node-RED 4.1 installed for it: { node20, redJs, npmEnv } (npmEnv runs npm on Node 20). */
export async function nodeRed4(): Promise<{ node20: { binary: string; version: string }; redJs: string; npmEnv: NodeJS.ProcessEnv }> {
  const node20 = findNode20();
  if (!node20) {
    throw new Error(
      "No Node.js 20 found (looked at every `node` on PATH, /usr/local/bin/node, /usr/bin/node): Node-RED 4.1 runs on the machine's Node 20.",
    );
  }
  // Node 20's directory first on PATH, so `npm` (a `#!/usr/bin/env node` script) runs on Node 20.
  const npmEnv = cleanEnv({ PATH: `${dirname(node20.binary)}:${process.env.PATH ?? ''}` });
  await withLock(async () => {
    if (existsSync(NODE_RED_4_RED_JS)) return;
    const onOutput = (text: string) => recordForScan('npm (node-red 4 compat)', text);
    await runNpm(['ci', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: NODE_RED_4_DIR, env: npmEnv, onOutput });
  });
  return { node20, redJs: NODE_RED_4_RED_JS, npmEnv };
}
