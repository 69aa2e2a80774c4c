/**
 * One long-running n8n process (`n8n start` or `n8n worker`) of the queue-mode cluster, its output kept in memory:
 * for "which worker ran execution 42", for failure messages, and for the tests' secret scan.
 */
import { spawn, type ChildProcess } from 'node:child_process';

import { N8N_BIN, NODE_BIN } from './engine';

export class N8nProcess {
  private output = '';
  private readonly exited: Promise<void>;

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
    /** Where it answers /healthz/readiness: the editor port of the main, the worker server of a worker. */
    readonly healthUrl: string,
  ) {
    const keep = (chunk: Buffer) => {
      this.output += chunk.toString('utf8');
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
  }

  static spawn(name: string, args: string[], env: NodeJS.ProcessEnv, cwd: string, healthUrl: string): N8nProcess {
    const child = spawn(NODE_BIN, [N8N_BIN, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    return new N8nProcess(name, child, healthUrl);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Everything it printed so far. */
  get log(): string {
    return this.output;
  }

  /** The last lines it printed, for a failure message. */
  tail(lines = 40): string {
    return this.output.trim().split('\n').slice(-lines).join('\n');
  }

  /** Waits until /healthz/readiness answers 200 (database migrated, Redis connected, nodes loaded). */
  async waitUntilReady(timeoutMs = 600_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!this.running) throw new Error(`n8n ${this.name} exited before it was ready:\n${this.tail()}`);
      const ok = await fetch(`${this.healthUrl}/healthz/readiness`, { signal: AbortSignal.timeout(5000) })
        .then((res) => res.ok)
        .catch(() => false);
      if (ok) return;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`n8n ${this.name} was not ready within ${timeoutMs / 1000} s:\n${this.tail()}`);
  }

  /** Waits until its output matches `pattern` (after `from` characters); returns the match. */
  async waitForLog(pattern: RegExp, { from = 0, timeoutMs = 60_000 } = {}): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = this.output.slice(from).match(pattern);
      if (match) return match;
      if (Date.now() > deadline) throw new Error(`n8n ${this.name} never printed ${pattern}:\n${this.tail()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** The executions this process says it ran: n8n's worker logs "Worker started execution <id> (job <n>)". */
  startedExecutions(): string[] {
    return [...this.output.matchAll(/Worker started execution (\d+)/g)].map((m) => m[1]);
  }

  /** SIGKILL: the process gets no chance to finish anything (a crash, an OOM kill, a pulled plug). */
  async kill(): Promise<void> {
    if (this.running) this.child.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM, as an orchestrator stops it; SIGKILL if it lingers. */
  async stop(graceMs = 20_000): Promise<void> {
    if (!this.running) return this.exited;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}
