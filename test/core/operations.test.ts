/** Every client method against the simulator, with the documented shapes. */
import type { SecureEdgeClient } from '../../core';
import type { RunningSimulator } from '../../simulator';
import { expectError, NGINX_SPEC, testClient } from '../support/client';
import { startTestSimulator } from '../support/simulator';

let sim: RunningSimulator;
let client: SecureEdgeClient;

beforeEach(async () => {
  sim = await startTestSimulator({ gatewayTimeoutMs: 100, images: undefined });
  client = testClient(sim);
});
afterEach(async () => {
  await client.close();
  await sim.close();
});

test('lists images and reads nginx details exactly as the vendor documents them', async () => {
  const images = await client.listImages();
  expect(images).toEqual(expect.arrayContaining([{ name: 'nginx', tag: 'latest' }]));
  const details = await client.getImageDetails('nginx', 'latest');
  expect(details).toEqual({ name: 'nginx', tag: 'latest', size: 69622746, platforms: ['linux/arm64/v8'], error: null });
});

test("an image name with '/' goes into the path encoded as one segment", async () => {
  const details = await client.getImageDetails('nodered/node-red', '4.1');
  expect(details.name).toBe('nodered/node-red');
  expect(sim.control.requests.map((r) => r.path)).toContain('/api/v1/docker/images/nodered%2Fnode-red/4.1/details');
});

test('create, status, configuration, start, stop, remove, remove volume', async () => {
  const created = await client.createContainer(NGINX_SPEC);
  expect(created).toEqual({ name: 'web', image: 'nginx:latest', created: true, createAnswer: 200, waitedForCreateMs: 0 });
  expect(await client.listContainers()).toEqual([{ name: 'web' }]);
  expect(await client.getContainerStatus('web')).toEqual({ name: 'web', running_state: 'created' });

  const config = await client.getContainerConfiguration('web');
  expect(config.networks).toEqual([{ name: 'bridge' }, { name: 'machine-builder' }]);
  expect(config.ports).toEqual(NGINX_SPEC.ports);
  expect(config.environment_variables).toEqual(
    expect.arrayContaining([
      { key: 'NGINX_VERSION', value: '1.27.3' },
      { key: 'PORT', value: '8081' },
    ]),
  );

  expect(await client.startContainer('web')).toEqual({ name: 'web', action: 'start' });
  expect((await client.getContainerStatus('web')).running_state).toBe('running');

  const conflict = await expectError(() => client.removeContainer('web'));
  expect(conflict.code).toBe('CONFLICT');
  expect(conflict.message).toMatch(/stop it before removing/);

  await client.stopContainer('web');
  expect((await client.getContainerStatus('web')).running_state).toBe('exited');
  await client.removeContainer('web');
  expect(await client.listContainers()).toEqual([]);
  expect(sim.control.networks()).toEqual([]);

  expect(sim.control.volumes()).toContain('nginx-config');
  await client.removeVolume('nginx-config');
  expect(sim.control.volumes()).not.toContain('nginx-config');
});

test('unknown names are NOT_FOUND with the name in the message', async () => {
  for (const call of [
    () => client.getContainerStatus('ghost'),
    () => client.getContainerConfiguration('ghost'),
    () => client.startContainer('ghost'),
    () => client.stopContainer('ghost'),
    () => client.removeContainer('ghost'),
  ]) {
    const err = await expectError(call);
    expect(err.code).toBe('NOT_FOUND');
    expect(err.status).toBe(404);
    expect(err.message).toContain("'ghost'");
  }
  const img = await expectError(() => client.getImageDetails('nginx', 'nope'));
  expect(img.code).toBe('NOT_FOUND');
  const vol = await expectError(() => client.removeVolume('ghost-volume'));
  expect(vol.code).toBe('NOT_FOUND');
  const create = await expectError(() => client.createContainer({ ...NGINX_SPEC, image: { name: 'unknown-image', tag: 'x' } }));
  expect(create.code).toBe('NOT_FOUND');
  expect(create.message).toMatch(/Push it first/);
});

test('a second create with the same name is a CONFLICT that says what to do', async () => {
  await client.createContainer(NGINX_SPEC);
  const err = await expectError(() => client.createContainer({ ...NGINX_SPEC, ports: [] }));
  expect(err.code).toBe('CONFLICT');
  expect(err.message).toMatch(/already exists.*redeploy/);
});

test('a volume in use cannot be removed (CONFLICT)', async () => {
  await client.createContainer(NGINX_SPEC);
  const err = await expectError(() => client.removeVolume('nginx-config'));
  expect(err.code).toBe('CONFLICT');
});

test('waitForState polls until the state is reached, and times out with the last state', async () => {
  sim.control.setOptions({ startDelayMs: 150 });
  await client.createContainer(NGINX_SPEC);
  await client.startContainer('web');
  expect((await client.getContainerStatus('web')).running_state).toBe('created');
  const waited = await client.waitForState('web', 'running', { timeoutMs: 3000 });
  expect(waited).toEqual({ name: 'web', running_state: 'running', waitedForStateMs: expect.any(Number) });

  const err = await expectError(() => client.waitForState('web', 'exited', { timeoutMs: 200 }));
  expect(err.code).toBe('TIMEOUT');
  expect(err.details).toMatchObject({ running_state: 'running', wanted: ['exited'], waitedForStateMs: expect.any(Number) });
  const bad = await expectError(() => client.waitForState('web', 'sleeping'));
  expect(bad.code).toBe('INVALID_INPUT');
});

test('answers with unknown extra fields are accepted and kept', async () => {
  await sim.close();
  sim = await startTestSimulator({ extraListFields: true });
  client = testClient(sim);
  const images = await client.listImages();
  expect(Object.keys(images[0]).length).toBeGreaterThan(2);
});

test('checkConnection logs in and counts images', async () => {
  expect(await client.checkConnection()).toEqual({ ok: true, images: sim.control.images().length });
});
