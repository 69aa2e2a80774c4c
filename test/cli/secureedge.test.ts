/**
 * `secureedge` spawned as a user runs it, against the simulator's own CLI in another process:
 * exit codes of plan and apply, drift, dry run, stopped -> started, the nightly job that changes
 * nothing, bad files refused before anything is sent, and the password in no output.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SecureEdgeClient } from '../../core';
import { NGINX_SPEC } from '../support/client';
import { TEST_PASSWORD } from '../support/secrets';
import { changing, CliSimulator, runSecureEdge, type CliRun } from './processes';

// Each step spawns a process; on a loaded 2-core machine that takes seconds, not a deadline under test.
jest.setTimeout(180_000);

let sim: CliSimulator;
let dir: string;
let client: SecureEdgeClient;
const env = () => ({ SECUREEDGE_PASSWORD: TEST_PASSWORD });
const outputs: CliRun[] = [];

const MQTT = {
  container: { name: 'broker' },
  image: { name: 'eclipse-mosquitto', tag: '2' },
  ports: [{ source: 1883, destination: 1883, protocol: 'tcp' }],
};

function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return path;
}

async function cli(args: string[], extraEnv: Record<string, string> = env()): Promise<CliRun> {
  const result = await runSecureEdge(args, extraEnv);
  outputs.push(result);
  return result;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'secureedge-cli-'));
});

beforeEach(async () => {
  sim = await CliSimulator.start();
  client = new SecureEdgeClient({ url: sim.url, password: TEST_PASSWORD, poll: { intervalMs: 20, maxIntervalMs: 50 } });
});

afterEach(async () => {
  await client.close();
  await sim.stop();
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  // Whatever the command printed, in every test: never the password.
  expect(outputs.length).toBeGreaterThan(0);
  for (const o of outputs) expect(`${o.stdout}${o.stderr}`).not.toContain(TEST_PASSWORD);
});

test('plan exits 2 when changes are needed, apply 0 when done, then plan 0 and apply changes nothing', async () => {
  const line = file('line-3.json', { device: { url: sim.url }, containers: [NGINX_SPEC, MQTT] });

  const planned = await cli(['plan', '-f', line]);
  expect(planned.code).toBe(2);
  expect(planned.stdout).toMatch(/2 changes needed/);
  expect(planned.stdout).toMatch(/web\s+create\s+missing/);
  expect(changing(await sim.requests())).toEqual([]);

  const applied = await cli(['apply', '-f', line]);
  expect(applied.code).toBe(0);
  expect(applied.stdout).toMatch(/web\s+create\s+done\s+running/);
  expect(applied.stdout).toMatch(/broker\s+create\s+done\s+running/);
  expect((await client.getContainerStatus('web')).running_state).toBe('running');

  const inSync = await cli(['plan', '-f', line]);
  expect(inSync.code).toBe(0);
  expect(inSync.stdout).toMatch(/: in sync/);

  // The nightly job when nothing changed: no stop, start, create or remove reaches the device.
  await sim.clear();
  const nightly = await cli(['apply', '-f', line]);
  expect(nightly.code).toBe(0);
  expect(nightly.stdout).toMatch(/nothing to do/);
  const requests = await sim.requests();
  expect(requests.length).toBeGreaterThan(0);
  expect(changing(requests)).toEqual([]);
});

test('drift: plan names it and exits 2; apply redeploys only the drifted container', async () => {
  const v1 = file('v1.json', { device: { url: sim.url }, containers: [NGINX_SPEC, MQTT] });
  expect((await cli(['apply', '-f', v1])).code).toBe(0);
  const v2 = file('v2.json', {
    device: { url: sim.url },
    containers: [
      {
        ...NGINX_SPEC,
        ports: [{ source: 80, destination: 8000, protocol: 'tcp' }],
        environment_variables: [{ key: 'PORT', value: 'new-value' }],
      },
      MQTT,
    ],
  });
  const planned = await cli(['plan', '-f', v2]);
  expect(planned.code).toBe(2);
  expect(planned.stdout).toMatch(/web\s+redeploy\s+ports differ: \+80:8000\/tcp, -80:8080\/tcp; environment: PORT differs/);
  expect(planned.stdout).toMatch(/broker\s+none\s+in sync/);
  // The environment value itself is not printed (it may be a secret).
  expect(planned.stdout).not.toMatch(/new-value/);

  await sim.clear();
  const applied = await cli(['apply', '-f', v2, '--json']);
  expect(applied.code).toBe(0);
  const report = JSON.parse(applied.stdout);
  expect(report).toMatchObject({ command: 'apply', ok: true, changes: 1, exitCode: 0 });
  expect(report.devices[0].containers.map((c: { name: string; action: string; outcome: string }) => [c.name, c.action, c.outcome])).toEqual(
    [
      ['web', 'redeploy', 'done'],
      ['broker', 'none', 'unchanged'],
    ],
  );
  expect(changing(await sim.requests()).filter((r) => r.includes('broker'))).toEqual([]);
  const config = await client.getContainerConfiguration('web');
  expect(config.ports).toEqual([{ source: 80, destination: 8000, protocol: 'tcp' }]);
});

test('apply --dry-run changes nothing on the device and exits as plan does', async () => {
  const v1 = file('dry1.json', { device: { url: sim.url }, containers: [NGINX_SPEC] });
  expect((await cli(['apply', '-f', v1])).code).toBe(0);
  const before = {
    list: await client.listContainers(),
    config: await client.getContainerConfiguration('web'),
    status: await client.getContainerStatus('web'),
  };
  await sim.clear();

  const v2 = file('dry2.json', { device: { url: sim.url }, containers: [{ ...NGINX_SPEC, environment_variables: [] }, MQTT], prune: true });
  const dry = await cli(['apply', '-f', v2, '--dry-run']);
  expect(dry.code).toBe(2);
  expect(dry.stdout).toMatch(/apply \(dry run\)/);
  expect(dry.stdout).toMatch(/broker\s+create\s+missing/);
  expect(changing(await sim.requests())).toEqual([]);
  const after = {
    list: await client.listContainers(),
    config: await client.getContainerConfiguration('web'),
    status: await client.getContainerStatus('web'),
  };
  expect(after).toEqual(before);
});

test('a stopped container is started, not recreated', async () => {
  const line = file('stopped.json', { device: { url: sim.url }, containers: [NGINX_SPEC] });
  expect((await cli(['apply', '-f', line])).code).toBe(0);
  await client.stopContainer('web');
  await client.waitForState('web', 'exited', { timeoutMs: 5000 });

  const planned = await cli(['plan', '-f', line]);
  expect(planned.code).toBe(2);
  expect(planned.stdout).toMatch(/web\s+start\s+exited, configuration as desired/);
  await sim.clear();
  const applied = await cli(['apply', '-f', line]);
  expect(applied.code).toBe(0);
  expect(changing(await sim.requests())).toEqual(['POST /api/v1/docker/containers/web/start -> 200']);
  expect((await client.getContainerStatus('web')).running_state).toBe('running');
});

test.each([
  ['bad JSON', '{"containers": [', /not valid JSON/],
  [
    'a name like ../x',
    { containers: [{ ...NGINX_SPEC, container: { name: '../x' } }] },
    /containers\[0\]\.container\.name: container name must start/,
  ],
  [
    'port 70000',
    { containers: [NGINX_SPEC, { ...MQTT, ports: [{ source: 1883, destination: 70000, protocol: 'tcp' }] }] },
    /containers\[1\]\.ports\[0\]\.destination: must be a whole number from 1 to 65535/,
  ],
  ['an unknown field', { containers: [NGINX_SPEC], prnue: true }, /unknown field\(s\) 'prnue'/],
])('a bad file (%s) exits 1 naming the file and the field, with nothing sent', async (_label, content, why) => {
  const path = file('bad.json', content);
  await sim.clear();
  for (const command of [['plan'], ['apply'], ['apply', '--dry-run']]) {
    const run = await cli([...command, '-f', path, '--url', sim.url]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`${path}:`);
    expect(run.stderr).toMatch(why);
  }
  expect(await sim.requests()).toEqual([]);
});

test('status, list and redeploy; the URL from SECUREEDGE_URL; the password from a file', async () => {
  const pwFile = file('password.txt', `${TEST_PASSWORD}\n`);
  const byFile = { SECUREEDGE_URL: sim.url };
  const spec = file('spec.json', NGINX_SPEC);
  const redeployed = await cli(['redeploy', '-f', spec, '--password-file', pwFile], byFile);
  expect(redeployed.code).toBe(0);
  expect(redeployed.stdout).toMatch(/web \(nginx:latest\) running after/);
  expect(redeployed.stdout).toMatch(/wait-running\s+running/);

  const status = await cli(['status', 'web', '--password-file', pwFile], byFile);
  expect(status.code).toBe(0);
  expect(status.stdout).toMatch(/web\s+running/);
  const all = await cli(['status', '--json'], { ...byFile, ...env() });
  expect(JSON.parse(all.stdout).devices[0].states).toEqual([{ name: 'web', running_state: 'running' }]);
  const list = await cli(['list'], { ...byFile, ...env() });
  expect(list.stdout).toMatch(/1 container\n {2}web\n/);
  const missing = await cli(['status', 'nope'], { ...byFile, ...env() });
  expect(missing.code).toBe(1);
  expect(missing.stdout).toMatch(/FAILED NOT_FOUND/);
});

test('no password, a wrong password, a device that is down: exit 1, and the password is never printed', async () => {
  const line = file('pw.json', { device: { url: sim.url }, containers: [NGINX_SPEC] });
  const none = await cli(['plan', '-f', line], {});
  expect(none.code).toBe(1);
  expect(none.stderr).toMatch(/no password .*SECUREEDGE_PASSWORD/);
  expect(changing(await sim.requests())).toEqual([]);

  const onCommandLine = await cli(['plan', '-f', line, `--password=${TEST_PASSWORD}`], {});
  expect(onCommandLine.code).toBe(1);
  expect(onCommandLine.stderr).toMatch(/--password is not accepted/);

  const wrong = await cli(['plan', '-f', line], { SECUREEDGE_PASSWORD: `${TEST_PASSWORD}x` });
  expect(wrong.code).toBe(1);
  expect(wrong.stdout).toMatch(/FAILED AUTH_FAILED/);

  const down = await cli(['apply', '-f', line, '--url', 'http://127.0.0.1:9', '--json']);
  expect(down.code).toBe(1);
  expect(JSON.parse(down.stdout).devices[0]).toMatchObject({ ok: false, error: { code: 'NETWORK' } });
  for (const o of [none, onCommandLine, wrong, down]) {
    expect(o.stdout + o.stderr).not.toContain(TEST_PASSWORD);
    expect(o.stdout + o.stderr).not.toContain(encodeURIComponent(TEST_PASSWORD));
  }
});

test('bad usage exits 1 with a hint', async () => {
  for (const args of [[], ['deploy'], ['plan'], ['plan', '-f', 'x.json', '--concurrency', '0'], ['status', '--dry-run']]) {
    const run = await cli(args);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^secureedge: .*\nRun secureedge --help/);
  }
  const help = await cli(['--help']);
  expect(help.code).toBe(0);
  expect(help.stdout).toMatch(/exit 0: in sync, 2: changes needed, 1: error/);
});
