/** apply(): a desired state carried out through core against the simulator, end to end. */
import { apply } from '../../core';
import type { RunningSimulator } from '../../simulator';
import { NGINX_SPEC, testClient } from '../support/client';
import { startTestSimulator } from '../support/simulator';

let sim: RunningSimulator;
let client: ReturnType<typeof testClient>;

beforeEach(async () => {
  sim = await startTestSimulator({ startDelayMs: 30, stopDelayMs: 30 });
  client = testClient(sim);
});

afterEach(async () => {
  await client.close();
  await sim.close();
});

const MQTT = {
  container: { name: 'broker' },
  image: { name: 'eclipse-mosquitto', tag: '2' },
  ports: [{ source: 1883, destination: 1883, protocol: 'tcp' as const }],
  networks: [{ name: 'machine-builder' }],
};
const changing = () =>
  sim.control.requests.filter((r) => r.method !== 'GET' && r.path !== '/auth/login').map((r) => `${r.method} ${r.path}`);

test('from nothing: creates and starts every container, then a second apply changes nothing', async () => {
  const first = await apply(client, { containers: [NGINX_SPEC, MQTT] });
  expect(first).toMatchObject({ dryRun: false, ok: true, changes: 2 });
  expect(first.containers).toEqual([
    expect.objectContaining({ name: 'web', action: 'create', outcome: 'done', running_state: 'running' }),
    expect.objectContaining({ name: 'broker', action: 'create', outcome: 'done', running_state: 'running' }),
  ]);
  expect(sim.control.containers().map((c) => [c.name, c.state])).toEqual([
    ['web', 'running'],
    ['broker', 'running'],
  ]);

  sim.control.clearRequests();
  const second = await apply(client, { containers: [NGINX_SPEC, MQTT] });
  expect(second).toMatchObject({ ok: true, changes: 0 });
  expect(second.containers.map((c) => c.outcome)).toEqual(['unchanged', 'unchanged']);
  // Nothing to do restarts nothing: no stop, start, create or remove reached the device.
  expect(changing()).toEqual([]);
});

test('drift is redeployed with the safe redeploy; a stopped container is only started', async () => {
  await apply(client, { containers: [NGINX_SPEC, MQTT] });
  await client.stopContainer('broker');
  await client.waitForState('broker', 'exited', { timeoutMs: 2000 });
  sim.control.clearRequests();

  const newWeb = { ...NGINX_SPEC, environment_variables: [{ key: 'PORT', value: '9090' }] };
  const result = await apply(client, { containers: [newWeb, MQTT] });
  expect(result.ok).toBe(true);
  expect(result.containers[0]).toMatchObject({
    name: 'web',
    action: 'redeploy',
    reasons: ['environment: PORT differs'],
    outcome: 'done',
    running_state: 'running',
  });
  expect(result.containers[0].report?.steps.map((s) => s.step)).toEqual(expect.arrayContaining(['stop', 'remove', 'create', 'start']));
  expect(result.containers[1]).toMatchObject({ name: 'broker', action: 'start', outcome: 'done', running_state: 'running' });
  expect(sim.control.containers().find((c) => c.name === 'web')).toMatchObject({ state: 'running', env: [{ key: 'PORT', value: '9090' }] });
  // The broker was started, never recreated.
  expect(changing().filter((r) => r.includes('broker') || r === 'POST /api/v1/docker/containers')).toEqual([
    'POST /api/v1/docker/containers',
    'POST /api/v1/docker/containers/broker/start',
  ]);
});

test('dry run: the plan with outcome planned, and only GETs reach the device', async () => {
  await apply(client, { containers: [NGINX_SPEC] });
  await client.createContainer({ ...MQTT, container: { name: 'stray' }, ports: [] });
  const before = JSON.stringify(sim.control.containers());
  sim.control.clearRequests();

  const result = await apply(
    client,
    { containers: [{ ...NGINX_SPEC, image: { name: 'nginx', tag: '1.27' } }, MQTT], prune: true },
    { dryRun: true },
  );
  expect(result).toMatchObject({ dryRun: true, ok: true, changes: 3 });
  expect(result.containers.map((c) => [c.name, c.action, c.outcome])).toEqual([
    ['web', 'redeploy', 'planned'],
    ['broker', 'create', 'planned'],
    ['stray', 'remove', 'planned'],
  ]);
  expect(changing()).toEqual([]);
  expect(JSON.stringify(sim.control.containers())).toBe(before);
});

test('prune stops and removes what is not listed, before the others are created', async () => {
  await client.createContainer({ ...MQTT, container: { name: 'old-app' } });
  await client.startContainer('old-app');
  await client.waitForState('old-app', 'running', { timeoutMs: 2000 });
  sim.control.clearRequests();
  // The new broker needs router port 1883, which old-app holds: removals go first.
  const result = await apply(client, { containers: [MQTT], prune: true });
  expect(result.ok).toBe(true);
  expect(result.containers.map((c) => [c.name, c.action, c.outcome, c.running_state])).toEqual([
    ['broker', 'create', 'done', 'running'],
    ['old-app', 'remove', 'done', 'absent'],
  ]);
  expect(changing()).toEqual([
    'POST /api/v1/docker/containers/old-app/stop',
    'DELETE /api/v1/docker/containers/old-app',
    'POST /api/v1/docker/containers',
    'POST /api/v1/docker/containers/broker/start',
  ]);
  expect(sim.control.containers().map((c) => c.name)).toEqual(['broker']);
});

test('without prune, an unlisted container is left alone', async () => {
  await client.createContainer({ ...MQTT, container: { name: 'keep-me' }, ports: [] });
  const result = await apply(client, { containers: [NGINX_SPEC] });
  expect(result.containers.map((c) => c.name)).toEqual(['web']);
  expect(
    sim.control
      .containers()
      .map((c) => c.name)
      .sort(),
  ).toEqual(['keep-me', 'web']);
});

test('one failing container does not stop the others; the result says which and why', async () => {
  const missingImage = { ...MQTT, container: { name: 'bad' }, image: { name: 'nginx', tag: 'no-such-tag' }, ports: [] };
  const result = await apply(client, { containers: [missingImage, NGINX_SPEC] });
  expect(result.ok).toBe(false);
  expect(result.containers[0]).toMatchObject({
    name: 'bad',
    action: 'create',
    outcome: 'failed',
    error: expect.objectContaining({ code: 'NOT_FOUND' }),
  });
  expect(result.containers[1]).toMatchObject({ name: 'web', outcome: 'done', running_state: 'running' });
});

test('an aborted apply skips the containers not yet begun', async () => {
  const controller = new AbortController();
  const result = await apply(
    client,
    { containers: [NGINX_SPEC, MQTT] },
    {
      signal: controller.signal,
      onProgress: (e) => {
        if (e.phase === 'end') controller.abort();
      },
    },
  );
  expect(result.ok).toBe(false);
  expect(result.containers.map((c) => c.outcome)).toEqual(['done', 'skipped']);
  expect(sim.control.containers().map((c) => c.name)).toEqual(['web']);
});
