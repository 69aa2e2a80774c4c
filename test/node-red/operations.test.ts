/**
 * Each operation node against the simulator, in Node-RED 5's runtime: what it sends on
 * (the same msg, payload set, other properties kept), what the device did, and the badges.
 */
import type { RunningSimulator } from '../../simulator';
import { inject, loadFlow, op, type Msg } from './harness';
import { seedContainers, stateOf } from './seed';
import { deviceEachTest } from './one-device';

let sim: RunningSimulator;
deviceEachTest((s) => (sim = s));

test('list images: the device registry as payload; the msg object itself goes on with its other properties', async () => {
  const seen = await loadFlow(sim, [op('list-images')]);
  const sent: Msg = { topic: 'inventory', payload: 'trigger', keep: { a: 1 } };
  inject('op1', sent);
  const out = await seen.nextOut();
  expect(out).toBe(sent);
  expect(out.topic).toBe('inventory');
  expect(out.keep).toEqual({ a: 1 });
  expect(out.payload).toEqual(sim.control.images().map((i) => ({ name: i.name, tag: i.tag })));
  expect(seen.badges()).toEqual(
    [
      { fill: 'blue', shape: 'dot', text: 'listing images', source: expect.anything() },
      { fill: 'green', shape: 'dot', text: `${sim.control.images().length} images`, source: expect.anything() },
    ].map(({ source, ...b }) => expect.objectContaining(b)),
  );
});

test('image details: size and platforms of the image named in the node', async () => {
  const seen = await loadFlow(sim, [op('image-details', { image: 'eclipse-mosquitto', imageType: 'str', tag: '2', tagType: 'str' })]);
  inject('op1', {});
  const out = await seen.nextOut();
  const img = sim.control.images().find((i) => i.name === 'eclipse-mosquitto')!;
  expect(out.payload).toMatchObject({ name: 'eclipse-mosquitto', tag: '2', size: img.size, platforms: img.platforms, error: null });
  expect(seen.badges().at(-1)).toMatchObject({ fill: 'green', text: `${(img.size / 1e6).toFixed(1)} MB` });
});

test('list containers, with and without each running state', async () => {
  await seedContainers(sim, ['alpha', 'beta']);
  sim.control.setContainerState('beta', 'running');
  const seen = await loadFlow(sim, [op('list-containers'), op('list-containers', { includeStatus: true }, 'op2')]);
  inject('op1', {});
  const plain = await seen.nextOut();
  inject('op2', {});
  const withState = await seen.nextOut(2);
  const names = sim.control
    .containers()
    .map((c) => c.name)
    .sort();
  expect(plain.payload.map((c: Msg) => c.name).sort()).toEqual(names);
  expect(plain.payload[0].running_state).toBeUndefined();
  const states = Object.fromEntries(withState.payload.map((c: Msg) => [c.name, c.running_state]));
  expect(states).toEqual(Object.fromEntries(sim.control.containers().map((c) => [c.name, c.state])));
  expect(seen.badges('op2').at(-1)).toMatchObject({ fill: 'green', text: '2 containers' });
});

test('container status: the running state, green dot when running and green ring when not', async () => {
  await seedContainers(sim, ['web', 'idle']);
  sim.control.setContainerState('web', 'running');
  const seen = await loadFlow(sim, [op('container-status')]);
  inject('op1', { container: 'web' });
  expect((await seen.nextOut()).payload).toEqual({ name: 'web', running_state: 'running' });
  expect(seen.badges().at(-1)).toMatchObject({ fill: 'green', shape: 'dot', text: 'running' });
  inject('op1', { container: 'idle' });
  expect((await seen.nextOut(2)).payload).toEqual({ name: 'idle', running_state: stateOf(sim, 'idle') });
  expect(seen.badges().at(-1)).toMatchObject({ fill: 'green', shape: 'ring', text: stateOf(sim, 'idle') });
});

test('container configuration: as the device reports it (bridge added, image env merged)', async () => {
  await seedContainers(sim, ['web'], { volumes: { web: 'web-data' } });
  const seen = await loadFlow(sim, [op('container-configuration')]);
  inject('op1', { container: 'web' });
  const out = await seen.nextOut();
  expect(out.payload.container).toEqual({ name: 'web' });
  expect(out.payload.image).toEqual({ name: 'nginx', tag: 'latest' });
  expect(out.payload.volumes).toEqual([{ name: 'web-data', destination: '/data' }]);
  expect(out.payload.networks.map((n: Msg) => n.name)).toContain('bridge');
  const imageEnv = sim.control.images().find((i) => i.name === 'nginx')!.environment;
  expect(out.payload.environment_variables).toEqual(expect.arrayContaining(imageEnv));
  expect(seen.badges().at(-1)).toMatchObject({ fill: 'green', text: 'nginx:latest' });
});

test('start, stop and remove change the container on the device, each with its badge', async () => {
  await seedContainers(sim, ['web']);
  const seen = await loadFlow(sim, [
    op('start-container', {}, 'start'),
    op('stop-container', {}, 'stop'),
    op('remove-container', {}, 'remove'),
  ]);
  inject('start', { container: 'web' });
  expect((await seen.nextOut(1)).payload).toMatchObject({ name: 'web', action: 'start' });
  expect(stateOf(sim, 'web')).toBe('running');
  expect(seen.badges('start').map((b) => b.text)).toEqual(['starting web', 'started']);

  inject('stop', { container: 'web' });
  expect((await seen.nextOut(2)).payload).toMatchObject({ name: 'web', action: 'stop' });
  expect(stateOf(sim, 'web')).toBe('exited');
  expect(seen.badges('stop').at(-1)).toMatchObject({ fill: 'green', text: 'stopped' });

  inject('remove', { container: 'web' });
  expect((await seen.nextOut(3)).payload).toMatchObject({ name: 'web', action: 'remove' });
  expect(stateOf(sim, 'web')).toBeUndefined();
  expect(seen.badges('remove').at(-1)).toMatchObject({ fill: 'green', text: 'removed' });
});

test('remove volume: the named volume is gone from the device', async () => {
  await seedContainers(sim, ['web'], { volumes: { web: 'web-data' } });
  const client = new (await import('../../core')).SecureEdgeClient({ url: sim.url, password: sim.password });
  await client.removeContainer('web');
  await client.close();
  expect(sim.control.volumes()).toContain('web-data');
  const seen = await loadFlow(sim, [op('remove-volume')]);
  inject('op1', { volume: 'web-data' });
  expect((await seen.nextOut()).payload).toEqual({ name: 'web-data', action: 'remove-volume' });
  expect(sim.control.volumes()).not.toContain('web-data');
});

test('wait for state: waits until the device shows the state, with the node setting or msg.state', async () => {
  await seedContainers(sim, ['web']);
  sim.control.setOptions({ startDelayMs: 300 });
  const seen = await loadFlow(sim, [
    op('start-container', { wires: [['wait']] }, 'start'),
    op('wait-for-state', { state: 'running', timeout: 10 }, 'wait'),
    op('wait-for-state', { state: 'msg', timeout: 10 }, 'wait-msg'),
  ]);
  inject('start', { container: 'web' });
  const out = await seen.nextOut();
  // The API's running_state as the API names it; how long the wait took under a name that says so.
  expect(Object.keys(out.payload).sort()).toEqual(['name', 'running_state', 'waitedForStateMs']);
  expect(out.payload).toMatchObject({ name: 'web', running_state: 'running', waitedForStateMs: expect.any(Number) });
  expect(stateOf(sim, 'web')).toBe('running');
  expect(seen.badges('wait')[0]).toMatchObject({ fill: 'blue', text: 'waiting web' });

  inject('wait-msg', { container: 'web', state: ['exited', 'running'] });
  expect((await seen.nextOut(2)).payload).toMatchObject({ name: 'web', running_state: 'running' });
});
