/**
 * The generated bad-input corpus through n8n's door: each bad value arrives as an item and is
 * read by the SecureEdge node's parameters through expressions, as in a real workflow. With
 * Continue On Fail, every item comes out as an INVALID_INPUT error item naming the field; the
 * device receives no request at all, not even a login.
 *
 * n8n-specific rules (the node's documented reading of parameters, not leniency in core): a name
 * or tag is trimmed, and a finite number becomes its text. Values that these turn into good ones
 * (' web', 42) are left out at this door; everything else in the corpus is in.
 */
import type { INodeExecutionData } from 'n8n-workflow';
import type { RunningSimulator } from '../../simulator';
import { byName, N8nHarness } from '../n8n/harness';
import * as corpus from '../support/bad-input-corpus';
import { NGINX_SPEC } from '../support/client';
import { startTestSimulator } from '../support/simulator';

let sim: RunningSimulator;
let n8n: N8nHarness;
let checked = 0;
beforeAll(async () => {
  sim = await startTestSimulator();
  n8n = await N8nHarness.create();
  n8n.addDevice(sim);
});
afterAll(async () => {
  console.log(`n8n door: ${checked} bad values rejected before any request`);
  expect(checked).toBeGreaterThan(500);
  expect(sim.control.requests).toHaveLength(0);
  await sim.close();
});

// The rules, restated here (not imported from core) so that a loosened schema is caught.
const GOOD_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;
const GOOD_IMAGE = /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/;
const GOOD_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/** Bad at this door: not a finite number, and not made good by trimming. */
const badHere = (good: RegExp) => (v: unknown) =>
  !(typeof v === 'number' && Number.isFinite(v)) && !(typeof v === 'string' && good.test(v.trim()));

/** Run one node over one item per value (Continue On Fail) and check every item is an INVALID_INPUT naming `field`. */
async function expectAllRejected(label: string, parameters: Record<string, unknown>, items: object[], field: RegExp): Promise<void> {
  const result = await n8n.run(items, [{ parameters, continueOnFail: true }]);
  const out: INodeExecutionData[] = result.output('SecureEdge') ?? [];
  expect([label, out.length]).toEqual([label, items.length]);
  out.forEach((item, i) => {
    const what = `${label} #${i} ${corpus.show(Object.values(items[i])[0])}`;
    expect([what, item.json.details]).toEqual([
      what,
      expect.objectContaining({ code: 'INVALID_INPUT', field: expect.stringMatching(field) }),
    ]);
    expect([what, item.json.error]).toEqual([what, expect.stringMatching(/^Invalid input: .+Nothing was sent to the device\.$/s)]);
    expect((item.pairedItem as { item: number }).item).toBe(i);
    checked++;
  });
}

test('bad container names, through every operation that takes one', async () => {
  const items = corpus
    .badDockerNames()
    .filter(badHere(GOOD_NAME))
    .map((v) => ({ v }));
  for (const operation of ['getStatus', 'getConfiguration', 'start', 'stop', 'remove', 'waitForState']) {
    await expectAllRejected(
      operation,
      { resource: 'container', operation, containerName: byName('={{ $json.v }}'), states: ['running'] },
      items,
      /^container name$/,
    );
  }
});

test('bad volume names, image names and tags', async () => {
  await expectAllRejected(
    'volume',
    { resource: 'volume', operation: 'remove', volumeName: '={{ $json.v }}' },
    corpus
      .badDockerNames()
      .filter(badHere(GOOD_NAME))
      .map((v) => ({ v })),
    /^volume name$/,
  );
  await expectAllRejected(
    'image',
    { resource: 'image', operation: 'getDetails', imageName: byName('={{ $json.v }}'), imageTag: byName('latest') },
    corpus
      .badImageNames()
      .filter(badHere(GOOD_IMAGE))
      .map((v) => ({ v })),
    /^image name$/,
  );
  await expectAllRejected(
    'tag',
    { resource: 'image', operation: 'getDetails', imageName: byName('nginx'), imageTag: byName('={{ $json.v }}') },
    corpus
      .badTags()
      .filter(badHere(GOOD_TAG))
      .map((v) => ({ v })),
    /^image tag$/,
  );
});

test('bad specs as JSON, for create and redeploy: ports, protocols, env keys, paths, names', async () => {
  const spec = (patch: Record<string, unknown>) => ({ spec: { ...NGINX_SPEC, ...patch } });
  const groups: Array<[string, object[], RegExp]> = [
    ['source', corpus.badPorts().map((p) => spec({ ports: [{ source: p, destination: 8080, protocol: 'tcp' }] })), /ports\[0\]\.source$/],
    [
      'destination',
      corpus.badPorts().map((p) => spec({ ports: [{ source: 80, destination: p, protocol: 'tcp' }] })),
      /ports\[0\]\.destination$/,
    ],
    [
      'protocol',
      corpus.badProtocols().map((protocol) => spec({ ports: [{ source: 80, destination: 8080, protocol }] })),
      /ports\[0\]\.protocol$/,
    ],
    [
      'env key',
      corpus.badEnvKeys().map((key) => spec({ environment_variables: [{ key, value: 'x' }] })),
      /environment_variables\[0\]\.key$/,
    ],
    [
      'path',
      corpus.badContainerPaths().map((destination) => spec({ volumes: [{ name: 'data', destination }] })),
      /volumes\[0\]\.destination$/,
    ],
    ['name', corpus.badDockerNames().map((name) => spec({ container: { name } })), /container\.name$/],
    [
      'whole spec',
      corpus
        .badSpecs()
        .filter(({ spec: s }) => typeof s === 'object' && s !== null && !Array.isArray(s))
        .map(({ spec: s }) => ({ spec: s })),
      /^container spec/,
    ],
  ];
  for (const operation of ['create', 'redeploy']) {
    for (const [label, items, field] of groups) {
      await expectAllRejected(
        `${operation} ${label}`,
        { resource: 'container', operation, specMode: 'json', specJson: '={{ $json.spec }}' },
        items,
        field,
      );
    }
  }
});

test("bad values in the create node's fields (ports, protocols, env keys)", async () => {
  const fields = {
    resource: 'container',
    operation: 'create',
    specMode: 'fields',
    containerName: 'web',
    imageName: byName('nginx'),
    imageTag: byName('latest'),
    networks: 'machine-builder',
  };
  // Editors hand numbers over as text: whole-number text in range is good in the fields, and an empty protocol means tcp.
  const goodInFields = (v: unknown) => typeof v === 'string' && /^\s*\d+\s*$/.test(v) && Number(v) >= 1 && Number(v) <= 65535;
  const ports = corpus.badPorts().filter((p) => !goodInFields(p) && p !== undefined);
  await expectAllRejected(
    'container port',
    { ...fields, ports: { port: [{ containerPort: '={{ $json.v }}', routerPort: 8080, protocol: 'tcp' }] } },
    ports.map((v) => ({ v })),
    /^Ports, row 1: Container Port$/,
  );
  await expectAllRejected(
    'router port',
    { ...fields, ports: { port: [{ containerPort: 80, routerPort: '={{ $json.v }}', protocol: 'udp' }] } },
    ports.map((v) => ({ v })),
    /^Ports, row 1: Router Port$/,
  );
  await expectAllRejected(
    'protocol',
    { ...fields, ports: { port: [{ containerPort: 80, routerPort: 8080, protocol: '={{ $json.v }}' }] } },
    corpus
      .badProtocols()
      .filter((p) => p !== '' && p !== undefined && p !== null)
      .map((v) => ({ v })),
    /^Ports, row 1: Protocol$/,
  );
  await expectAllRejected(
    'env key',
    { ...fields, environmentVariables: { variable: [{ key: '={{ $json.v }}', value: 'x' }] } },
    corpus
      .badEnvKeys()
      .filter((k) => !(typeof k === 'string' && k.trim() !== '' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(k.trim())))
      .map((v) => ({ v })),
    /^Environment Variables, row 1: Key$/,
  );
});
