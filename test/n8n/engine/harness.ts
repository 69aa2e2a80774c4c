/**
 * The engine harness: the real `n8n` CLI (2.41.1, installed in tools/n8n-engine by install.mjs) in a throwaway user
 * folder, with this package installed the way n8n's community-package installer does it (install-package.mjs).
 * Tests import credentials and workflows with n8n's own import commands and run workflows with `n8n execute`,
 * whose JSON output is the whole run data (every node's items and errors). Every line the CLI prints goes to the
 * secret scan.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { recordForScan } from '../../support/secrets';
import { freePort } from '../../../tools/free-port.cjs';
import n8nEnvFile from '../../../tools/n8n-engine/n8n-env.json';
import { parseExecuteOutput, type Execution } from './run-data';
import type { CredentialImport, WorkflowImport } from './workflows';

export const REPO_ROOT = path.resolve(__dirname, '../../..');
export const ENGINE_DIR = path.join(REPO_ROOT, 'tools', 'n8n-engine');
const N8N_BIN = path.join(ENGINE_DIR, 'node_modules', 'n8n', 'bin', 'n8n');
/** The Node that runs n8n: the project's pinned Node 24 (n8n 2.x needs >= 22), the one sqlite3 was built for. */
const NODE_BIN = fs.existsSync(path.join(REPO_ROOT, 'node_modules', '.bin', 'node'))
  ? path.join(REPO_ROOT, 'node_modules', '.bin', 'node')
  : process.execPath;

/** Installs n8n into tools/n8n-engine when missing (minutes, once). Its progress goes straight to the CI log. */
export function ensureEngineInstalled(): void {
  const result = spawnSync(NODE_BIN, [path.join(ENGINE_DIR, 'install.mjs')], { stdio: 'inherit', cwd: REPO_ROOT });
  if (result.status !== 0) throw new Error(`installing the n8n engine failed (exit ${result.status}); see the log above`);
}

export interface CliRun {
  args: string[];
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Variables of the outer process that would change how n8n behaves are dropped: someone's own N8N_* and DB_*
 * settings, and jest's NODE_ENV=test (n8n silences its logger in tests, and then prints no run at all).
 */
const DROPPED_VARIABLES = new Set(['NODE_ENV', 'NODE_OPTIONS', 'JEST_WORKER_ID']);
function baseEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('N8N_') && !key.startsWith('DB_') && !DROPPED_VARIABLES.has(key)) env[key] = value;
  }
  return env;
}

const QUIET_LOCAL_ENV: Record<string, string> = Object.fromEntries(
  Object.entries(n8nEnvFile as Record<string, string>).filter(([key]) => !key.startsWith('//')),
);

export class N8nEngine {
  /**
   * n8n's log level for the commands this engine runs. 'debug' prints the node's own debug lines
   * (every request core makes), so the secret scan reads them too; some file must use it.
   */
  logLevel: 'info' | 'debug' = 'info';

  private constructor(
    readonly userFolder: string,
    private readonly encryptionKey: string,
  ) {}

  /** A fresh user folder with this package installed into it; nothing else is shared between engines. */
  static async create(label: string): Promise<N8nEngine> {
    ensureEngineInstalled();
    const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), `n8n-engine-${label}-`));
    const engine = new N8nEngine(userFolder, randomBytes(24).toString('hex'));
    const install = spawnSync(NODE_BIN, [path.join(ENGINE_DIR, 'install-package.mjs'), userFolder], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: { ...process.env, PATH: `${path.dirname(NODE_BIN)}${path.delimiter}${process.env.PATH}` },
    });
    recordForScan('package install output', `${install.stdout}\n${install.stderr}`);
    if (install.status !== 0) {
      await engine.dispose();
      throw new Error(`installing the package into n8n failed: ${install.stderr}`);
    }
    return engine;
  }

  /** Everything n8n is started with: this folder, this key, loopback only, nothing phoned home. */
  async env(extra: Record<string, string> = {}): Promise<NodeJS.ProcessEnv> {
    return {
      ...baseEnv(),
      ...QUIET_LOCAL_ENV,
      PATH: `${path.dirname(NODE_BIN)}${path.delimiter}${process.env.PATH ?? ''}`,
      N8N_USER_FOLDER: this.userFolder,
      N8N_ENCRYPTION_KEY: this.encryptionKey,
      N8N_PORT: String(await freePort()),
      N8N_RUNNERS_BROKER_PORT: String(await freePort()),
      N8N_LOG_LEVEL: this.logLevel,
      ...extra,
    };
  }

  /** Runs one n8n command to its end. Output is recorded for the secret scan, whatever it holds. */
  async cli(args: string[], { timeoutMs = 180_000 }: { timeoutMs?: number } = {}): Promise<CliRun> {
    const env = await this.env();
    return new Promise((resolve, reject) => {
      const child = spawn(NODE_BIN, [N8N_BIN, ...args], { cwd: this.userFolder, env, stdio: ['ignore', 'pipe', 'pipe'] });
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
        recordForScan(`n8n ${args[0]} stdout`, stdout);
        recordForScan(`n8n ${args[0]} stderr`, stderr);
        resolve({ args, code, stdout, stderr });
      });
    });
  }

  private async importFile(command: string, entries: unknown[]): Promise<void> {
    const file = path.join(this.userFolder, `${command.replace(':', '-')}-${randomBytes(4).toString('hex')}.json`);
    fs.writeFileSync(file, JSON.stringify(entries, null, 2));
    try {
      const run = await this.cli([command, `--input=${file}`]);
      if (run.code !== 0) throw new Error(`n8n ${command} failed (exit ${run.code}):\n${tail(run)}`);
    } finally {
      // The credentials file holds the password in clear text until n8n has encrypted it into its database.
      fs.rmSync(file, { force: true });
    }
  }

  async importCredentials(credentials: CredentialImport[]): Promise<void> {
    await this.importFile('import:credentials', credentials);
  }

  async importWorkflows(workflows: WorkflowImport[]): Promise<void> {
    await this.importFile('import:workflow', workflows);
  }

  /** `n8n execute --id <id> --rawOutput`: the run data as n8n printed it, whether the workflow failed or not. */
  async execute(workflowId: string): Promise<Execution> {
    const run = await this.cli(['execute', `--id=${workflowId}`, '--rawOutput']);
    return parseExecuteOutput(run);
  }

  async dispose(): Promise<void> {
    fs.rmSync(this.userFolder, { recursive: true, force: true });
  }
}

/** The last lines of a command's output, for a failure message. */
export function tail(run: CliRun, lines = 40): string {
  return `${run.stdout}\n${run.stderr}`.trim().split('\n').slice(-lines).join('\n');
}
