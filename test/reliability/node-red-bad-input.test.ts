/**
 * The generated bad-input corpus through Node-RED's door: values in msg properties and in
 * msg.payload specs, and values set in the create node's own dialog. Each one fails its message
 * with INVALID_INPUT naming the field, a Catch node gets it, and not a single request (not even a
 * login) reaches the device.
 *
 * One Node-RED-specific rule: a target read from msg may be a finite number, which Node-RED's
 * typedInputs hand over for "num" values, and becomes its text ("42" is a valid name). So finite
 * numbers are not bad values at this door; everything else in the corpus is.
 */
import type { RunningSimulator } from '../../simulator';
import { helper, inject, loadFlow, op, unloadAndScan, type FlowNode, type Msg } from '../node-red/harness';
import * as corpus from '../support/bad-input-corpus';
import { NGINX_SPEC } from '../support/client';
import { startTestSimulator } from '../support/simulator';

let sim: RunningSimulator;
let checked = 0;
beforeAll(async () => {
  await helper.startServer();
  sim = await startTestSimulator();
});
afterEach(() => unloadAndScan());
afterAll(async () => {
  await helper.stopServer();
  console.log(`Node-RED door: ${checked} bad values rejected before any request`);
  // Not one bad value reached the device: no request at all, not even a login.
  expect(checked).toBeGreaterThan(500);
  expect(sim.control.requests).toHaveLength(0);
  await sim.close();
});

const notFiniteNumber = (v: unknown) => !(typeof v === 'number' && Number.isFinite(v));

interface Send {
  node: string;
  msg: Msg;
  /** The field the error must name (msg.error.cause.field). */
  field: RegExp;
  label: string;
}

/** Load the nodes, send every msg, and check each one was caught as INVALID_INPUT naming its field. */
async function expectAllRejected(nodes: FlowNode[], sends: Send[]): Promise<void> {
  const seen = await loadFlow(sim, nodes);
  const sent = sends.map((s) => ({ ...s, id: inject(s.node, s.msg)._msgid as string }));
  await seen.until(`${sends.length} caught`, () => seen.caught.length + seen.out.length >= sends.length, 30_000);
  expect(seen.out).toEqual([]);
  const byId = new Map(seen.caught.map((c) => [c._msgid as string, c]));
  for (const s of sent) {
    const caught = byId.get(s.id);
    expect([s.label, caught?.error?.code]).toEqual([s.label, 'INVALID_INPUT']);
    expect([s.label, caught!.error.cause?.field]).toEqual([s.label, expect.stringMatching(s.field)]);
    expect(caught!.error.message).toMatch(/^INVALID_INPUT: .+Nothing was sent to the device\.$/s);
    checked++;
  }
  // Every node shows the failure on its badge too.
  const ids = [...new Set(sends.map((s) => s.node))];
  await seen.until('red INVALID_INPUT badges', () => ids.every((id) => seen.badges(id).at(-1)?.text === 'INVALID_INPUT'));
  for (const id of ids) expect(seen.badges(id).at(-1)).toMatchObject({ fill: 'red', text: 'INVALID_INPUT' });
}

test('bad container names in msg.container, through every node that takes one', async () => {
  const types = ['container-status', 'container-configuration', 'start-container', 'stop-container', 'remove-container', 'wait-for-state'];
  const nodes = types.map((t) => op(t, t === 'wait-for-state' ? { state: 'running' } : {}, t));
  const sends = corpus
    .badDockerNames()
    .filter(notFiniteNumber)
    .flatMap((name) =>
      types.map((t) => ({ node: t, msg: { container: name }, field: /^container( name)?$/, label: `${t} ${corpus.show(name)}` })),
    );
  await expectAllRejected(nodes, sends);
});

test('bad volume names, image names and tags in msg', async () => {
  const nodes = [op('remove-volume', {}, 'vol'), op('image-details', {}, 'img')];
  const sends: Send[] = [
    ...corpus
      .badDockerNames()
      .filter(notFiniteNumber)
      .map((volume) => ({ node: 'vol', msg: { volume }, field: /^volume( name)?$/, label: `volume ${corpus.show(volume)}` })),
    ...corpus
      .badImageNames()
      .filter(notFiniteNumber)
      .map((image) => ({ node: 'img', msg: { image, tag: 'latest' }, field: /^image( name)?$/, label: `image ${corpus.show(image)}` })),
    ...corpus
      .badTags()
      .filter(notFiniteNumber)
      .map((tag) => ({ node: 'img', msg: { image: 'nginx', tag }, field: /^(tag|image tag)$/, label: `tag ${corpus.show(tag)}` })),
  ];
  await expectAllRejected(nodes, sends);
});

test('bad specs in msg.payload, for create and redeploy: ports, protocols, env keys, paths, names, shapes and sizes', async () => {
  const nodes = [op('create-container', { specSource: 'msg' }, 'create'), op('redeploy', { specSource: 'msg' }, 'redeploy')];
  const spec = (patch: Record<string, unknown>) => ({ ...NGINX_SPEC, ...patch });
  const cases: Array<{ payload: unknown; field: RegExp; label: string }> = [
    ...corpus.badPorts().flatMap((p) => [
      {
        payload: spec({ ports: [{ source: p, destination: 8080, protocol: 'tcp' }] }),
        field: /ports\[0\]\.source$/,
        label: `source ${corpus.show(p)}`,
      },
      {
        payload: spec({ ports: [{ source: 80, destination: p, protocol: 'tcp' }] }),
        field: /ports\[0\]\.destination$/,
        label: `destination ${corpus.show(p)}`,
      },
    ]),
    ...corpus.badProtocols().map((protocol) => ({
      payload: spec({ ports: [{ source: 80, destination: 8080, protocol }] }),
      field: /ports\[0\]\.protocol$/,
      label: `protocol ${corpus.show(protocol)}`,
    })),
    ...corpus.badEnvKeys().map((key) => ({
      payload: spec({ environment_variables: [{ key, value: 'x' }] }),
      field: /environment_variables\[0\]\.key$/,
      label: `env key ${corpus.show(key)}`,
    })),
    ...corpus.badContainerPaths().map((destination) => ({
      payload: spec({ volumes: [{ name: 'data', destination }] }),
      field: /volumes\[0\]\.destination$/,
      label: `path ${corpus.show(destination)}`,
    })),
    ...corpus
      .badDockerNames()
      .map((name) => ({ payload: spec({ container: { name } }), field: /container\.name$/, label: `spec name ${corpus.show(name)}` })),
    ...corpus.badSpecs().map(({ label, spec: payload }) => ({ payload, field: /^(payload|container spec.*)$/, label })),
  ];
  const sends = cases.flatMap((c) =>
    ['create', 'redeploy'].map((node) => ({ node, msg: { payload: c.payload }, field: c.field, label: `${node}: ${c.label}` })),
  );
  await expectAllRejected(nodes, sends);
});

test("bad values set in the create node's own dialog (ports, protocols, env keys)", async () => {
  const base = { container: 'web', containerType: 'str', image: 'nginx', imageType: 'str', tag: 'latest', tagType: 'str' };
  // Editors hand numbers over as text: "80" and " 80" are good in the dialog, and an empty protocol means tcp.
  const goodInDialog = (v: unknown) => typeof v === 'string' && /^\s*\d+\s*$/.test(v) && Number(v) >= 1 && Number(v) <= 65535;
  const dialogs: Array<{ props: Record<string, unknown>; field: RegExp; label: string }> = [
    ...corpus
      .badPorts()
      .filter((p) => !goodInDialog(p))
      .flatMap((p) => [
        {
          props: { ports: [{ containerPort: p, routerPort: '8080', protocol: 'tcp' }] },
          field: /ports\[0\]\.source$/,
          label: `container port ${corpus.show(p)}`,
        },
        {
          props: { ports: [{ containerPort: '80', routerPort: p, protocol: 'udp' }] },
          field: /ports\[0\]\.destination$/,
          label: `router port ${corpus.show(p)}`,
        },
      ]),
    ...corpus
      .badProtocols()
      .filter((p) => p !== '' && p !== undefined)
      .map((protocol) => ({
        props: { ports: [{ containerPort: '80', routerPort: '8080', protocol }] },
        field: /ports\[0\]\.protocol$/,
        label: `protocol ${corpus.show(protocol)}`,
      })),
    ...corpus.badEnvKeys().map((key) => ({
      props: { env: [{ key, value: 'x' }] },
      field: /environment_variables\[0\]\.key$/,
      label: `env key ${corpus.show(key)}`,
    })),
  ];
  const nodes = dialogs.map((d, i) => op('create-container', { ...base, ...d.props }, `dialog${i}`));
  await expectAllRejected(
    nodes,
    dialogs.map((d, i) => ({ node: `dialog${i}`, msg: {}, field: d.field, label: d.label })),
  );
});
