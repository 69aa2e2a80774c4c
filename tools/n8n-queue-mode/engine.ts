/**
 * The pinned n8n CLI (tools/n8n-engine) for processes of a queue-mode cluster: where it is, the Node it runs on,
 * the quiet loopback-only environment every local n8n here starts with, and an n8n user folder with this package
 * installed the way the README tells users to (into `~/.n8n/nodes`, by tools/n8n-engine/install-package.mjs).
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import n8nEnvFile from '../n8n-engine/n8n-env.json';

export const REPO_ROOT = path.resolve(__dirname, '../..');
export const ENGINE_DIR = path.join(REPO_ROOT, 'tools', 'n8n-engine');
export const N8N_BIN = path.join(ENGINE_DIR, 'node_modules', 'n8n', 'bin', 'n8n');
/** The project's pinned Node 24 (n8n 2.x needs >= 22). */
export const NODE_BIN = fs.existsSync(path.join(REPO_ROOT, 'node_modules', '.bin', 'node'))
  ? path.join(REPO_ROOT, 'node_modules', '.bin', 'node')
  : process.execPath;

export function isEngineInstalled(): boolean {
  return fs.existsSync(N8N_BIN) && fs.existsSync(path.join(ENGINE_DIR, 'node_modules', '.secureedge-engine-ready.json'));
}

/** Installs n8n into tools/n8n-engine when missing (minutes, once); its progress goes to this process's output. */
export function ensureEngineInstalled(): void {
  const result = spawnSync(NODE_BIN, [path.join(ENGINE_DIR, 'install.mjs')], { stdio: 'inherit', cwd: REPO_ROOT });
  if (result.status !== 0) throw new Error(`installing the n8n engine failed (exit ${result.status}); see the log above`);
}

/**
 * The outer environment without what would change how n8n behaves: someone's own N8N_* and DB_* settings, and
 * jest's NODE_ENV=test (n8n silences its logger then, and the suite reads the workers' logs).
 */
const DROPPED_VARIABLES = new Set(['NODE_ENV', 'NODE_OPTIONS', 'JEST_WORKER_ID']);
const QUIET_LOCAL_ENV: Record<string, string> = Object.fromEntries(
  Object.entries(n8nEnvFile as Record<string, string>).filter(([key]) => !key.startsWith('//')),
);

export function n8nEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('N8N_') && !key.startsWith('DB_') && !/^npm_/i.test(key) && !DROPPED_VARIABLES.has(key)) env[key] = value;
  }
  return { ...env, ...QUIET_LOCAL_ENV, PATH: `${path.dirname(NODE_BIN)}${path.delimiter}${process.env.PATH ?? ''}`, ...extra };
}

/**
 * Fresh n8n user folders in `parent`, one per label, with this package installed into each one's `.n8n/nodes`:
 * one `npm pack`, then the installs side by side (tools/n8n-engine/install-package.mjs).
 */
export function userFoldersWithPackage(parent: string, labels: string[]): { folders: string[]; installOutput: string } {
  const folders = labels.map((label) => fs.mkdtempSync(path.join(parent, `${label}-`)));
  const script = `
    const { packThisPackage, installPackageIntoN8n } = await import(${JSON.stringify(path.join(ENGINE_DIR, 'install-package.mjs'))});
    const tarball = await packThisPackage();
    await Promise.all(${JSON.stringify(folders)}.map((folder) => installPackageIntoN8n(folder, { tarball })));
  `;
  const install = spawnSync(NODE_BIN, ['--input-type=module', '-e', script], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { ...process.env, PATH: `${path.dirname(NODE_BIN)}${path.delimiter}${process.env.PATH ?? ''}` },
  });
  const installOutput = `${install.stdout}\n${install.stderr}`;
  if (install.status !== 0) throw new Error(`installing the package into ${labels.join(', ')} failed: ${install.stderr}`);
  return { folders, installOutput };
}

export interface CliRun {
  args: string[];
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs one n8n command to its end (killed after `timeoutMs`). */
export function runN8nCommand(args: string[], env: NodeJS.ProcessEnv, cwd: string, timeoutMs = 600_000): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(NODE_BIN, [N8N_BIN, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ args, code, stdout, stderr });
    });
  });
}
