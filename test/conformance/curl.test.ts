/**
 * The vendor's own curl examples, run with the real curl binary against the CLI simulator
 * (`secureedge-simulator`, built into dist/), must get the documented answers and shapes.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { recordForScan, TEST_PASSWORD } from '../support/secrets';

const run = promisify(execFile);
const CLI = join(__dirname, '../../dist/simulator/cli.js');
let child: ChildProcess;
let base: string;
let dir: string;
const jar = () => join(dir, 'session.jar');

async function curl(...args: string[]): Promise<{ status: number; body: string }> {
  const { stdout } = await run('curl', ['--silent', '--show-error', '--max-time', '10', '--write-out', '\n%{http_code}', ...args]);
  const cut = stdout.lastIndexOf('\n');
  const result = { status: Number(stdout.slice(cut + 1)), body: stdout.slice(0, cut) };
  recordForScan('curl output', result.body);
  return result;
}

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first (npm test does).`);
  dir = mkdtempSync(join(tmpdir(), 'secureedge-curl-'));
  child = spawn(process.execPath, [CLI, '--port', '0', '--password', TEST_PASSWORD, '--host', '127.0.0.1'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  base = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      recordForScan('simulator CLI output', d.toString());
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.stderr!.on('data', (d: Buffer) => recordForScan('simulator CLI error output', d.toString()));
    child.on('exit', (code) => reject(new Error(`simulator exited with ${code}: ${out}`)));
  });
});

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGINT');
    await exited;
  }
  rmSync(dir, { recursive: true, force: true });
});

test('without a session the Docker endpoints are refused', async () => {
  const res = await curl('--request', 'GET', '--url', `${base}/api/v1/docker/images`);
  expect([401, 403, 302]).toContain(res.status);
});

test('login with the form fields sets the id cookie', async () => {
  const res = await curl(
    '--request',
    'POST',
    '--url',
    `${base}/auth/login`,
    '--cookie-jar',
    jar(),
    '--data-urlencode',
    'username=admin',
    '--data-urlencode',
    `password=${TEST_PASSWORD}`,
  );
  expect(res.status).toBeLessThan(400);
  const { readFileSync } = await import('node:fs');
  expect(readFileSync(jar(), 'utf8')).toMatch(/#HttpOnly_127\.0\.0\.1\tFALSE\t\/\tFALSE\t\d+\tid\t\S+/);
});

test('the documented walk-through: images, details, create, list, status, configuration, start, stop, remove', async () => {
  const images = await curl('--request', 'GET', '--url', `${base}/api/v1/docker/images`, '--cookie', jar());
  expect(images.status).toBe(200);
  expect(JSON.parse(images.body)).toEqual(expect.arrayContaining([{ name: 'nginx', tag: 'latest' }]));

  const details = await curl('--request', 'GET', '--url', `${base}/api/v1/docker/images/nginx/latest/details`, '--cookie', jar());
  expect(JSON.parse(details.body)).toEqual({ size: 69622746, platforms: ['linux/arm64/v8'], error: null });

  const body = {
    container: { name: 'nginx' },
    image: { name: 'nginx', tag: 'latest' },
    ports: [{ source: 80, destination: 8080, protocol: 'tcp' }],
    volumes: [],
    networks: [{ name: 'machine-builder' }],
    environment_variables: [],
  };
  const created = await curl(
    '--request',
    'POST',
    '--url',
    `${base}/api/v1/docker/containers`,
    '--cookie',
    jar(),
    '--header',
    'Content-Type: application/json',
    '--data',
    JSON.stringify(body),
  );
  expect(created.status).toBe(200);

  const list = await curl('--request', 'GET', '--url', `${base}/api/v1/docker/containers`, '--cookie', jar());
  expect(JSON.parse(list.body)).toEqual([{ name: 'nginx' }]);

  const status = await curl('--request', 'GET', '--url', `${base}/api/v1/docker/containers/nginx/status`, '--cookie', jar());
  expect(JSON.parse(status.body)).toEqual({ running_state: 'created' });

  const config = await curl('--request', 'GET', '--url', `${base}/api/v1/docker/containers/nginx/configuration`, '--cookie', jar());
  expect(JSON.parse(config.body)).toEqual({
    container: { name: 'nginx' },
    image: { name: 'nginx', tag: 'latest' },
    ports: [{ source: 80, destination: 8080, protocol: 'tcp' }],
    volumes: [],
    networks: [{ name: 'bridge' }, { name: 'machine-builder' }],
    environment_variables: [
      { key: 'PATH', value: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' },
      { key: 'NGINX_VERSION', value: '1.27.3' },
      { key: 'NJS_VERSION', value: '0.8.7' },
      { key: 'NJS_RELEASE', value: '1~bookworm' },
      { key: 'PKG_RELEASE', value: '1~bookworm' },
      { key: 'DYNPKG_RELEASE', value: '1~bookworm' },
    ],
  });

  const start = await curl('--request', 'POST', '--url', `${base}/api/v1/docker/containers/nginx/start`, '--cookie', jar());
  expect([200, 204]).toContain(start.status);
  const running = await curl('--request', 'GET', '--url', `${base}/api/v1/docker/containers/nginx/status`, '--cookie', jar());
  expect(JSON.parse(running.body)).toEqual({ running_state: 'running' });

  const stop = await curl('--request', 'POST', '--url', `${base}/api/v1/docker/containers/nginx/stop`, '--cookie', jar());
  expect([200, 204]).toContain(stop.status);
  const removed = await curl('--request', 'DELETE', '--url', `${base}/api/v1/docker/containers/nginx`, '--cookie', jar());
  expect([200, 204]).toContain(removed.status);
  const gone = await curl('--request', 'GET', '--url', `${base}/api/v1/docker/containers/nginx/status`, '--cookie', jar());
  expect(gone.status).toBe(404);
});
