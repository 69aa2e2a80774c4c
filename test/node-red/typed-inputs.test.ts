/**
 * Targets as typedInputs: every type (str, msg, flow, global, env, jsonata) for every target
 * (container, image, tag, volume), and the precedence the help text promises: the node's own
 * setting wins over the msg; left to msg (or a text left empty), msg.<target> is read.
 */
import type { RunningSimulator } from '../../simulator';
import { startTestSimulator } from '../support/simulator';
import { helper, inject, loadFlow, op, tab, unloadAndScan, type Msg } from './harness';
import { seedContainers } from './seed';

let sim: RunningSimulator;
beforeAll(async () => {
  await helper.startServer();
  sim = await startTestSimulator();
  await seedContainers(sim, ['web', 'api', 'from-msg', 'from-flow', 'from-global', 'from-env', 'from-jsonata']);
});
afterEach(unloadAndScan);
afterAll(async () => {
  await helper.stopServer();
  await sim.close();
});

/** Each way of naming container `expected`, with the msg it is sent (which always names a decoy in msg.container). */
const containerCases: Array<{ type: string; value: string; expected: string; msg?: Msg }> = [
  { type: 'str', value: 'web', expected: 'web' },
  { type: 'msg', value: 'target.name', expected: 'from-msg', msg: { target: { name: 'from-msg' } } },
  { type: 'flow', value: 'app', expected: 'from-flow' },
  { type: 'global', value: 'app', expected: 'from-global' },
  { type: 'env', value: 'SE_CONTAINER', expected: 'from-env' },
  { type: 'jsonata', value: '"from-" & suffix', expected: 'from-jsonata', msg: { suffix: 'jsonata' } },
];

test.each(containerCases)(
  'container from $type: the node reads $expected and ignores msg.container',
  async ({ type, value, expected, msg }) => {
    const seen = await loadFlow(sim, [op('container-status', { container: value, containerType: type })], {
      tab: tab({ env: [{ name: 'SE_CONTAINER', value: 'from-env', type: 'str' }] }),
    });
    helper.getNode('op1').context().flow.set('app', 'from-flow');
    helper.getNode('op1').context().global.set('app', 'from-global');
    inject('op1', { container: 'api', ...msg });
    const out = await seen.nextOut();
    expect(out.payload.name).toBe(expected);
    expect(out.container).toBe('api'); // the msg is passed on as it came, payload aside
  },
);

test('a container left to msg, or an empty text, is read from msg.container', async () => {
  const seen = await loadFlow(sim, [
    op('container-status', { container: 'container', containerType: 'msg' }, 'default'),
    op('container-status', { container: '', containerType: 'str' }, 'empty'),
  ]);
  inject('default', { container: 'web' });
  inject('empty', { container: 'api' });
  await seen.until('two outputs', () => seen.out.length === 2);
  expect(seen.out.map((m) => m.payload.name).sort()).toEqual(['api', 'web']);
});

test('image and tag from every type; a numeric tag from JSON or JSONata is used as text', async () => {
  const cases: Array<[string, string, string, string, Msg]> = [
    ['str', 'eclipse-mosquitto', 'str', '2', {}],
    ['msg', 'image', 'msg', 'tag', { image: 'eclipse-mosquitto', tag: 2 }],
    ['flow', 'img', 'flow', 'tag', {}],
    ['global', 'img', 'global', 'tag', {}],
    ['env', 'SE_IMAGE', 'env', 'SE_TAG', {}],
    ['jsonata', '"eclipse-" & "mosquitto"', 'jsonata', '1 + 1', {}],
  ];
  const nodes = cases.map(([imageType, image, tagType, tag], i) => op('image-details', { image, imageType, tag, tagType }, `op${i}`));
  const seen = await loadFlow(sim, nodes, {
    tab: tab({
      env: [
        { name: 'SE_IMAGE', value: 'eclipse-mosquitto', type: 'str' },
        { name: 'SE_TAG', value: '2', type: 'str' },
      ],
    }),
  });
  helper.getNode('op0').context().flow.set('img', 'eclipse-mosquitto');
  helper.getNode('op0').context().flow.set('tag', '2');
  helper.getNode('op0').context().global.set('img', 'eclipse-mosquitto');
  helper.getNode('op0').context().global.set('tag', 2);
  cases.forEach(([, , , , msg], i) => inject(`op${i}`, { image: 'nginx', tag: 'latest', ...msg }));
  await seen.until('one output per type', () => seen.out.length === cases.length);
  expect(seen.caught).toEqual([]);
  for (const out of seen.out) expect(out.payload).toMatchObject({ name: 'eclipse-mosquitto', tag: '2' });
});

test('volume from every type: each removes the volume it names, not msg.volume', async () => {
  const volumes = ['v-str', 'v-msg', 'v-flow', 'v-global', 'v-env', 'v-jsonata'];
  const { SecureEdgeClient } = await import('../../core');
  const client = new SecureEdgeClient({ url: sim.url, password: sim.password });
  for (const v of [...volumes, 'decoy']) {
    await client.createContainer({
      container: { name: `holder-${v}` },
      image: { name: 'nginx', tag: 'latest' },
      volumes: [{ name: v, destination: '/d' }],
    });
    await client.removeContainer(`holder-${v}`);
  }
  await client.close();
  const settings: Array<[string, string, Msg]> = [
    ['str', 'v-str', {}],
    ['msg', 'payload', { payload: 'v-msg' }],
    ['flow', 'vol', {}],
    ['global', 'vol', {}],
    ['env', 'SE_VOLUME', {}],
    ['jsonata', '"v-" & kind', { kind: 'jsonata' }],
  ];
  const seen = await loadFlow(
    sim,
    settings.map(([volumeType, volume], i) => op('remove-volume', { volume, volumeType }, `op${i}`)),
    { tab: tab({ env: [{ name: 'SE_VOLUME', value: 'v-env', type: 'str' }] }) },
  );
  helper.getNode('op0').context().flow.set('vol', 'v-flow');
  helper.getNode('op0').context().global.set('vol', 'v-global');
  for (const [i, [, , msg]] of settings.entries()) {
    inject(`op${i}`, { volume: 'decoy', ...msg });
    await seen.nextOut(i + 1);
  }
  expect(seen.out.map((m) => m.payload.name)).toEqual(volumes);
  expect(sim.control.volumes()).toEqual(['decoy']);
});

test('the node setting wins over the msg for create: fixed name, image and tag are used, msg values ignored', async () => {
  const seen = await loadFlow(sim, [
    op('create-container', {
      container: 'fixed-name',
      containerType: 'str',
      image: 'nginx',
      imageType: 'str',
      tag: 'latest',
      tagType: 'str',
      networks: '',
    }),
  ]);
  inject('op1', { container: 'other', image: 'eclipse-mosquitto', tag: '2' });
  const out = await seen.nextOut();
  expect(out.payload).toMatchObject({ name: 'fixed-name', image: 'nginx:latest' });
  expect(sim.control.containers().find((c) => c.name === 'fixed-name')).toMatchObject({ image: 'nginx', tag: 'latest' });
  expect(sim.control.containers().find((c) => c.name === 'other')).toBeUndefined();
});
