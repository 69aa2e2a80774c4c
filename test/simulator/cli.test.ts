/**
 * The `secureedge-simulator` bin, run as a real child process from the built dist/
 * (npm test builds before jest runs), plus its flag parser.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseCliArgs } from '../../simulator/cli-args';
import { startSimulator } from '../../simulator';
import { loginRequest, send } from './helpers';

const CLI = join(__dirname, '../../dist/simulator/cli.js');

const children: ChildProcessWithoutNullStreams[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

interface Run {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

function run(args: string[]): Run {
  if (!existsSync(CLI)) {
    throw new Error(`${CLI} is missing: build first (npm run build, or node_modules/.bin/tsc -p tsconfig.json)`);
  }
  const child = spawn(process.execPath, [CLI, ...args], { stdio: 'pipe' });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** Waits for the listening line and returns the URL it names. */
async function listeningUrl(r: Run): Promise<string> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const m = /^SecureEdge simulator listening on (http:\/\/127\.0\.0\.1:\d+)$/m.exec(r.stdout());
    if (m) return m[1];
    if (r.child.exitCode !== null) break;
    await new Promise((res) => setTimeout(res, 20));
  }
  throw new Error(`no listening line; stdout: ${r.stdout()} stderr: ${r.stderr()}`);
}

describe('the CLI process', () => {
  test('serves with the given password and switches, never prints the password, exits 0 on SIGTERM', async () => {
    const r = run(['--port', '0', '--password', 'cli-S3cret', '--login-status', '204', '--session-rejection=403', '--error-body', 'text']);
    const url = await listeningUrl(r);
    const sim = { url } as Parameters<typeof loginRequest>[0];
    expect((await loginRequest(sim, 'wrong')).status).toBe(401);
    const ok = await loginRequest(sim, 'cli-S3cret');
    expect(ok.status).toBe(204);
    const cookie = ok.headers.getSetCookie()[0].split(';')[0];
    expect((await send(`${url}/api/v1/docker/images`, { headers: { cookie } })).status).toBe(200);
    const rejected = await send(`${url}/api/v1/docker/images`);
    expect(rejected.status).toBe(403);
    expect(rejected.headers.get('content-type')).toMatch(/^text\/plain/);

    r.child.kill('SIGTERM');
    expect(await r.exited).toBe(0);
    const out = r.stdout();
    expect(out).toContain('password: (as given with --password)');
    expect(out).not.toContain('cli-S3cret');
    expect(out).not.toContain(cookie.slice(3));
    // One line per request, without secrets.
    expect(out).toMatch(/POST \/auth\/login -> 204/);
    expect(out).toMatch(/GET \/api\/v1\/docker\/images -> 403/);
  });

  test('defaults: prints the default password; SIGINT closes cleanly; --quiet logs no requests', async () => {
    const r = run(['--quiet', '--latency', '50', '--gateway-timeout', '100']);
    const url = await listeningUrl(r);
    const t0 = Date.now();
    expect((await loginRequest({ url } as Parameters<typeof loginRequest>[0], 'secureedge')).status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(45);
    r.child.kill('SIGINT');
    expect(await r.exited).toBe(0);
    expect(r.stdout()).toContain('password: secureedge');
    expect(r.stdout()).not.toMatch(/->/);
  });

  test('--help prints the usage and exits 0', async () => {
    const r = run(['--help']);
    expect(await r.exited).toBe(0);
    expect(r.stdout()).toMatch(/^Usage: secureedge-simulator/);
    for (const flag of [
      '--port',
      '--password',
      '--host',
      '--login-status',
      '--session-rejection',
      '--session-lifetime',
      '--gateway-timeout',
      '--error-body',
      '--latency',
    ]) {
      expect(r.stdout()).toContain(flag);
    }
  });

  test.each([
    [['--bogus'], /unknown option --bogus/],
    [['--port', 'eighty'], /--port: expected a port/],
    [['--login-status', '201'], /--login-status: expected 200, 204 or 302/],
    [['--password'], /--password needs a value/],
    [['stray'], /unexpected argument "stray"/],
  ])('bad flags %j: a clear message and exit 2', async (args, message) => {
    const r = run(args);
    expect(await r.exited).toBe(2);
    expect(r.stderr()).toMatch(message);
    expect(r.stdout()).toBe('');
  });

  test('a port already in use: a message and exit 1', async () => {
    const blocker = await startSimulator();
    try {
      const r = run(['--port', String(blocker.port)]);
      expect(await r.exited).toBe(1);
      expect(r.stderr()).toMatch(/EADDRINUSE/);
    } finally {
      await blocker.close();
    }
  });
});

describe('parseCliArgs', () => {
  test('maps every flag to an option', () => {
    const r = parseCliArgs([
      '--port=8081',
      '--password',
      'pw',
      '--host',
      '127.0.0.2',
      '--login-status',
      '302',
      '--wrong-password',
      'redirect',
      '--session-rejection',
      '401',
      '--session-lifetime',
      '60',
      '--gateway-timeout',
      '250',
      '--error-body',
      'html',
      '--conflict-status',
      '400',
      '--action-status',
      '204',
      '--start-delay',
      '10',
      '--stop-delay',
      '20',
      '--latency',
      '30',
      '--seed',
      '9',
      '--extra-list-fields',
      '--quiet',
    ]);
    expect(r).toEqual({
      kind: 'run',
      latencyMs: 30,
      quiet: true,
      passwordGiven: true,
      options: {
        port: 8081,
        password: 'pw',
        host: '127.0.0.2',
        loginSuccessStatus: 302,
        wrongPasswordAnswer: 'redirect',
        sessionRejection: 401,
        sessionLifetimeMs: 60_000,
        gatewayTimeoutMs: 250,
        errorBodyStyle: 'html',
        conflictStatus: 400,
        actionSuccessStatus: 204,
        startDelayMs: 10,
        stopDelayMs: 20,
        seed: 9,
        extraListFields: true,
      },
    });
  });

  test('rejects values out of range', () => {
    expect(parseCliArgs(['--port', '70000']).kind).toBe('error');
    expect(parseCliArgs(['--session-lifetime', '0']).kind).toBe('error');
    expect(parseCliArgs(['--latency', '-5']).kind).toBe('error');
    expect(parseCliArgs(['--error-body', 'xml']).kind).toBe('error');
    expect(parseCliArgs(['--session-rejection', 'redirect']).kind).toBe('run');
  });

  test('says what is wrong with the command line', () => {
    expect(parseCliArgs(['--port', '70000'])).toEqual({ kind: 'error', message: '--port: expected a port 0-65535, got "70000"' });
    expect(parseCliArgs(['--error-body', 'xml'])).toEqual({
      kind: 'error',
      message: '--error-body: expected json, text or html, got "xml"',
    });
    expect(parseCliArgs(['--colour'])).toEqual({ kind: 'error', message: 'unknown option --colour' });
    expect(parseCliArgs(['--port'])).toEqual({ kind: 'error', message: '--port needs a value' });
    expect(parseCliArgs(['8080'])).toEqual({ kind: 'error', message: 'unexpected argument "8080"' });
    expect(parseCliArgs(['--help'])).toEqual({ kind: 'help' });
    expect(parseCliArgs(['-h'])).toEqual({ kind: 'help' });
  });
});
