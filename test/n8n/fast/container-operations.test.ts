/** Every container and volume operation, in the order a user would use them, run by n8n-core. */
import { byName, fromList, N8nHarness } from '../harness';
import type { RunningSimulator } from '../../../simulator';
import { startTestSimulator } from '../../support/simulator';
import { REPLACE_STEPS } from '../../support/redeploy-steps';

let sim: RunningSimulator;
let n8n: N8nHarness;

beforeAll(async () => {
  sim = await startTestSimulator();
  n8n = await N8nHarness.create();
  n8n.addDevice(sim);
});
afterAll(() => sim.close());

async function runOne(parameters: Record<string, unknown>, items: object[] = [{}]) {
  const result = await n8n.run(items, [{ parameters }]);
  const error = result.error('SecureEdge');
  if (error) throw new Error(`node failed: ${error.message}`);
  return result.output('SecureEdge')!;
}

const web = () => sim.control.containers().find((c) => c.name === 'web');

test('Create from the dialog-like fields sends the spec the device UI would', async () => {
  const [item] = await runOne({
    resource: 'container',
    operation: 'create',
    specMode: 'fields',
    containerName: 'web',
    imageName: fromList('nginx'),
    imageTag: fromList('latest'),
    ports: {
      port: [
        { containerPort: 80, routerPort: 8080, protocol: 'tcp' },
        { containerPort: 53, routerPort: 5353, protocol: 'udp' },
      ],
    },
    volumes: { volume: [{ volumeName: 'nginx-config', containerPath: '/etc/nginx' }] },
    environmentVariables: { variable: [{ key: 'PORT', value: '8081' }] },
    networks: 'machine-builder, plant',
  });
  expect(item.json).toMatchObject({ name: 'web', image: 'nginx:latest', created: true });
  expect(web()).toMatchObject({
    image: 'nginx',
    tag: 'latest',
    state: 'created',
    ports: [
      { source: 80, destination: 8080, protocol: 'tcp' },
      { source: 53, destination: 5353, protocol: 'udp' },
    ],
    volumes: [{ name: 'nginx-config', destination: '/etc/nginx' }],
    networks: ['machine-builder', 'plant'],
    env: [{ key: 'PORT', value: '8081' }],
  });
});

test("Create from JSON in the API's own shape", async () => {
  const spec = {
    container: { name: 'broker' },
    image: { name: 'eclipse-mosquitto', tag: '2' },
    ports: [{ source: 1883, destination: 1883, protocol: 'tcp' }],
  };
  const [item] = await runOne({ resource: 'container', operation: 'create', specMode: 'json', specJson: JSON.stringify(spec) });
  expect(item.json).toMatchObject({ name: 'broker', created: true });
  expect(sim.control.containers().find((c) => c.name === 'broker')).toMatchObject({ image: 'eclipse-mosquitto', networks: [] });
});

test('Get Many lists the containers, one item each', async () => {
  const items = await runOne({ resource: 'container', operation: 'getAll', returnAll: true });
  expect(items.map((i) => i.json.name).sort()).toEqual(
    sim.control
      .containers()
      .map((c) => c.name)
      .sort(),
  );
});

test('Get Many with Include State adds each running_state, reading states only for the containers returned', async () => {
  sim.control.clearRequests();
  const items = await runOne({ resource: 'container', operation: 'getAll', returnAll: false, limit: 1, includeState: true });
  expect(items).toHaveLength(1);
  const name = items[0].json.name as string;
  expect(items[0].json.running_state).toBe(sim.control.containers().find((c) => c.name === name)!.state);
  expect(sim.control.requestCount({ method: 'GET', pathPrefix: '/api/v1/docker/containers/' })).toBe(1);
  const all = await runOne({ resource: 'container', operation: 'getAll', returnAll: true, includeState: true });
  expect(Object.fromEntries(all.map((i) => [i.json.name, i.json.running_state]))).toEqual(
    Object.fromEntries(sim.control.containers().map((c) => [c.name, c.state])),
  );
});

test('Get Status and Get Configuration read what the device holds', async () => {
  const [status] = await runOne({ resource: 'container', operation: 'getStatus', containerName: fromList('web') });
  expect(status.json).toEqual({ name: 'web', running_state: 'created' });
  const [config] = await runOne({ resource: 'container', operation: 'getConfiguration', containerName: byName('web') });
  expect(config.json.networks).toEqual([{ name: 'bridge' }, { name: 'machine-builder' }, { name: 'plant' }]);
  // The image's own environment is merged in, as the API documents.
  expect(config.json.environment_variables).toEqual(
    expect.arrayContaining([
      { key: 'PORT', value: '8081' },
      { key: 'NGINX_VERSION', value: '1.27.3' },
    ]),
  );
});

test('Start, then Wait for State running', async () => {
  sim.control.setOptions({ startDelayMs: 400 });
  const [started] = await runOne({ resource: 'container', operation: 'start', containerName: byName('web') });
  expect(started.json).toMatchObject({ name: 'web', action: 'start' });
  const [waited] = await runOne({
    resource: 'container',
    operation: 'waitForState',
    containerName: byName('web'),
    states: ['running'],
    options: { timeout: 10 },
  });
  // The API's running_state as the API names it; how long the wait took under a name that says so.
  expect(Object.keys(waited.json).sort()).toEqual(['name', 'running_state', 'waitedForStateMs']);
  expect(waited.json.waitedForStateMs).toBeGreaterThan(0);
  expect(web()?.state).toBe('running');
  sim.control.setOptions({ startDelayMs: 0 });
});

test('Wait for State gives up at its timeout and says which state the container is in', async () => {
  const result = await n8n.run(
    [{}],
    [
      {
        parameters: {
          resource: 'container',
          operation: 'waitForState',
          containerName: byName('web'),
          states: ['exited', 'dead'],
          options: { timeout: 1 },
        },
      },
    ],
  );
  const error = result.error('SecureEdge')!;
  expect(error.message).toMatch(/did not reach exited or dead within 1(\.0)? s; it is running/);
});

test('Remove refuses a running container; Stop, then Remove', async () => {
  const refused = await n8n.run([{}], [{ parameters: { resource: 'container', operation: 'remove', containerName: byName('web') } }]);
  expect(refused.error('SecureEdge')!.message).toContain('stop it before removing it');
  expect(web()).toBeDefined();

  const [stopped] = await runOne({ resource: 'container', operation: 'stop', containerName: byName('web') });
  expect(stopped.json).toMatchObject({ name: 'web', action: 'stop' });
  expect(web()?.state).toBe('exited');
  const [removed] = await runOne({ resource: 'container', operation: 'remove', containerName: byName('web') });
  expect(removed.json).toMatchObject({ name: 'web', action: 'remove' });
  expect(web()).toBeUndefined();
});

test('Volume: Remove deletes a named volume no container uses', async () => {
  expect(sim.control.volumes()).toContain('nginx-config');
  const [item] = await runOne({ resource: 'volume', operation: 'remove', volumeName: 'nginx-config' });
  expect(item.json).toEqual({ name: 'nginx-config', action: 'remove-volume' });
  expect(sim.control.volumes()).not.toContain('nginx-config');
});

test('Redeploy replaces a running container with one from the new spec and reports each step', async () => {
  await runOne({ resource: 'container', operation: 'start', containerName: byName('broker') });
  const [item] = await runOne({
    resource: 'container',
    operation: 'redeploy',
    specMode: 'fields',
    containerName: fromList('broker'),
    imageName: byName('eclipse-mosquitto'),
    imageTag: byName('2'),
    ports: { port: [{ containerPort: 1883, routerPort: 1884, protocol: 'tcp' }] },
    networks: 'machine-builder',
    options: { timeout: 30 },
  });
  expect(item.json).toMatchObject({ name: 'broker', replaced: true, running_state: 'running' });
  const steps = (item.json.steps as Array<{ step: string }>).map((s) => s.step);
  expect(steps).toEqual(REPLACE_STEPS);
  expect(sim.control.containers().find((c) => c.name === 'broker')).toMatchObject({
    state: 'running',
    ports: [{ source: 1883, destination: 1884, protocol: 'tcp' }],
    networks: ['machine-builder'],
  });
});

test('Redeploy with Remove Volumes starts the new container on fresh volumes', async () => {
  const spec = {
    container: { name: 'cache' },
    image: { name: 'nginx', tag: 'latest' },
    volumes: [{ name: 'cache-data', destination: '/data' }],
  };
  const first = await runOne({ resource: 'container', operation: 'redeploy', specMode: 'json', specJson: JSON.stringify(spec) });
  expect(first[0].json).toMatchObject({ replaced: false, running_state: 'running' });
  const [item] = await runOne({
    resource: 'container',
    operation: 'redeploy',
    specMode: 'json',
    specJson: JSON.stringify(spec),
    options: { removeVolumes: true },
  });
  const steps = item.json.steps as Array<{ step: string; target?: string }>;
  expect(steps.filter((s) => s.step === 'remove-volume')).toEqual([expect.objectContaining({ target: 'cache-data' })]);
  expect(sim.control.containers().find((c) => c.name === 'cache')?.state).toBe('running');
});

test("searchContainers lists the device's containers with their state for the container picker", async () => {
  const result = await n8n.listSearch('searchContainers', {}, 'BRO');
  const state = sim.control.containers().find((c) => c.name === 'broker')?.state;
  expect(result.results).toEqual([{ name: `broker (${state})`, value: 'broker' }]);
});
