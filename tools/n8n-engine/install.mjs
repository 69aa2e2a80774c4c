#!/usr/bin/env node
// Installs the real n8n CLI the engine tests run in, into tools/n8n-engine/node_modules, when it is missing or stale.
//
// Why this recipe (the plain `npm ci` does not work here):
// - `--ignore-scripts`: n8n's dependency tree holds a Kafka module whose install script downloads toolchains, and
//   the only network this project may use is the npm registry.
// - `npm rebuild sqlite3` afterwards: n8n's default database needs the native sqlite3 binding. Its prebuilt binary
//   is served by GitHub (not reachable), so node-gyp compiles it, which needs the headers of the Node that will
//   run n8n. node-gyp would download them from nodejs.org; we point `npm_config_nodedir` at the headers shipped in
//   the registry package `node-<platform>-<arch>@<version>` instead (the same package the `node` devDependency uses).
// - Node 24 (the `node` devDependency) first on PATH: the binding is built for the ABI of the Node that runs n8n.
//
// Usable as a module (`ensureEngineInstalled()`, used by jest's global setup and scripts/start-n8n.mjs) and as a
// command (`node tools/n8n-engine/install.mjs [--force]`).
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const { runCommand } = createRequire(import.meta.url)('../process.cjs');

export const ENGINE_DIR = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(ENGINE_DIR, '../..');
const MARKER = path.join(ENGINE_DIR, 'node_modules', '.secureedge-engine-ready.json');
const LOCK_DIR = path.join(REPO_ROOT, '.tmp', 'n8n-engine-install.lock');
const HEADERS_ROOT = path.join(REPO_ROOT, '.tmp', 'node-headers');

function log(message) {
  process.stderr.write(`[n8n-engine ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

/** The Node binary n8n must run under: the project's pinned Node 24, else the one running this script. */
export function engineNodeBinDir() {
  const pinned = path.join(REPO_ROOT, 'node_modules', '.bin');
  return fs.existsSync(path.join(pinned, 'node')) ? pinned : path.dirname(process.execPath);
}

/** Environment for every child process of the install and of the engine: pinned Node first on PATH. */
export function engineEnv(extra = {}) {
  return { ...process.env, PATH: `${engineNodeBinDir()}${path.delimiter}${process.env.PATH ?? ''}`, ...extra };
}

/** Run a command, its output passed through (the install's progress belongs in the CI log). */
const run = (command, args, { stdio, ...options } = {}) =>
  stdio ? runWithStdio(command, args, { stdio, ...options }) : runCommand(command, args, { ...options, inherit: true });
/** Run a command and resolve with its stdout. */
const runCapture = (command, args, options = {}) => runCommand(command, args, options);

/** For the one step whose output goes to a file. */
function runWithStdio(command, args, options) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, options);
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`})`)),
    );
  });
}

/** What the installed tree must match: the lockfile and the Node ABI the native binding was built for. */
async function wantedState(env) {
  const lock = fs.readFileSync(path.join(ENGINE_DIR, 'package-lock.json'));
  const nodeVersion = await runCapture('node', ['-p', 'process.version + " " + process.versions.modules'], { env });
  const [version, abi] = nodeVersion.split(' ');
  return { lockSha256: createHash('sha256').update(lock).digest('hex'), nodeVersion: version, nodeAbi: abi };
}

function readMarker() {
  try {
    return JSON.parse(fs.readFileSync(MARKER, 'utf8'));
  } catch {
    return undefined;
  }
}

export function isEngineInstalled(wanted) {
  const marker = readMarker();
  if (!marker || !fs.existsSync(path.join(ENGINE_DIR, 'node_modules', 'n8n', 'bin', 'n8n'))) return false;
  if (!wanted) return true;
  return marker.lockSha256 === wanted.lockSha256 && marker.nodeAbi === wanted.nodeAbi;
}

function headersVersion(nodedir) {
  try {
    const h = fs.readFileSync(path.join(nodedir, 'include', 'node', 'node_version.h'), 'utf8');
    const part = (name) => h.match(new RegExp(`#define ${name} (\\d+)`))?.[1];
    return `v${part('NODE_MAJOR_VERSION')}.${part('NODE_MINOR_VERSION')}.${part('NODE_PATCH_VERSION')}`;
  } catch {
    return undefined;
  }
}

/** A folder with include/node/node.h for exactly `version`, fetched from the npm registry when not already here. */
async function nodeHeadersDir(version, env) {
  const platformPackage = `node-${process.platform}-${process.arch}`;
  const candidates = [
    path.join(REPO_ROOT, 'node_modules', platformPackage),
    path.join(REPO_ROOT, 'node_modules', 'node', 'node_modules', platformPackage),
    path.join(HEADERS_ROOT, version, 'package'),
  ];
  const found = candidates.find((dir) => headersVersion(dir) === version);
  if (found) return found;

  const target = path.join(HEADERS_ROOT, version);
  fs.mkdirSync(target, { recursive: true });
  log(`fetching Node ${version} headers from the npm registry (${platformPackage}@${version.slice(1)})`);
  const tarball = await runCapture('npm', ['pack', `${platformPackage}@${version.slice(1)}`, '--silent'], { env, cwd: target });
  await run('tar', ['xzf', tarball, 'package/include', 'package/package.json'], { cwd: target });
  fs.rmSync(path.join(target, tarball), { force: true });
  const dir = path.join(target, 'package');
  if (headersVersion(dir) !== version) throw new Error(`no Node ${version} headers in ${platformPackage}`);
  return dir;
}

async function withInstallLock(work) {
  fs.mkdirSync(path.dirname(LOCK_DIR), { recursive: true });
  let waitedS = 0;
  for (;;) {
    // Take the lock atomically WITH its pid: a folder holding the pid file is renamed into place,
    // so nobody can see a lock without an owner (and mistake it for a stale one).
    const mine = `${LOCK_DIR}.${process.pid}`;
    fs.rmSync(mine, { recursive: true, force: true });
    fs.mkdirSync(mine);
    fs.writeFileSync(path.join(mine, 'pid'), String(process.pid));
    try {
      fs.renameSync(mine, LOCK_DIR);
      break;
    } catch (error) {
      fs.rmSync(mine, { recursive: true, force: true });
      if (!['EEXIST', 'ENOTEMPTY', 'EPERM'].includes(error.code)) throw error;
    }
    let holder = 0;
    try {
      holder = Number(fs.readFileSync(path.join(LOCK_DIR, 'pid'), 'utf8').trim() || 0);
    } catch (error) {
      if (error.code === 'ENOENT') continue; // released just now: try again
      throw error;
    }
    let alive = false;
    try {
      process.kill(holder, 0);
      alive = holder > 0;
    } catch {
      // ESRCH: the holder is gone, so the lock is stale.
    }
    if (!alive) {
      fs.rmSync(LOCK_DIR, { recursive: true, force: true });
      continue;
    }
    if (waitedS % 60 === 0) log(`another install (pid ${holder}) is running; waiting for it (${waitedS} s)`);
    await new Promise((r) => setTimeout(r, 5000));
    waitedS += 5;
  }
  try {
    return await work();
  } finally {
    fs.rmSync(LOCK_DIR, { recursive: true, force: true });
  }
}

/** Installs n8n into tools/n8n-engine/node_modules unless an install for this lockfile and Node ABI is there. */
export async function ensureEngineInstalled({ force = false } = {}) {
  const env = engineEnv();
  const wanted = await wantedState(env);
  if (!force && isEngineInstalled(wanted)) return;

  await withInstallLock(async () => {
    if (!force && isEngineInstalled(wanted)) return; // someone else finished it while we waited
    const started = Date.now();
    log(
      `installing n8n for the engine tests into ${path.relative(REPO_ROOT, ENGINE_DIR)} (Node ${wanted.nodeVersion}; takes minutes and ~3 GB)`,
    );
    const nodedir = await nodeHeadersDir(wanted.nodeVersion, env);
    // build_from_source: skip prebuild-install's download from GitHub (unreachable) and go straight to node-gyp.
    const npmEnv = engineEnv({
      npm_config_nodedir: nodedir,
      npm_config_build_from_source: 'true',
      npm_config_audit: 'false',
      npm_config_fund: 'false',
    });
    fs.rmSync(MARKER, { force: true });

    log('step 1/2: npm ci --ignore-scripts');
    await run('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: ENGINE_DIR, env: npmEnv });

    // The compiler's output (thousands of warning lines from sqlite's amalgamation) goes to a file, shown on failure.
    const buildLog = path.join(REPO_ROOT, '.tmp', 'n8n-engine-sqlite3-build.log');
    log(`step 2/2: npm rebuild sqlite3 (compiles the native binding; about 3 minutes; output in ${path.relative(REPO_ROOT, buildLog)})`);
    const heartbeat = setInterval(() => log(`  still compiling sqlite3 (${Math.round((Date.now() - started) / 1000)} s)`), 30_000);
    const out = fs.openSync(buildLog, 'w');
    try {
      await run('npm', ['rebuild', 'sqlite3', '--foreground-scripts', '--loglevel=error'], {
        cwd: ENGINE_DIR,
        env: npmEnv,
        stdio: ['ignore', out, out],
      });
    } catch (error) {
      process.stderr.write(fs.readFileSync(buildLog, 'utf8').split('\n').slice(-40).join('\n') + '\n');
      throw error;
    } finally {
      clearInterval(heartbeat);
      fs.closeSync(out);
    }
    await run('node', ['-e', "require('sqlite3'); require('n8n/package.json')"], { cwd: ENGINE_DIR, env });

    fs.writeFileSync(MARKER, JSON.stringify({ ...wanted, installedAt: new Date().toISOString() }, null, 2));
    log(`n8n engine installed in ${Math.round((Date.now() - started) / 1000)} s`);
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  ensureEngineInstalled({ force: process.argv.includes('--force') }).catch((error) => {
    log(`install failed: ${error.message}`);
    process.exit(1);
  });
}
