/**
 * n8n in queue mode, as an operator runs it for a plant: Redis and Postgres (services.ts), one main (`n8n start`:
 * editor, triggers, schedules, webhooks) and N workers (`n8n worker --concurrency=<c>`), one encryption key, one
 * database, one queue. Every process has its own user folder with this package installed into its `~/.n8n/nodes`,
 * as separate machines would. Used by the queue-mode test and the queue-mode bench.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { freePort } from '../free-port.cjs';
import { ensureEngineInstalled, n8nEnv, runN8nCommand, userFoldersWithPackage, type CliRun } from './engine';
import { N8nProcess } from './n8n-process';
import { waitForPublication } from './publication';
import { ClusterRest } from './rest';
import { startPostgres, startRedis, type Postgres, type Service } from './services';

export interface ClusterOptions {
  workers?: number;
  /** Jobs one worker runs at the same time (`n8n worker --concurrency`). */
  concurrency?: number;
  /** More environment for every process (e.g. OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS). */
  env?: Record<string, string>;
  /** Sees every REST answer, CLI output and process log (the tests' secret scan). */
  observe?: (source: string, text: string) => void;
}

/**
 * How fast a killed worker's job is noticed. n8n's defaults (lock 60 s, stalled check every 30 s) would make the
 * kill test wait minutes; a 10 s lock renewed every 2 s still never takes a job from a busy but living worker.
 */
const FAST_STALL_DETECTION = {
  QUEUE_WORKER_LOCK_DURATION: '10000',
  QUEUE_WORKER_LOCK_RENEW_TIME: '2000',
  QUEUE_WORKER_STALLED_INTERVAL: '5000',
};

export class QueueCluster {
  readonly workers: N8nProcess[] = [];
  /** Every process started, including workers that were killed and replaced. */
  readonly processes: N8nProcess[] = [];
  main!: N8nProcess;
  rest!: ClusterRest;
  private mainFolder = '';
  private readonly workerFolders: string[] = [];
  private readonly encryptionKey = randomBytes(24).toString('hex');
  private redis?: Service;
  private postgres?: Postgres;
  private readonly observe: (source: string, text: string) => void;

  private constructor(
    readonly tempRoot: string,
    private readonly options: Required<Omit<ClusterOptions, 'observe'>> & Pick<ClusterOptions, 'observe'>,
  ) {
    this.observe = options.observe ?? (() => {});
  }

  get editorUrl(): string {
    return this.main.healthUrl;
  }

  static async start(options: ClusterOptions = {}): Promise<QueueCluster> {
    const tempRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-queue-'));
    const cluster = new QueueCluster(tempRoot, { workers: 2, concurrency: 1, env: {}, ...options });
    try {
      await cluster.boot();
      return cluster;
    } catch (error) {
      await cluster.dispose();
      throw error;
    }
  }

  /** The environment of one process: the shared queue, database, key and time zone, plus its own folder. */
  private envFor(userFolder: string, extra: Record<string, string>): NodeJS.ProcessEnv {
    const { redis, postgres } = this;
    if (!redis || !postgres) throw new Error('Redis and Postgres first');
    return n8nEnv({
      N8N_USER_FOLDER: userFolder,
      N8N_ENCRYPTION_KEY: this.encryptionKey,
      EXECUTIONS_MODE: 'queue',
      QUEUE_BULL_REDIS_HOST: redis.host,
      QUEUE_BULL_REDIS_PORT: String(redis.port),
      DB_TYPE: 'postgresdb',
      DB_POSTGRESDB_HOST: postgres.host,
      DB_POSTGRESDB_PORT: String(postgres.port),
      DB_POSTGRESDB_DATABASE: postgres.database,
      DB_POSTGRESDB_USER: postgres.user,
      DB_POSTGRESDB_PASSWORD: postgres.password,
      GENERIC_TIMEZONE: 'UTC',
      ...FAST_STALL_DETECTION,
      ...this.options.env,
      ...extra,
    });
  }

  private async boot(): Promise<void> {
    ensureEngineInstalled();
    const servicesReady = Promise.all([startRedis(this.tempRoot), startPostgres(this.tempRoot)]);
    servicesReady.catch(() => {}); // awaited below; the package installs run meanwhile
    const labels = ['main', ...Array.from({ length: this.options.workers }, (_, i) => `worker-${i + 1}`)];
    const { folders, installOutput } = userFoldersWithPackage(this.tempRoot, labels);
    this.observe('package install', installOutput);
    [this.mainFolder] = folders;
    this.workerFolders.push(...folders.slice(1));
    [this.redis, this.postgres] = await servicesReady;

    // The main migrates the database; workers start once it has.
    const mainPort = await freePort();
    this.main = this.spawn(
      'main',
      ['start'],
      this.envFor(this.mainFolder, { N8N_PORT: String(mainPort), N8N_RUNNERS_BROKER_PORT: String(await freePort()) }),
      this.mainFolder,
      `http://127.0.0.1:${mainPort}`,
    );
    await this.main.waitUntilReady();
    await Promise.all(this.workerFolders.map((_, i) => this.startWorker(i)));

    this.rest = new ClusterRest(this.editorUrl, this.observe);
    await this.rest.setupOwner();
  }

  private spawn(name: string, args: string[], env: NodeJS.ProcessEnv, cwd: string, healthUrl: string): N8nProcess {
    const child = N8nProcess.spawn(name, args, env, cwd, healthUrl);
    this.processes.push(child);
    return child;
  }

  /** Starts worker i (0-based) on its own user folder; a worker that was killed comes back as a new process. */
  async startWorker(index: number): Promise<N8nProcess> {
    const folder = this.workerFolders[index];
    const port = await freePort();
    const worker = this.spawn(
      `worker-${index + 1}`,
      ['worker', `--concurrency=${this.options.concurrency}`],
      this.envFor(folder, {
        QUEUE_HEALTH_CHECK_ACTIVE: 'true',
        QUEUE_HEALTH_CHECK_PORT: String(port),
        N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
        N8N_RUNNERS_BROKER_PORT: String(await freePort()),
      }),
      folder,
      `http://127.0.0.1:${port}`,
    );
    this.workers[index] = worker;
    await worker.waitUntilReady();
    return worker;
  }

  /** One n8n command on the main's machine with the cluster's configuration (`n8n execute`, `n8n import:*`). */
  async cli(args: string[]): Promise<CliRun> {
    const run = await runN8nCommand(
      args,
      this.envFor(this.mainFolder, { N8N_RUNNERS_BROKER_PORT: String(await freePort()) }),
      this.mainFolder,
    );
    this.observe(`n8n ${args[0]} output`, `${run.stdout}\n${run.stderr}`);
    return run;
  }

  /** `n8n import:credentials`: keeps the ids a workflow export refers to. The file holds the password only briefly. */
  async importCredentials(credentials: unknown[]): Promise<void> {
    const file = path.join(this.mainFolder, `credentials-${randomBytes(4).toString('hex')}.json`);
    fs.writeFileSync(file, JSON.stringify(credentials), { mode: 0o600 });
    try {
      const run = await this.cli(['import:credentials', `--input=${file}`]);
      if (run.code !== 0) throw new Error(`n8n import:credentials failed (exit ${run.code}):\n${run.stderr.slice(-2000)}`);
    } finally {
      fs.rmSync(file, { force: true });
    }
  }

  /** Saves a workflow as the editor does (Import from File, then Save); returns its id in the database. */
  async saveWorkflow(workflow: object): Promise<string> {
    const { id: _id, active: _active, ...body } = workflow as { id?: string; active?: boolean };
    const saved = await this.rest.post<{ id: string }>('/rest/workflows', body);
    return saved.id;
  }

  /**
   * Activates (publishes) a workflow as the editor's toggle does, and waits until the main has registered its
   * triggers and webhooks. n8n 2.x publishes in the background (its publication outbox): the activate call answers
   * before a webhook is registered, and a call to the production URL in between gets 404 "not registered".
   */
  async activate(workflowId: string): Promise<void> {
    const workflow = await this.rest.get<{ versionId: string }>(`/rest/workflows/${workflowId}`);
    await this.rest.post(`/rest/workflows/${workflowId}/activate`, { versionId: workflow.versionId });
    await waitForPublication(this.rest, workflowId, (s) => s.status === 'published' && s.liveVersionId === workflow.versionId);
  }

  /** Deactivates (unpublishes) a workflow and waits until the main has taken its triggers down. */
  async deactivate(workflowId: string): Promise<void> {
    await this.rest.post(`/rest/workflows/${workflowId}/deactivate`, {});
    await waitForPublication(this.rest, workflowId, (s) => s.status === 'not_published');
  }

  /** Calls a production webhook on the main. */
  async webhook(webhookPath: string): Promise<void> {
    const res = await fetch(`${this.editorUrl}/webhook/${webhookPath}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
      signal: AbortSignal.timeout(60_000),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`webhook ${webhookPath} answered ${res.status}: ${text.slice(0, 300)}`);
  }

  /** The worker whose log says it started the execution; undefined when none did. */
  workerThatRan(executionId: string): N8nProcess | undefined {
    return this.workers.find((w) => w.startedExecutions().includes(executionId));
  }

  async dispose(): Promise<void> {
    await Promise.all(this.processes.map((p) => p.stop()));
    for (const p of this.processes) this.observe(`n8n ${p.name} output`, p.log);
    await Promise.all([this.redis?.stop(), this.postgres?.stop()]);
    fs.rmSync(this.tempRoot, { recursive: true, force: true });
  }
}
