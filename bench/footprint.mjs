// Footprint: time to load core in a fresh process, heap per idle logged-in client, runtime dependencies.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { median, round } from './lib/stats.mjs';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
const corePath = fileURLToPath(new URL('../dist/core/index.js', import.meta.url));

/** require('dist/core') in a fresh Node process, timed inside it; the median of several. */
export async function coreLoadMs(times = 7) {
  const script =
    `const t=performance.now();require(${JSON.stringify(corePath)});const a=performance.now()-t;` +
    `const {SecureEdgeClient}=require(${JSON.stringify(corePath)});const t2=performance.now();` +
    `new SecureEdgeClient({url:'http://127.0.0.1:9',password:'unused-1'});` +
    `process.stdout.write(JSON.stringify({load:a,firstClient:performance.now()-t2}))`;
  const loads = [];
  const firstClient = [];
  for (let i = 0; i < times; i++) {
    const { stdout } = await run(process.execPath, ['-e', script]);
    const r = JSON.parse(stdout);
    loads.push(r.load);
    firstClient.push(r.firstClient);
  }
  return { ms: round(median(loads), 1), firstClientMs: round(median(firstClient), 1) };
}

/** Heap per idle client that has logged in (its session, cookie jar, keep-alive agent and socket), in a child with --expose-gc. */
export async function heapPerSessionKB(url, password, clients = 200) {
  const script = `
    const { SecureEdgeClient } = require(${JSON.stringify(corePath)});
    const heap = () => { global.gc(); global.gc(); return process.memoryUsage().heapUsed; };
    (async () => {
      // One client first, so that module-level costs (undici, zod, tough-cookie) are not counted per session.
      const warm = new SecureEdgeClient({ url: ${JSON.stringify(url)}, password: process.env.BENCH_PASSWORD });
      await warm.listImages();
      const before = heap();
      const list = [];
      for (let i = 0; i < ${clients}; i++) {
        const c = new SecureEdgeClient({ url: ${JSON.stringify(url)}, password: process.env.BENCH_PASSWORD });
        await c.listImages();
        list.push(c);
      }
      const after = heap();
      const logins = list.reduce((s, c) => s + c.loginCount, 0);
      await Promise.all([warm, ...list].map((c) => c.close()));
      process.stdout.write(JSON.stringify({ kb: (after - before) / ${clients} / 1024, logins }));
    })();`;
  const { stdout } = await run(process.execPath, ['--expose-gc', '-e', script], { env: { ...process.env, BENCH_PASSWORD: password } });
  const r = JSON.parse(stdout);
  return { kb: round(r.kb, 1), clients, logins: r.logins };
}

/** The package.json of an installed package, found from its entry point (exports maps may hide package.json). */
function manifestOf(name, from) {
  let entry;
  try {
    entry = createRequire(from).resolve(name);
  } catch {
    return undefined;
  }
  for (let dir = dirname(entry); dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate) && JSON.parse(readFileSync(candidate, 'utf8')).name === name) return candidate;
  }
  return undefined;
}

/** The package's runtime dependencies and everything they pull in, from the installed node_modules. */
export function runtimeDependencies() {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  const direct = Object.keys(pkg.dependencies ?? {});
  const seen = new Map();
  const visit = (name, from) => {
    if (seen.has(name)) return;
    const manifestPath = manifestOf(name, from);
    if (!manifestPath) {
      seen.set(name, '?');
      return;
    }
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    seen.set(name, manifest.version);
    for (const dep of Object.keys(manifest.dependencies ?? {})) visit(dep, manifestPath);
  };
  for (const d of direct) visit(d, `${root}/package.json`);
  return { direct: direct.map((d) => `${d}@${seen.get(d)}`), total: seen.size, all: [...seen].map(([n, v]) => `${n}@${v}`) };
}
