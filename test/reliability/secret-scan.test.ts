/**
 * Proof that the secret scan can fail. A scan that never fires proves nothing, so leaks are fed
 * to it on purpose — in a separate copy of the scan module (jest.isolateModules), where they do
 * not fail this file — and to a whole Jest run in a child process, which must fail.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SecureEdgeError } from '../../core';
import { recordForScan, TEST_PASSWORD } from '../support/secrets';
import { startTestSimulator } from '../support/simulator';

type SecretsModule = typeof import('../support/secrets');
type SimulatorSupport = typeof import('../support/simulator');

/** A fresh scan (and a simulator wrapper bound to it), separate from the one guarding this file. */
function isolatedScan(): { scan: SecretsModule; sims: SimulatorSupport } {
  let scan!: SecretsModule;
  let sims!: SimulatorSupport;
  jest.isolateModules(() => {
    scan = require('../support/secrets');
    sims = require('../support/simulator');
  });
  return { scan, sims };
}

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
  const { scan } = isolatedScan();
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
])('the password in %s is found', (_where, value) => {
  const { scan } = isolatedScan();
  scan.recordForScan('seeded leak', value);
  const leaks = scan.findLeaks();
  expect(leaks).toEqual(['seeded leak: contains the password']);
  // The report names the kind of secret, never the secret.
  expect(leaks.join('\n')).not.toContain(TEST_PASSWORD);
});

test('a session cookie a simulator issued is found, though the test never told the scan about it', async () => {
  const { scan, sims } = isolatedScan();
  const sim = await sims.startTestSimulator();
  try {
    const cookie = await rawLogin(sim.url, sim.password);
    expect(sim.control.issuedSessionCookies()).toEqual([cookie]);
    scan.recordForScan('node-red log', `GET /api/v1/docker/containers cookie: id=${cookie}`);
    // Expired sessions stay secrets: an old cookie in a log is still a leak.
    sim.control.expireAllSessions();
    const leaks = scan.findLeaks();
    expect(leaks).toEqual(['node-red log: contains a session cookie']);
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

test('a Jest run whose test leaks the password or a cookie fails, saying where and what, never the value', async () => {
  const root = join(__dirname, '../..');
  const config = {
    rootDir: root,
    roots: ['<rootDir>/test/reliability/fixtures'],
    testMatch: ['**/*.leak.ts'],
    testEnvironment: 'node',
    transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] },
    setupFilesAfterEnv: ['<rootDir>/test/support/secret-scan.setup.ts'],
  };
  const jestBin = join(root, 'node_modules/jest/bin/jest.js');
  const run = promisify(execFile)(process.execPath, [jestBin, '--config', JSON.stringify(config), '--ci', '--colors=false'], {
    cwd: root,
    timeout: 120_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  const failed = await run.then(
    () => undefined,
    (err: { code?: number; stdout: string; stderr: string }) => err,
  );
  expect(failed).toBeDefined();
  // The child's own output goes to this file's scan too: the report must not repeat the secrets.
  recordForScan('child jest output', failed!.stdout + failed!.stderr);
  const output = failed!.stderr;
  expect(failed!.code).toBe(1);
  expect(output).toMatch(/Secret scan: 1 leak\(s\).*\n.*fixture msg: contains the password/);
  expect(output).toMatch(/Secret scan: 1 leak\(s\).*\n.*fixture log: contains a session cookie/);
}, 150_000);
