/**
 * Redis and Postgres for the queue-mode suite and bench: Debian's own servers (`redis-server`, `postgresql`),
 * started in throwaway folders, listening on 127.0.0.1 on free ports, with durability switched off (a test database
 * is thrown away anyway). Postgres refuses to run as root, so as root it runs as the `postgres` user the Debian
 * package creates. `.ci/run` installs both packages when missing.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

import { freePort } from '../free-port.cjs';

export interface Service {
  host: string;
  port: number;
  stop(): Promise<void>;
}

export interface Postgres extends Service {
  database: string;
  user: string;
  password: string;
}

/** The newest Debian postgresql server's bin folder (/usr/lib/postgresql/<major>/bin), or undefined. */
export function postgresBinDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return undefined;
  const majors = fs
    .readdirSync(root)
    .filter((v) => /^\d+$/.test(v) && fs.existsSync(path.join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return majors.length ? path.join(root, majors[0], 'bin') : undefined;
}

function onPath(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/** What is missing to run queue mode here; [] when Redis and Postgres can both be started. */
export function missingQueueModeTools(): string[] {
  const missing: string[] = [];
  if (!onPath('redis-server')) missing.push('redis-server (apt-get install redis-server)');
  if (!postgresBinDir()) missing.push('postgres (apt-get install postgresql)');
  if (process.getuid?.() === 0 && spawnSync('id', ['-u', 'postgres'], { stdio: 'ignore' }).status !== 0)
    missing.push('a `postgres` user to run Postgres as (created by the postgresql package)');
  return missing;
}

/** Collects a child's output so a failure can show its tail. */
function captureOutput(child: ChildProcess): () => string {
  let out = '';
  const keep = (chunk: Buffer) => {
    out = (out + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return () => out;
}

/** Polls `ready` until it resolves true, failing early when the process exits. */
async function waitUntil(what: string, child: ChildProcess, output: () => string, ready: () => Promise<boolean>, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`${what} exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${output()}`);
    if (await ready().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} was not ready within ${timeoutMs / 1000} s:\n${output()}`);
}

/** Ends a child: SIGTERM, then SIGKILL if it lingers. */
async function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Sends one Redis command (inline protocol) and returns the first reply line. */
function redisCommand(port: number, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let reply = '';
    socket.setTimeout(2000, () => socket.destroy(new Error('redis: no reply')));
    socket.on('connect', () => socket.write(`${command}\r\n`));
    socket.on('data', (chunk) => {
      reply += chunk.toString('utf8');
      if (reply.includes('\r\n')) {
        socket.end();
        resolve(reply.split('\r\n')[0]);
      }
    });
    socket.on('error', reject);
  });
}

export async function startRedis(tempRoot: string): Promise<Service> {
  const dir = fs.mkdtempSync(path.join(tempRoot, 'redis-'));
  const port = await freePort();
  const child = spawn(
    'redis-server',
    ['--bind', '127.0.0.1', '--port', String(port), '--dir', dir, '--save', '', '--appendonly', 'no', '--protected-mode', 'yes'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const output = captureOutput(child);
  await waitUntil('redis-server', child, output, async () => (await redisCommand(port, 'PING')) === '+PONG');
  return {
    host: '127.0.0.1',
    port,
    stop: async () => {
      await stopChild(child);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** As root, a command line run as the `postgres` user; otherwise as is. */
function asPostgresUser(command: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
}

function runChecked(command: string, args: string[]): void {
  const [cmd, argv] = asPostgresUser(command, args);
  const result = spawnSync(cmd, argv, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} failed (exit ${result.status}): ${result.stderr || result.stdout}`);
}

export async function startPostgres(tempRoot: string): Promise<Postgres> {
  const bin = postgresBinDir();
  if (!bin) throw new Error('postgres is not installed (apt-get install postgresql)');
  // The folder must be the postgres user's alone: Postgres checks its data folder's owner and mode.
  const dir = fs.mkdtempSync(path.join(tempRoot, 'postgres-'));
  if (process.getuid?.() === 0) {
    const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim());
    const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
    fs.chownSync(dir, uid, gid);
    // The temp root is the test's own (mode 700); postgres must be able to reach its folder inside it.
    fs.chmodSync(tempRoot, 0o711);
  }
  const dataDir = path.join(dir, 'data');
  const user = 'n8n';
  const database = 'n8n';
  const password = 'n8n-queue-test';
  runChecked(path.join(bin, 'initdb'), ['-D', dataDir, '-U', user, '-A', 'trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
  const port = await freePort();
  const [cmd, argv] = asPostgresUser(path.join(bin, 'postgres'), [
    '-D',
    dataDir,
    '-h',
    '127.0.0.1',
    '-p',
    String(port),
    '-k',
    dir, // the unix socket in the throwaway folder, not /var/run/postgresql
    '-c',
    'fsync=off',
    '-c',
    'synchronous_commit=off',
    '-c',
    'full_page_writes=off',
    '-c',
    'max_connections=100',
  ]);
  const child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
  const output = captureOutput(child);
  const psql = path.join(bin, 'psql');
  const query = (sql: string, db = 'postgres') =>
    spawnSync(psql, ['-h', '127.0.0.1', '-p', String(port), '-U', user, '-d', db, '-tAc', sql], { encoding: 'utf8' });
  await waitUntil('postgres', child, output, async () => query('select 1').status === 0);
  const created = query(`create database ${database}`);
  if (created.status !== 0) throw new Error(`creating the database failed: ${created.stderr}`);
  return {
    host: '127.0.0.1',
    port,
    database,
    user,
    password,
    stop: async () => {
      await stopChild(child);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
