/**
 * The watch node in Node-RED 5's runtime against the simulator over real HTTP: every event as a
 * msg, a silent baseline, one unreachable and one reachable per outage, the filter, bad settings,
 * and no poll after the flow stops. Changes are made right after a poll (a new badge), so each
 * lands in the next poll.
 */
import type { SecureEdgeClient } from '../../core';
import type { RunningSimulator } from '../../simulator';
import { testClient } from '../support/client';
import { startTestSimulator } from '../support/simulator';
import { helper, loadFlow, logText, unloadAndScan, type Msg, type Observed } from './harness';

let sim: RunningSimulator;
let client: SecureEdgeClient;
let unloaded = false;
beforeAll(async () => {
  await helper.startServer();
});
beforeEach(async () => {
  sim = await startTestSimulator();
  client = testClient(sim);
  unloaded = false;
});
afterEach(async () => {
  if (!unloaded) await unloadAndScan();
  await client.close();
  await sim.close();
});
afterAll(async () => {
  await helper.stopServer();
});

const watchNode = (props: Record<string, unknown> = {}) => ({
  id: 'watch1',
  type: 'secureedge-watch',
  z: 'tab1',
  name: '',
  device: 'dev1',
  interval: 1,
  containers: '',
  emitInitial: false,
  wires: [['out']],
  ...props,
});
const spec = (name: string, image = { name: 'nginx', tag: 'latest' }) => ({
  container: { name },
  image,
  ports: [],
  volumes: [],
  networks: [],
});

/** Resolves after the watch node's next badge (a finished poll); returns it. */
async function nextPoll(seen: Observed): Promise<{ fill?: string; text?: string }> {
  const count = seen.badges('watch1').length;
  await seen.until('the next poll', () => seen.badges('watch1').length > count);
  return seen.badges('watch1').at(-1)!;
}

const payloads = (seen: Observed) =>
  seen.out.map((m: Msg) => {
    const { at, ...rest } = m.payload;
    expect(new Date(at).toISOString()).toBe(at);
    return { topic: m.topic, ...rest };
  });

test('every event, one msg each, topic = the container or image; nothing for the baseline', async () => {
  await client.createContainer(spec('web'));
  const seen = await loadFlow(sim, [
    watchNode({ events: ['created', 'removed', 'state', 'image-added', 'image-removed', 'unreachable', 'reachable', 'configuration'] }),
  ]);
  expect(await nextPoll(seen)).toMatchObject({ fill: 'green', text: '1 container' });
  await nextPoll(seen);
  expect(seen.out).toEqual([]);

  await client.createContainer(spec('broker', { name: 'eclipse-mosquitto', tag: '2' }));
  await seen.nextOut(1);
  await nextPoll(seen);
  await client.startContainer('web');
  await seen.nextOut(2);
  await nextPoll(seen);
  sim.control.addImage({ name: 'plc-gateway', tag: '1.2', size: 1000, platforms: ['linux/arm64/v8'], environment: [] });
  await seen.nextOut(3);
  await nextPoll(seen);
  sim.control.removeImage('plc-gateway', '1.2');
  await seen.nextOut(4);
  await nextPoll(seen);
  await client.removeContainer('broker');
  await client.createContainer(spec('broker'));
  await seen.nextOut(5);
  await nextPoll(seen);
  await client.stopContainer('web');
  await client.removeContainer('web');
  await seen.nextOut(6);
  await nextPoll(seen);
  sim.control.setFaults({ errorRate: 1, errorStatuses: [500] });
  await seen.nextOut(7);
  sim.control.clearFaults();
  await seen.nextOut(8);
  await nextPoll(seen);

  expect(payloads(seen)).toEqual([
    { topic: 'broker', event: 'created', container: 'broker', to: 'created' },
    { topic: 'web', event: 'state', container: 'web', from: 'created', to: 'running' },
    { topic: 'plc-gateway:1.2', event: 'image-added', image: 'plc-gateway:1.2' },
    { topic: 'plc-gateway:1.2', event: 'image-removed', image: 'plc-gateway:1.2' },
    {
      topic: 'broker',
      event: 'configuration',
      container: 'broker',
      changed: ['image', 'environment'],
      // The images' own environments differ; only the names of the variables that differ, never a value.
      from: { image: 'eclipse-mosquitto:2', environment: ['VERSION'] },
      to: { image: 'nginx:latest', environment: expect.arrayContaining(['NGINX_VERSION', 'NJS_VERSION']) },
    },
    // Stopped and removed within one interval: the last state the watch saw.
    { topic: 'web', event: 'removed', container: 'web', from: 'running' },
    { topic: sim.url, event: 'unreachable', error: { code: 'DEVICE_ERROR', message: expect.stringContaining('500') } },
    { topic: sim.url, event: 'reachable', since: expect.any(String) },
  ]);
});

test('a baseline without flood: containers already there send nothing, poll after poll', async () => {
  for (const name of ['a1', 'a2', 'a3', 'a4', 'a5']) await client.createContainer(spec(name));
  await client.startContainer('a1');
  const seen = await loadFlow(sim, [watchNode()]);
  for (let i = 0; i < 3; i++) expect(await nextPoll(seen)).toMatchObject({ fill: 'green', shape: 'dot', text: '5 containers' });
  expect(seen.out).toEqual([]);
});

test('"emit the current state at start": one state msg per container, without from, then only changes', async () => {
  await client.createContainer(spec('web'));
  await client.startContainer('web');
  await client.createContainer(spec('db'));
  const seen = await loadFlow(sim, [watchNode({ emitInitial: true })]);
  await nextPoll(seen);
  await nextPoll(seen);
  expect(payloads(seen).sort((a, b) => a.topic.localeCompare(b.topic))).toEqual([
    { topic: 'db', event: 'state', container: 'db', to: 'created' },
    { topic: 'web', event: 'state', container: 'web', to: 'running' },
  ]);
});

test('unreachable once and reachable once per outage, red badge meanwhile; a stop during the outage is not missed', async () => {
  await client.createContainer(spec('web'));
  await client.startContainer('web');
  const seen = await loadFlow(sim, [watchNode({ events: ['state', 'unreachable', 'reachable'] })]);
  await nextPoll(seen);
  const logins = sim.control.loginCount();
  sim.control.setFaults({ errorRate: 1, errorStatuses: [500] });
  for (let i = 0; i < 3; i++) expect(await nextPoll(seen)).toMatchObject({ fill: 'red', shape: 'ring', text: 'unreachable' });
  sim.control.setContainerState('web', 'exited');
  sim.control.clearFaults();
  expect(await nextPoll(seen)).toMatchObject({ fill: 'green', text: '1 container' });
  await nextPoll(seen);
  expect(payloads(seen).map((p) => p.event)).toEqual(['unreachable', 'reachable', 'state']);
  expect(payloads(seen)[2]).toMatchObject({ from: 'running', to: 'exited' });
  expect(sim.control.loginCount()).toBe(logins); // the shared session: no login per poll
});

test('the container filter: only the named containers, and the badge says how many of them are there', async () => {
  await client.createContainer(spec('web'));
  await client.createContainer(spec('other'));
  const seen = await loadFlow(sim, [watchNode({ containers: 'web, broker' })]);
  expect(await nextPoll(seen)).toMatchObject({ text: '1 of 2 containers' });
  await client.startContainer('other');
  await client.startContainer('web');
  await seen.nextOut(1);
  await nextPoll(seen);
  expect(payloads(seen)).toEqual([{ topic: 'web', event: 'state', container: 'web', from: 'created', to: 'running' }]);
});

test('bad settings: the reason in the log (and a red INVALID_INPUT ring), and nothing sent to the device', async () => {
  await loadFlow(sim, [
    watchNode({ interval: 0.5 }),
    watchNode({ id: 'watch2', containers: 'web, -x' }),
    watchNode({ id: 'watch3', device: '' }),
  ]);
  await new Promise((r) => setTimeout(r, 1500));
  const log = logText();
  expect(log).toMatch(/INVALID_INPUT: the watch interval must be at least 1 s/);
  expect(log).toMatch(/INVALID_INPUT: container name in the watch list/);
  expect(log).toMatch(/INVALID_INPUT: No SecureEdge device is configured/);
  expect(sim.control.requests).toEqual([]);
});

test('nothing polls after the flow stops', async () => {
  const seen = await loadFlow(sim, [watchNode()]);
  await nextPoll(seen);
  await unloadAndScan();
  unloaded = true;
  const count = sim.control.requests.length;
  await new Promise((r) => setTimeout(r, 2500));
  expect(sim.control.requests.length).toBe(count);
});
