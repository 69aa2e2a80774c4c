/**
 * secureedge-ensure in Node-RED's runtime: the spec from the dialog or msg.payload (one spec, a
 * list, a desired state with prune), dry run, stopped -> started, in sync -> nothing sent, and a
 * failed container reaching a Catch node with the per-container result on the msg.
 */
import type { RunningSimulator } from '../../simulator';
import { NGINX_SPEC } from '../support/client';
import { inject, loadFlow, op } from './harness';
import { seedContainers, stateOf } from './seed';
import { deviceEachTest } from './one-device';

let sim: RunningSimulator;
deviceEachTest((s) => (sim = s));

const changing = () =>
  sim.control.requests.filter((r) => r.method !== 'GET' && r.path !== '/auth/login').map((r) => `${r.method} ${r.path}`);
const MQTT = { container: { name: 'broker' }, image: { name: 'eclipse-mosquitto', tag: '2' } };

const fromDialog = {
  specSource: 'editor',
  container: 'web',
  containerType: 'str',
  image: 'nginx',
  imageType: 'str',
  tag: 'latest',
  tagType: 'str',
  ports: [{ containerPort: '80', routerPort: '8080', protocol: 'tcp' }],
  volumes: [],
  env: [{ key: 'PORT', value: '8081' }],
  networks: 'machine-builder',
  dryRun: false,
  timeout: '30',
};

test('from the dialog: the first msg creates and starts, the next one finds it in sync and sends nothing', async () => {
  const seen = await loadFlow(sim, [op('ensure', fromDialog)]);
  const sent = inject('op1', { topic: 'nightly' });
  const first = await seen.nextOut();
  expect(first).toBe(sent);
  expect(first.payload).toMatchObject({
    dryRun: false,
    ok: true,
    changes: 1,
    containers: [{ name: 'web', action: 'create', reasons: ['missing'], outcome: 'done', running_state: 'running' }],
  });
  expect(stateOf(sim, 'web')).toBe('running');
  expect(seen.badges().at(-1)).toMatchObject({ fill: 'green', text: '1 change done' });

  sim.control.clearRequests();
  inject('op1', { topic: 'nightly' });
  const second = await seen.nextOut();
  expect(second.payload).toMatchObject({ ok: true, changes: 0, containers: [{ name: 'web', action: 'none', outcome: 'unchanged' }] });
  expect(changing()).toEqual([]);
  expect(seen.badges().at(-1)).toMatchObject({ fill: 'green', shape: 'dot', text: 'in sync' });
});

test('msg.payload as a desired state with prune, as a dry run (msg.dryRun): the plan, and nothing changed', async () => {
  await seedContainers(sim, ['stray'], { start: true });
  const seen = await loadFlow(sim, [op('ensure', { specSource: 'msg', dryRun: false })]);
  sim.control.clearRequests();
  inject('op1', { payload: { containers: [NGINX_SPEC, MQTT], prune: true }, dryRun: true });
  const out = await seen.nextOut();
  expect(out.payload.dryRun).toBe(true);
  expect(out.payload.containers.map((c: { name: string; action: string; outcome: string }) => [c.name, c.action, c.outcome])).toEqual([
    ['web', 'create', 'planned'],
    ['broker', 'create', 'planned'],
    ['stray', 'remove', 'planned'],
  ]);
  expect(changing()).toEqual([]);
  expect(seen.badges().at(-1)).toMatchObject({ fill: 'green', shape: 'ring', text: 'dry run: 3 changes needed' });

  // The same without dry run: stray removed, both created and running.
  inject('op1', { payload: [NGINX_SPEC, MQTT] });
  const applied = await seen.nextOut();
  expect(applied.payload.containers.map((c: { name: string }) => c.name)).toEqual(['web', 'broker']);
  expect(stateOf(sim, 'stray')).toBe('running'); // a list of specs does not prune
  inject('op1', { payload: { containers: [NGINX_SPEC, MQTT], prune: true } });
  await seen.nextOut();
  expect(
    sim.control
      .containers()
      .map((c) => c.name)
      .sort(),
  ).toEqual(['broker', 'web']);
});

test('a stopped container is only started; the dry-run checkbox plans without touching it', async () => {
  await seedContainers(sim, ['web']);
  const seen = await loadFlow(sim, [
    op('ensure', { specSource: 'msg', dryRun: true }, 'plan1'),
    op('ensure', { specSource: 'msg' }, 'op1'),
  ]);
  const spec = { container: { name: 'web' }, image: { name: 'nginx', tag: 'latest' } };
  sim.control.clearRequests();
  inject('plan1', { payload: spec });
  const planned = await seen.nextOut();
  expect(planned.payload.containers[0]).toMatchObject({ action: 'start', outcome: 'planned' });
  expect(changing()).toEqual([]);

  inject('op1', { payload: spec });
  const done = await seen.nextOut();
  expect(done.payload.containers[0]).toMatchObject({ action: 'start', outcome: 'done', running_state: 'running' });
  expect(changing()).toEqual(['POST /api/v1/docker/containers/web/start']);
});

test('a failed container goes to Catch with the result on msg.payload; the others are done', async () => {
  const seen = await loadFlow(sim, [op('ensure', { specSource: 'msg' })]);
  const bad = { container: { name: 'bad' }, image: { name: 'nginx', tag: 'no-such-tag' } };
  inject('op1', { payload: [bad, NGINX_SPEC] });
  const caught = await seen.nextCaught();
  expect(caught.error).toMatchObject({
    code: 'NOT_FOUND',
    message: expect.stringMatching(/^NOT_FOUND: Ensure failed for 'bad' \(create\)/),
  });
  expect(caught.payload.containers.map((c: { name: string; outcome: string }) => [c.name, c.outcome])).toEqual([
    ['bad', 'failed'],
    ['web', 'done'],
  ]);
  expect(caught.error.cause.details.containers).toHaveLength(2);
  expect(stateOf(sim, 'web')).toBe('running');
  expect(seen.out).toEqual([]);
  expect(seen.badges().at(-1)).toMatchObject({ fill: 'red', text: 'NOT_FOUND' });
});

test('a bad payload or spec is refused before anything is sent, naming the field', async () => {
  const seen = await loadFlow(sim, [op('ensure', { specSource: 'msg' })]);
  sim.control.clearRequests();
  inject('op1', { payload: 'web' });
  expect((await seen.nextCaught()).error).toMatchObject({
    code: 'INVALID_INPUT',
    message: expect.stringMatching(/msg\.payload must be a container spec/),
  });
  inject('op1', { payload: [{ ...NGINX_SPEC, ports: [{ source: 80, destination: 70000, protocol: 'tcp' }] }] });
  expect((await seen.nextCaught(2)).error.message).toMatch(/containers\[0\]\.ports\[0\]\.destination/);
  inject('op1', { payload: [{ ...NGINX_SPEC, container: { name: '../x' } }] });
  expect((await seen.nextCaught(3)).error.message).toMatch(/containers\[0\]\.container\.name/);
  expect(sim.control.requests).toEqual([]);
});
