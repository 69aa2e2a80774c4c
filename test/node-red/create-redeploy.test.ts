/**
 * Create and redeploy: the spec from the editor (as the device's dialog has it, saved as the
 * editor saves it: numbers as text) or from msg.payload in the API's shape; the slow first
 * create (504) waited out; redeploy's step report; a new tag rolled out from msg.tag.
 */
import type { RunningSimulator } from '../../simulator';
import { startTestSimulator } from '../support/simulator';
import { helper, inject, loadFlow, op, unloadAndScan, type Msg } from './harness';
import { seedContainers, stateOf } from './seed';
import { REPLACE_STEPS } from '../support/redeploy-steps';

let sim: RunningSimulator;
beforeAll(async () => {
  await helper.startServer();
});
afterEach(async () => {
  await unloadAndScan();
  await sim.close();
});
afterAll(async () => {
  await helper.stopServer();
});

const fromEditor = (extra: Msg = {}) => ({
  specSource: 'editor',
  container: 'web',
  containerType: 'str',
  image: 'nginx',
  imageType: 'str',
  tag: 'latest',
  tagType: 'str',
  ports: [
    { containerPort: '80', routerPort: '8080', protocol: 'tcp' },
    { containerPort: '5353', routerPort: '5353', protocol: 'udp' },
  ],
  volumes: [{ volume: 'web-content', containerPath: '/usr/share/nginx/html' }],
  env: [
    { key: 'PORT', value: '8081' },
    { key: 'EMPTY', value: '' },
  ],
  networks: 'machine-builder, plant-floor',
  ...extra,
});

test('create from the editor: the device gets the ports, volumes, env and networks of the dialog', async () => {
  sim = await startTestSimulator();
  const seen = await loadFlow(sim, [op('create-container', fromEditor())]);
  const sent = inject('op1', { topic: 'create' });
  const out = await seen.nextOut();
  expect(out).toBe(sent);
  expect(out.payload).toMatchObject({ name: 'web', image: 'nginx:latest', created: true });
  const [c] = sim.control.containers();
  expect(c).toMatchObject({
    name: 'web',
    image: 'nginx',
    tag: 'latest',
    state: 'created',
    ports: [
      { source: 80, destination: 8080, protocol: 'tcp' },
      { source: 5353, destination: 5353, protocol: 'udp' },
    ],
    volumes: [{ name: 'web-content', destination: '/usr/share/nginx/html' }],
    env: [
      { key: 'PORT', value: '8081' },
      { key: 'EMPTY', value: '' },
    ],
  });
  expect([...c.networks].sort()).toEqual(['machine-builder', 'plant-floor']);
  expect(seen.badges().map((b) => [b.fill, b.text])).toEqual([
    ['blue', 'creating'],
    ['green', 'created'],
  ]);
});

test('create with no networks setting saved (an imported flow) uses machine-builder, as the device UI does', async () => {
  sim = await startTestSimulator();
  const props: Msg = fromEditor({ ports: [], volumes: [], env: [] });
  delete props.networks;
  const seen = await loadFlow(sim, [op('create-container', props)]);
  inject('op1', {});
  await seen.nextOut();
  expect(sim.control.containers()[0].networks).toEqual(['machine-builder']);
});

test('create from msg.payload in the API shape', async () => {
  sim = await startTestSimulator();
  const seen = await loadFlow(sim, [op('create-container', { specSource: 'msg' })]);
  inject('op1', {
    payload: {
      container: { name: 'broker' },
      image: { name: 'eclipse-mosquitto', tag: '2' },
      ports: [{ source: 1883, destination: 1883, protocol: 'tcp' }],
      volumes: [],
      networks: [{ name: 'machine-builder' }],
      environment_variables: [{ key: 'TZ', value: 'Europe/Amsterdam' }],
    },
  });
  const out = await seen.nextOut();
  expect(out.payload).toMatchObject({ name: 'broker', image: 'eclipse-mosquitto:2' });
  expect(sim.control.containers()[0]).toMatchObject({
    name: 'broker',
    ports: [{ source: 1883, destination: 1883, protocol: 'tcp' }],
    env: [{ key: 'TZ', value: 'Europe/Amsterdam' }],
  });
});

test('a slow first create (504) is waited out, never sent twice', async () => {
  sim = await startTestSimulator({
    gatewayTimeoutMs: 100,
    images: [{ name: 'big/app', tag: '1.0', size: 300_000_000, platforms: ['linux/arm64/v8'], environment: [], createMs: 600 }],
  });
  const seen = await loadFlow(sim, [
    op('create-container', fromEditor({ image: 'big/app', tag: '1.0', ports: [], volumes: [], env: [], timeout: 20 })),
  ]);
  inject('op1', {});
  const out = await seen.nextOut();
  expect(out.payload).toMatchObject({ name: 'web', createAnswer: 504, created: true });
  expect(out.payload.waitedForCreateMs).toBeGreaterThan(0);
  expect(sim.control.requestCount({ method: 'POST', pathPrefix: '/api/v1/docker/containers' })).toBe(1);
  expect(seen.badges().at(-1)!.text).toMatch(/^created after \d+\.\d s$/);
});

test('redeploy rolls out the tag in msg.tag: old container replaced, new one running, step report in payload', async () => {
  sim = await startTestSimulator({
    images: [
      { name: 'app', tag: '1', size: 1_000_000, platforms: ['linux/arm64/v8'], environment: [], createMs: 0 },
      { name: 'app', tag: '2', size: 1_000_000, platforms: ['linux/arm64/v8'], environment: [], createMs: 0 },
    ],
  });
  const { SecureEdgeClient } = await import('../../core');
  const client = new SecureEdgeClient({ url: sim.url, password: sim.password });
  await client.createContainer({ container: { name: 'web' }, image: { name: 'app', tag: '1' } });
  await client.startContainer('web');
  await client.close();

  const seen = await loadFlow(sim, [
    op('redeploy', fromEditor({ image: 'app', tag: 'tag', tagType: 'msg', ports: [], volumes: [], env: [], timeout: 30 })),
  ]);
  const sent = inject('op1', { tag: '2', topic: 'new tag' });
  const out = await seen.nextOut();
  expect(out).toBe(sent);
  expect(out.payload).toMatchObject({ name: 'web', image: 'app:2', replaced: true, running_state: 'running' });
  expect(out.payload.steps.map((s: Msg) => s.step)).toEqual(REPLACE_STEPS);
  expect(sim.control.containers()).toEqual([expect.objectContaining({ name: 'web', tag: '2', state: 'running' })]);
  expect(seen.badges().at(-1)).toMatchObject({ fill: 'green', shape: 'dot' });
  expect(seen.badges().at(-1)!.text).toMatch(/^running after /);
});

test('redeploy with "remove volumes": the old container\'s volumes are removed before the new one is created', async () => {
  sim = await startTestSimulator();
  await seedContainers(sim, ['web'], { start: true, volumes: { web: 'old-data' } });
  const seen = await loadFlow(sim, [op('redeploy', fromEditor({ ports: [], env: [], removeVolumes: true, timeout: 30 }))]);
  inject('op1', {});
  const out = await seen.nextOut();
  const removed = out.payload.steps
    .filter((s: Msg) => s.step === 'remove-volume')
    .map((s: Msg) => s.target)
    .sort();
  expect(removed).toEqual(['old-data', 'web-content']);
  expect(sim.control.volumes()).toEqual(['web-content']);
  expect(stateOf(sim, 'web')).toBe('running');
});

test('redeploy from msg.payload creates a container that did not exist', async () => {
  sim = await startTestSimulator();
  const seen = await loadFlow(sim, [op('redeploy', { specSource: 'msg', timeout: 30 })]);
  inject('op1', { payload: { container: { name: 'fresh' }, image: { name: 'nginx', tag: 'latest' } } });
  const out = await seen.nextOut();
  expect(out.payload).toMatchObject({ name: 'fresh', replaced: false, running_state: 'running' });
  expect(stateOf(sim, 'fresh')).toBe('running');
});
