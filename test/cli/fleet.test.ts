/**
 * A fleet file: 20 devices, one of them down. The command runs as its own process; the 19 live
 * devices are simulators in this process (20 simulator processes would swamp a 2-core machine).
 * The others converge, the exit code is 1, and the report names the device that was down.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFleet, type Fleet } from '../../simulator';
import { NGINX_SPEC } from '../support/client';
import { addSecretProvider, TEST_PASSWORD } from '../support/secrets';
import { runSecureEdge } from './processes';

jest.setTimeout(180_000);

let fleet: Fleet;
let dir: string;
let downUrl: string;

/** A port nothing listens on: taken from the OS, then released. */
async function deadUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return `http://127.0.0.1:${port}`;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'secureedge-fleet-'));
  fleet = await startFleet(19, { password: TEST_PASSWORD });
  addSecretProvider(() => fleet.devices.flatMap((d) => d.control.issuedSessionCookies()));
  downUrl = await deadUrl();
});

afterAll(async () => {
  await fleet.close();
  rmSync(dir, { recursive: true, force: true });
});

test('19 devices converge, the down one is named, exit 1; a second run changes nothing on the live ones', async () => {
  const DOWN_INDEX = 7;
  const devices = Array.from({ length: 20 }, (_, i) => {
    const name = `line-${String(i + 1).padStart(2, '0')}`;
    const live = i < DOWN_INDEX ? fleet.devices[i] : i > DOWN_INDEX ? fleet.devices[i - 1] : undefined;
    // Half the devices name their own password variable; the others use SECUREEDGE_PASSWORD.
    return { name, url: live ? live.url : downUrl, ...(i % 2 === 0 ? { passwordEnv: 'LINE_PASSWORD' } : {}), containers: [NGINX_SPEC] };
  });
  const path = join(dir, 'fleet.json');
  writeFileSync(path, JSON.stringify({ devices }, null, 2));
  const env = { SECUREEDGE_PASSWORD: TEST_PASSWORD, LINE_PASSWORD: TEST_PASSWORD };

  const run = await runSecureEdge(['apply', '-f', path, '--concurrency', '4'], env);
  expect(run.code).toBe(1);
  expect(run.stdout).toMatch(/line-08 \(http:\/\/127\.0\.0\.1:\d+\): FAILED NETWORK/);
  expect(run.stdout).toMatch(/fleet: 19 of 20 devices ok; failed: line-08\n$/);
  for (const device of fleet.devices) {
    expect(device.control.containers()).toEqual([expect.objectContaining({ name: 'web', state: 'running' })]);
  }

  for (const device of fleet.devices) device.control.clearRequests();
  const again = await runSecureEdge(['apply', '-f', path, '--json'], env);
  expect(again.code).toBe(1);
  const report = JSON.parse(again.stdout);
  expect(report.devices).toHaveLength(20);
  expect(report.devices.filter((d: { ok: boolean }) => !d.ok).map((d: { name: string }) => d.name)).toEqual(['line-08']);
  expect(report.devices[7].error).toMatchObject({ code: 'NETWORK' });
  expect(report.devices[0]).toMatchObject({ name: 'line-01', ok: true, changes: 0 });
  for (const device of fleet.devices) {
    expect(device.control.requests.filter((r) => r.method !== 'GET' && r.path !== '/auth/login')).toEqual([]);
  }

  // plan: an unreachable device is an error (1), whatever the others say.
  const planned = await runSecureEdge(['plan', '-f', path], env);
  expect(planned.code).toBe(1);
  for (const o of [run, again, planned]) expect(o.stdout + o.stderr).not.toContain(TEST_PASSWORD);
});

test('a fleet device without its password variable, or listed twice, stops the run before anything is sent', async () => {
  const device = fleet.devices[0];
  device.control.clearRequests();
  const path = join(dir, 'fleet-bad.json');
  writeFileSync(path, JSON.stringify({ devices: [{ name: 'a', url: device.url, passwordEnv: 'NOT_SET_HERE', containers: [NGINX_SPEC] }] }));
  const missing = await runSecureEdge(['apply', '-f', path], { SECUREEDGE_PASSWORD: TEST_PASSWORD });
  expect(missing.code).toBe(1);
  expect(missing.stderr).toMatch(/devices\[0\] 'a': the environment variable NOT_SET_HERE .* is not set/);

  writeFileSync(
    path,
    JSON.stringify({
      devices: [
        { name: 'a', url: device.url },
        { name: 'a', url: device.url },
      ],
    }),
  );
  const twice = await runSecureEdge(['apply', '-f', path], { SECUREEDGE_PASSWORD: TEST_PASSWORD });
  expect(twice.code).toBe(1);
  expect(twice.stderr).toMatch(/devices\[1\]\.name: device 'a' is listed twice/);
  expect(device.control.requests).toEqual([]);
});
