/**
 * apply()'s options and its removal step, against the simulator: the wait bound reaches every wait
 * (after a start and after a stop), the caller's signal reaches a redeploy in progress, the redeploy
 * options are passed on, a stopped container is removed without a stop, and a container someone
 * else removed first counts as removed while any other failure of the removal is reported, and a
 * caller's own deps that fail with a plain Error (or nothing) still fail only their container, in words.
 */
import { apply, type ApplyDeps, type SecureEdgeClient } from '../../core';
import type { RunningSimulator } from '../../simulator';
import { NGINX_SPEC } from '../support/client';
import { deviceEachTest } from '../support/device-each-test';

let sim: RunningSimulator;
let client: SecureEdgeClient;

deviceEachTest((d) => ({ sim, client } = d));

const APP = {
  container: { name: 'old-app' },
  image: { name: 'eclipse-mosquitto', tag: '2' },
  ports: [],
  networks: [{ name: 'machine-builder' }],
};
const changing = () =>
  sim.control.requests.filter((r) => r.method !== 'GET' && r.path !== '/auth/login').map((r) => `${r.method} ${r.path}`);

test('waitTimeoutMs bounds the wait after a start: a container slower than that fails with TIMEOUT', async () => {
  sim.control.setOptions({ startDelayMs: 3000 });
  const result = await apply(client, { containers: [NGINX_SPEC] }, { waitTimeoutMs: 300 });
  expect(result.ok).toBe(false);
  expect(result.containers[0]).toMatchObject({ name: 'web', action: 'create', outcome: 'failed', error: { code: 'TIMEOUT' } });
  expect(String(result.containers[0].error?.message)).toMatch(/did not reach running within 0\.3 s/);
});

test('waitTimeoutMs bounds the wait for a pruned container to stop', async () => {
  await client.createContainer(APP);
  await client.startContainer('old-app');
  sim.control.setOptions({ stopDelayMs: 3000 });
  sim.control.clearRequests();
  const result = await apply(client, { containers: [], prune: true }, { waitTimeoutMs: 300 });
  expect(result.containers[0]).toMatchObject({ name: 'old-app', action: 'remove', outcome: 'failed', error: { code: 'TIMEOUT' } });
  // Not removed while it was still running.
  expect(changing()).toEqual(['POST /api/v1/docker/containers/old-app/stop']);
});

test('a stopped container is removed without a stop', async () => {
  await client.createContainer(APP);
  sim.control.clearRequests();
  const result = await apply(client, { containers: [], prune: true });
  expect(result.containers[0]).toMatchObject({ name: 'old-app', action: 'remove', outcome: 'done', running_state: 'absent' });
  expect(changing()).toEqual(['DELETE /api/v1/docker/containers/old-app']);
});

test('a container someone else removed first counts as removed', async () => {
  await client.createContainer(APP);
  sim.control.injectOnce(
    { method: 'DELETE', path: '/api/v1/docker/containers/old-app' },
    { kind: 'status', status: 404, body: '{"error":"no such container"}', contentType: 'application/json' },
  );
  const result = await apply(client, { containers: [], prune: true });
  expect(result).toMatchObject({ ok: true });
  expect(result.containers[0]).toMatchObject({ name: 'old-app', action: 'remove', outcome: 'done', running_state: 'absent' });
});

test('any other failure of the removal is reported, with the state the container is left in', async () => {
  await client.createContainer(APP);
  sim.control.injectOnce(
    { method: 'DELETE', path: '/api/v1/docker/containers/old-app' },
    { kind: 'status', status: 500, body: '{"error":"disk busy"}', contentType: 'application/json' },
  );
  const result = await apply(client, { containers: [], prune: true });
  expect(result.ok).toBe(false);
  expect(result.containers[0]).toMatchObject({ name: 'old-app', outcome: 'failed', error: { code: 'DEVICE_ERROR' } });
  expect(String(result.containers[0].error?.message)).toMatch(/disk busy/);
  expect(sim.control.containers().map((c) => c.name)).toEqual(['old-app']);
});

test('the caller’s signal reaches a redeploy in progress: it ends CANCELLED, the old container untouched', async () => {
  await client.createContainer(NGINX_SPEC);
  await client.startContainer('web');
  sim.control.clearRequests();
  const controller = new AbortController();
  const changed = { ...NGINX_SPEC, environment_variables: [{ key: 'PORT', value: '9090' }] };
  const result = await apply(
    client,
    { containers: [changed] },
    { signal: controller.signal, onProgress: (e) => e.phase === 'begin' && controller.abort() },
  );
  expect(result.containers[0]).toMatchObject({ name: 'web', action: 'redeploy', outcome: 'failed', error: { code: 'CANCELLED' } });
  expect(changing()).toEqual([]);
  expect(sim.control.containers()[0]).toMatchObject({ name: 'web', state: 'running', env: NGINX_SPEC.environment_variables });
});

test('the redeploy options are passed on to each redeploy', async () => {
  await client.createContainer(NGINX_SPEC);
  await client.startContainer('web');
  const changed = { ...NGINX_SPEC, environment_variables: [{ key: 'PORT', value: '9090' }] };
  // A start that crashes: with rollback off (the vendor's way) the new container is left as it is.
  sim.control.setFaults({ startFaults: { 'nginx:latest': 'exit' } });
  sim.control.clearRequests();
  const result = await apply(client, { containers: [changed] }, { redeploy: { rollback: false } });
  expect(result.containers[0]).toMatchObject({ name: 'web', action: 'redeploy', outcome: 'failed' });
  expect(sim.control.containers()[0]).toMatchObject({ name: 'web', env: changed.environment_variables });
  expect(changing().filter((r) => r.endsWith('/web') || r === 'POST /api/v1/docker/containers')).toEqual([
    'DELETE /api/v1/docker/containers/web',
    'POST /api/v1/docker/containers',
  ]);
});

test('containers not begun when the signal fired say why; durations are each container’s own time', async () => {
  const controller = new AbortController();
  const other = { ...APP, container: { name: 'second' } };
  const wall = Date.now();
  const result = await apply(
    client,
    { containers: [NGINX_SPEC, other] },
    { signal: controller.signal, onProgress: (e) => e.phase === 'end' && controller.abort() },
  );
  const elapsed = Date.now() - wall;
  expect(result.containers.map((c) => c.outcome)).toEqual(['done', 'skipped']);
  expect(result.containers[1].error).toMatchObject({ message: 'Cancelled before this container was begun.' });
  expect(result.containers[0].durationMs).toBeGreaterThanOrEqual(0);
  expect(result.containers[0].durationMs).toBeLessThanOrEqual(elapsed);
});

test('a failed container’s duration is its own time too', async () => {
  const wall = Date.now();
  const result = await apply(client, { containers: [{ ...APP, image: { name: 'nginx', tag: 'no-such-tag' } }] });
  const elapsed = Date.now() - wall;
  expect(result.containers[0].outcome).toBe('failed');
  expect(result.containers[0].durationMs).toBeGreaterThanOrEqual(0);
  expect(result.containers[0].durationMs).toBeLessThanOrEqual(elapsed);
});

test('a caller’s own deps that fail with a plain Error, or with nothing: the container fails with those words', async () => {
  // ApplyDeps is public: an engine may pass its own functions. The client itself only throws
  // SecureEdgeErrors, so only such deps can fail with anything else.
  const broker = { ...APP, container: { name: 'broker' } };
  await client.createContainer(APP);
  await client.createContainer(broker);
  const deps: ApplyDeps = {
    listContainers: () => client.listContainers(),
    getContainerStatus: (name) => client.getContainerStatus(name),
    getContainerConfiguration: (name) => client.getContainerConfiguration(name),
    createContainer: (spec) => client.createContainer(spec),
    startContainer: (name) => (name === 'old-app' ? Promise.reject(new Error('disk full')) : Promise.reject(undefined)),
    stopContainer: (name) => client.stopContainer(name),
    removeContainer: (name) => client.removeContainer(name),
    waitForState: (name, state, options) => client.waitForState(name, state, options),
    redeploy: (spec, options) => client.redeploy(spec, options),
  };
  const result = await apply(deps, { containers: [APP, broker] });
  expect(result.ok).toBe(false);
  expect(result.containers.map((c) => [c.name, c.action, c.outcome, c.error])).toEqual([
    ['old-app', 'start', 'failed', { name: 'SecureEdgeError', code: 'DEVICE_ERROR', message: 'disk full' }],
    ['broker', 'start', 'failed', { name: 'SecureEdgeError', code: 'DEVICE_ERROR', message: 'undefined' }],
  ]);
});
