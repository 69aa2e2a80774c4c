/**
 * Proof that the secret scan can fail. A scan that never fires proves nothing, so leaks are fed
 * to it on purpose — in a scan of its own (isolatedScan), where they do not fail this file — and to
 * a whole Jest run in a child process, whose planted leaks (in an afterAll, in a child process's
 * shutdown output, from a child simulator, with a wrong password, in a debug line) must each fail
 * their file, while a clean file using the same doors passes.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SecureEdgeError } from '../../core';
import { isolatedScan, recordForScan, TEST_PASSWORD } from '../support/secrets';
import { startTestSimulator } from '../support/simulator';

/** Log in by hand and return the id cookie value the device set. */
async function rawLogin(url: string, password: string): Promise<string> {
  const res = await fetch(`${url}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username: 'admin', password }).toString(),
    redirect: 'manual',
  });
  const value = /(?:^|;\s*)id=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
  if (!value) throw new Error('the simulator set no id cookie');
  return value;
}

test('a clean record passes', () => {
  const scan = isolatedScan();
  scan.recordForScan('msg', { payload: { name: 'web', running_state: 'running' } });
  scan.recordForScan('error', new SecureEdgeError({ code: 'AUTH_FAILED', message: 'The device refused the login for user admin.' }));
  expect(scan.findLeaks()).toEqual([]);
});

test.each([
  ['a msg payload', { payload: { password: TEST_PASSWORD } }],
  ['a status badge', { fill: 'red', shape: 'ring', text: `login as admin:${TEST_PASSWORD}` }],
  ['a URL-encoded log line', `POST /auth/login username=admin&password=${encodeURIComponent(TEST_PASSWORD)}`],
  ['the cause of a cause of an error', new Error('outer', { cause: new Error('middle', { cause: new Error(`inner ${TEST_PASSWORD}`) }) })],
  ['an error field', Object.assign(new Error('x'), { options: { headers: { authorization: TEST_PASSWORD } } })],
  ['an n8n item', [{ json: { ok: false }, binary: {}, pairedItem: { item: 0 }, error: { description: `pw=${TEST_PASSWORD}` } }]],
  ['a JSON-escaped body', JSON.stringify({ body: JSON.stringify({ password: TEST_PASSWORD }) })],
  ['a form body', `username=admin&${new URLSearchParams({ password: TEST_PASSWORD })}`],
  ['an HTML page', `<title>login as ${TEST_PASSWORD.replace(/&/g, '&amp;')}</title>`],
  ['a Buffer', Buffer.from(`pw ${TEST_PASSWORD}`)],
])('the password in %s is found', (_where, value) => {
  const scan = isolatedScan();
  scan.recordForScan('seeded leak', value);
  const leaks = scan.findLeaks();
  expect(leaks).toEqual(['seeded leak: contains the password']);
  // The report names the kind of secret, never the secret.
  expect(leaks.join('\n')).not.toContain(TEST_PASSWORD);
});

test('a session cookie and a wrong password a simulator received are found, though the test never told the scan about them', async () => {
  const scan = isolatedScan();
  const sim = await startTestSimulator();
  scan.addSecretProvider(() => sim.control.issuedSessionCookies(), 'cookie');
  scan.addSecretProvider(() => sim.control.receivedPasswords(), 'password');
  try {
    const cookie = await rawLogin(sim.url, sim.password);
    expect(sim.control.issuedSessionCookies()).toEqual([cookie]);
    await expect(rawLogin(sim.url, 'Wrong+Guess/123=')).rejects.toThrow(/no id cookie/);
    expect(sim.control.receivedPasswords()).toEqual([TEST_PASSWORD, 'Wrong+Guess/123=']);
    scan.recordForScan('node-red log', `GET /api/v1/docker/containers cookie: id=${cookie}`);
    scan.recordForScan('n8n item', { json: { error: 'tried Wrong%2BGuess%2F123%3D' } });
    // Expired sessions stay secrets: an old cookie in a log is still a leak.
    sim.control.expireAllSessions();
    const leaks = scan.findLeaks();
    expect(leaks).toEqual(['node-red log: contains a session cookie', 'n8n item: contains the password']);
    expect(leaks.join('\n')).not.toContain(cookie);
  } finally {
    await sim.close();
  }
});

test('the simulator reports every session cookie it issued, so the scan of every file knows them', async () => {
  const sim = await startTestSimulator();
  try {
    const first = await rawLogin(sim.url, sim.password);
    const second = await rawLogin(sim.url, sim.password);
    expect(sim.control.issuedSessionCookies()).toEqual([first, second]);
    recordForScan('harmless', { seen: sim.control.issuedSessionCookies().length });
  } finally {
    await sim.close();
  }
});

describe('a Jest run with planted leaks', () => {
  let output = '';
  let code: number | undefined;

  beforeAll(async () => {
    const root = join(__dirname, '../..');
    if (!existsSync(join(root, 'dist/simulator/cli.js'))) throw new Error('dist/ is missing: run `npm run build` first (npm test does).');
    const config = {
      rootDir: root,
      roots: ['<rootDir>/test/reliability/fixtures'],
      testMatch: ['**/*.leak.ts', '**/*.scan.ts'],
      // The same environment as every real test file.
      testEnvironment: require.resolve('../support/secret-scan.environment.js'),
      // Types are checked where these files are compiled for real (tsc over test/): here only stripped, which is much faster.
      transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.transpile.json', diagnostics: false }] },
      maxWorkers: 1,
      testTimeout: 60_000,
    };
    const jestBin = join(root, 'node_modules/jest/bin/jest.js');
    const run = promisify(execFile)(process.execPath, [jestBin, '--config', JSON.stringify(config), '--ci', '--colors=false'], {
      cwd: root,
      timeout: 280_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    const result = await run.then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (err: { code?: number; stdout: string; stderr: string }) => err,
    );
    code = result.code;
    output = result.stdout + result.stderr;
  }, 300_000);

  /** The child's report for one fixture file: from its PASS/FAIL line to the next file's. */
  function reportOf(file: string): string {
    const start = output.search(new RegExp(`(PASS|FAIL) .*fixtures/${file.replace('.', '\\.')}`));
    if (start < 0) return '';
    const next = output.slice(start + 1).search(/\n(PASS|FAIL) /);
    return next < 0 ? output.slice(start) : output.slice(start, start + 1 + next);
  }

  test('fails as a whole, and its report never repeats a secret', () => {
    expect(code).toBe(1);
    // The child's output goes to this file's scan too (as a child process): the report must not repeat the secrets.
    expect(output).not.toContain(TEST_PASSWORD);
  });

  test.each([
    ['password.leak.ts', /FAIL[\s\S]*Secret scan: 1 leak\(s\)[\s\S]*fixture msg: contains the password/],
    ['cookie.leak.ts', /FAIL[\s\S]*Secret scan: 1 leak\(s\)[\s\S]*fixture log: contains a session cookie/],
    ['afterall.leak.ts', /FAIL[\s\S]*Secret scan: 1 leak\(s\)[\s\S]*fixture afterAll: contains the password/],
    ['child-shutdown.leak.ts', /FAIL[\s\S]*Secret scan: 1 leak\(s\)[\s\S]*child process \(node\) stdout: contains the password/],
    ['child-cookie.leak.ts', /FAIL[\s\S]*Secret scan: 1 leak\(s\)[\s\S]*fixture child-simulator log: contains a session cookie/],
    ['wrong-password.leak.ts', /FAIL[\s\S]*Secret scan: 1 leak\(s\)[\s\S]*fixture error msg: contains the password/],
    ['debug-line.leak.ts', /FAIL[\s\S]*Secret scan: \d+ leak\(s\)[\s\S]*console\.debug: contains a session cookie/],
  ])('%s fails on its planted leak', (file, report) => {
    expect(reportOf(file)).toMatch(report);
  });

  test('the clean file using the same doors passes', () => {
    expect(reportOf('clean.scan.ts')).toMatch(/^PASS/);
  });
});
