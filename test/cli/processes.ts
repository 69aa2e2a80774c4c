/**
 * The `secureedge` command and the simulator CLI as a user runs them: separate processes from
 * dist/. Everything they print goes to the secret scan.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { recordForScan, TEST_PASSWORD } from '../support/secrets';

export const SECUREEDGE = join(__dirname, '../../dist/cli/secureedge.js');
const SIMULATOR = join(__dirname, '../../dist/simulator/cli.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run `secureedge` with only the environment given (plus PATH): no SECUREEDGE_* leaks in from the test's own. */
export function runSecureEdge(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  if (!existsSync(SECUREEDGE)) throw new Error(`${SECUREEDGE} is missing: run \`npm run build\` first (npm test does).`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SECUREEDGE, ...args], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      recordForScan('secureedge stdout', stdout);
      recordForScan('secureedge stderr', stderr);
      resolve({ code, stdout, stderr });
    });
  });
}

/** One simulated device from the simulator's own CLI; its request log is read from its output. */
export class CliSimulator {
  private output = '';
  private barrier = 0;
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {}

  static async start(extra: string[] = []): Promise<CliSimulator> {
    const child = spawn(process.execPath, [SIMULATOR, '--port', '0', '--password', TEST_PASSWORD, ...extra], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let early = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout!.on('data', (d: Buffer) => {
        early += d.toString();
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(early);
        if (m) resolve(m[1]);
      });
      child.on('exit', (code) => reject(new Error(`simulator exited with ${code}: ${early}`)));
    });
    const sim = new CliSimulator(child, url);
    sim.output = early;
    child.stdout!.on('data', (d: Buffer) => (sim.output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => recordForScan('simulator CLI error output', d.toString()));
    return sim;
  }

  /**
   * The requests the device logged so far ("POST /api/v1/docker/containers/web/start -> 200"),
   * without our barrier. The barrier makes this exact: a request of our own, sent after the
   * command ended, whose log line comes after every line of the command's requests.
   */
  async requests(): Promise<string[]> {
    const marker = `/barrier-${++this.barrier}`;
    await new Promise<void>((resolve, reject) => {
      const req = request(`${this.url}${marker}`, { method: 'GET' }, (res) => {
        res.resume();
        res.on('end', () => resolve());
      });
      req.on('error', reject);
      req.end();
    });
    while (!this.output.includes(` GET ${marker} `)) await new Promise((r) => setImmediate(r));
    return [...this.output.matchAll(/^\S+ (GET|POST|DELETE|PUT|PATCH) (\S+) -> (\S+)$/gm)]
      .map((m) => `${m[1]} ${m[2]} -> ${m[3]}`)
      .filter((line) => !line.includes('/barrier-'));
  }

  /** Forget what was logged so far (the next requests() starts from here). */
  async clear(): Promise<void> {
    await this.requests();
    this.output = '';
  }

  async stop(): Promise<void> {
    recordForScan('simulator CLI output', this.output);
    if (this.child.exitCode !== null) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.kill('SIGINT');
    await exited;
  }
}

/** Requests that change something (a device job that "changes nothing" sends none of these). */
export const changing = (requests: string[]) => requests.filter((r) => !r.startsWith('GET ') && !r.startsWith('POST /auth/login'));
