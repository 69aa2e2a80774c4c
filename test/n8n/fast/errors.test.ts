/**
 * Errors as n8n shows them: Continue On Fail puts a coded error on the bad item and goes on;
 * otherwise the node fails with NodeApiError (the device or network) or NodeOperationError (bad
 * input, nothing sent), with the item's index and core's message.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { byName, N8nHarness, type Step } from '../harness';
import type { RunningSimulator } from '../../../simulator';
import { startTestSimulator } from '../../support/simulator';

let sim: RunningSimulator;
let n8n: N8nHarness;

beforeAll(async () => {
  sim = await startTestSimulator();
  n8n = await N8nHarness.create();
  n8n.addDevice(sim);
  await n8n.run(
    [{}],
    [
      {
        parameters: {
          resource: 'container',
          operation: 'create',
          specMode: 'json',
          specJson: JSON.stringify({ container: { name: 'web' }, image: { name: 'nginx', tag: 'latest' } }),
        },
      },
    ],
  );
});
afterAll(() => sim.close());

const statusOf = (continueOnFail: boolean, options: object = {}): Step => ({
  parameters: { resource: 'container', operation: 'getStatus', containerName: byName('={{ $json.name }}'), options },
  continueOnFail,
});
const MIXED = [{ name: 'web' }, { name: 'missing' }, { name: 'not a name!' }, { name: 'web' }];

test('Continue On Fail: a bad item among good ones gets its coded error, the others their result', async () => {
  const result = await n8n.run(MIXED, [statusOf(true)]);
  const items = result.output('SecureEdge')!;
  expect(items.map((i) => (i.pairedItem as { item: number }).item)).toEqual([0, 1, 2, 3]);
  expect(items[0].json).toEqual({ name: 'web', running_state: 'created' });
  expect(items[3].json).toEqual({ name: 'web', running_state: 'created' });
  // The input's fields are kept, as n8n keeps them on the error output.
  expect(items[1].json).toEqual({
    name: 'missing',
    error: expect.stringContaining("Container 'missing' was not found on the device"),
    details: { code: 'NOT_FOUND', status: 404, method: 'GET', path: '/api/v1/docker/containers/missing/status' },
  });
  expect(items[2].json).toEqual({
    name: 'not a name!',
    error: expect.stringContaining('Nothing was sent to the device'),
    details: { code: 'INVALID_INPUT', field: 'container name' },
  });
  expect(result.error('SecureEdge')).toBeUndefined();
});

test('Continue On Fail with items in parallel keeps the input order', async () => {
  const result = await n8n.run(MIXED, [statusOf(true, { concurrency: 4 })]);
  const outcome = (json: Record<string, unknown>) => (json.details as { code?: string } | undefined)?.code ?? json.running_state;
  expect(result.output('SecureEdge')!.map((i) => outcome(i.json))).toEqual(['created', 'NOT_FOUND', 'INVALID_INPUT', 'created']);
});

test('without Continue On Fail the node stops at the first bad item with a NodeApiError for it', async () => {
  sim.control.clearRequests();
  const result = await n8n.run(MIXED, [statusOf(false)]);
  const error = result.error('SecureEdge')!;
  expect(error.name).toBe('NodeApiError');
  expect(error.context.itemIndex).toBe(1);
  expect(error.message).toContain("Container 'missing' was not found on the device (HTTP 404)");
  expect(result.run.data.resultData.error?.message).toBe(error.message);
  // Items after the bad one were not sent.
  expect(sim.control.requestCount({ pathPrefix: '/api/v1/docker/containers/' })).toBe(2);
});

test('bad input fails with a NodeOperationError before anything is sent', async () => {
  sim.control.clearRequests();
  const result = await n8n.run([{ name: 'not a name!' }], [statusOf(false)]);
  const error = result.error('SecureEdge')!;
  expect(error.name).toBe('NodeOperationError');
  expect(error.context.itemIndex).toBe(0);
  expect(error.message).toMatch(/^Invalid input: container name/);
  expect((error as unknown as { code: string }).code).toBe('INVALID_INPUT');
  expect(sim.control.requests).toHaveLength(0);
});

test('a Container Spec that is not JSON says so, with no device request', async () => {
  sim.control.clearRequests();
  const result = await n8n.run(
    [{}],
    [{ parameters: { resource: 'container', operation: 'create', specMode: 'json', specJson: '{"container": {"name": "x"},' } }],
  );
  expect(result.error('SecureEdge')!.message).toMatch(/^Container Spec \(JSON\) is not valid JSON/);
  expect(sim.control.requests).toHaveLength(0);
});

test("a wrong password fails with the device's refusal and a hint, never the password", async () => {
  const wrong = n8n.addDevice(sim, { password: 'not-the-sticker' });
  const result = await n8n.run([{}], [{ parameters: { resource: 'image', operation: 'getAll', returnAll: true }, credential: wrong }]);
  const error = result.error('SecureEdge')!;
  expect(error.name).toBe('NodeApiError');
  expect(error.message).toMatch(/The device refused the login for user 'admin' \(HTTP 401\)/);
  // The hint adds where to fix it instead of repeating the headline's "check the password".
  expect(error.description).toMatch(/^The password is set in the SecureEdge credential\. Request: POST \/auth\/login \(HTTP 401\)\.$/);
  expect(JSON.stringify(result.run)).not.toContain('not-the-sticker');
});

test('a refused login says the login was sent; the next item, refused from memory, that nothing was', async () => {
  sim.control.clearRequests();
  const wrong = n8n.addDevice(sim, { password: 'not-the-sticker-either' });
  const step = { parameters: { resource: 'image', operation: 'getAll', returnAll: true }, credential: wrong };
  const result = await n8n.run([{}, {}], [{ ...step, onError: 'continueRegularOutput' as const }]);
  const [live, remembered] = result.output('SecureEdge')!.map((i) => i.json.details as Record<string, unknown>);
  // sent: the operation's own request (the image list) was not carried out; loginSent: a login went out now.
  expect(live).toMatchObject({ code: 'AUTH_FAILED', method: 'POST', path: '/auth/login', status: 401, sent: false, loginSent: true });
  expect(live).not.toHaveProperty('remembered');
  expect(remembered).toMatchObject({ code: 'AUTH_FAILED', sent: false, loginSent: false, remembered: true });
  expect(sim.control.loginCount()).toBe(1);
  // The same in the error output.
  const viaErrorOutput = await n8n.run([{}], [{ ...step, onError: 'continueErrorOutput' as const }]);
  expect(viaErrorOutput.outputs('SecureEdge')![1]![0].json.details).toMatchObject({ sent: false, loginSent: false, remembered: true });
});

describe('a device that cannot be reached', () => {
  let closedPort: number;
  beforeAll(async () => {
    const probe: Server = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    closedPort = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
  });

  test("the message names the URL (n8n's generic ECONNREFUSED text does not replace it)", async () => {
    const url = `http://127.0.0.1:${closedPort}`;
    const gone = n8n.addDevice({ url });
    const result = await n8n.run([{}], [{ parameters: { resource: 'container', operation: 'getAll', returnAll: true }, credential: gone }]);
    const error = result.error('SecureEdge')!;
    expect(error.name).toBe('NodeApiError');
    expect(error.message).toContain(`the device at ${url} did not answer`);
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.description).toBe('The URL is set in the SecureEdge credential. Request: POST /auth/login.');
  });
});

test('Timeout bounds each answer: a device slower than it gives a TIMEOUT error item', async () => {
  sim.control.setFaults({ latencyMs: 1500 });
  try {
    const result = await n8n.run([{ name: 'web' }], [statusOf(true, { timeout: 1 })]);
    const [item] = result.output('SecureEdge')!;
    expect(item.json.details).toMatchObject({ code: 'TIMEOUT' });
  } finally {
    sim.control.clearFaults();
  }
});

test('On Error "Continue (using error output)": bad items go to the error output with their input, good ones stay', async () => {
  const result = await n8n.run(MIXED, [{ ...statusOf(false), onError: 'continueErrorOutput' }]);
  const [success, failed] = result.outputs('SecureEdge')!;
  expect(success!.map((i) => (i.pairedItem as { item: number }).item)).toEqual([0, 3]);
  expect(success!.map((i) => i.json.running_state)).toEqual(['created', 'created']);
  expect(failed!.map((i) => (i.pairedItem as { item: number }).item)).toEqual([1, 2]);
  // n8n merges the input item's fields into an error item, so a notification can name the container.
  expect(failed!.map((i) => [i.json.name, (i.json.details as { code: string }).code])).toEqual([
    ['missing', 'NOT_FOUND'],
    ['not a name!', 'INVALID_INPUT'],
  ]);
  expect(failed![0].json.error).toContain("Container 'missing' was not found");
});

describe('one error shape whatever the On Error setting', () => {
  const MODES = [
    {
      mode: 'continueRegularOutput',
      run: (items: object[], step: Step) => n8n.run(items, [{ ...step, onError: 'continueRegularOutput' as const }]),
    },
    {
      mode: 'continueErrorOutput',
      run: (items: object[], step: Step) => n8n.run(items, [{ ...step, onError: 'continueErrorOutput' as const }]),
    },
  ];
  /** The error item of a Continue mode: the regular output's only item, or the error output's. */
  async function errorItemIn(mode: string, items: object[], step: Step) {
    const result = await MODES.find((m) => m.mode === mode)!.run(items, step);
    const outputs = result.outputs('SecureEdge')!;
    return (mode === 'continueErrorOutput' ? outputs[1] : outputs[0])![0].json;
  }
  let closedUrl: string;
  beforeAll(async () => {
    const probe: Server = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    closedUrl = `http://127.0.0.1:${(probe.address() as AddressInfo).port}`;
    await new Promise((resolve) => probe.close(resolve));
  });

  const CASES = [
    { what: 'a device error', code: 'NOT_FOUND', item: { name: 'missing' }, step: () => statusOf(false) },
    { what: 'bad input', code: 'INVALID_INPUT', item: { name: '../x' }, step: () => statusOf(false) },
    {
      what: 'an unreachable device',
      code: 'NETWORK',
      item: { name: 'web' },
      step: () => ({ ...statusOf(false), credential: n8n.addDevice({ url: closedUrl }) }),
    },
  ];

  test.each(CASES)(
    "$what: details.code in both Continue modes with the input kept, and code on the stopped node's error",
    async ({ code, item, step }) => {
      const regular = await errorItemIn('continueRegularOutput', [item], step());
      const errorOutput = await errorItemIn('continueErrorOutput', [item], step());
      // Same shape in both modes (the wording may differ: the second call meets the pool's memory of the outage).
      const shape = (json: Record<string, unknown>) => ({ keys: Object.keys(json).sort(), code: (json.details as { code?: string }).code });
      expect(shape(regular)).toEqual(shape(errorOutput));
      expect(regular).toMatchObject({ ...item, error: expect.any(String), details: { code } });
      expect(errorOutput).toMatchObject({ ...item, error: expect.any(String), details: { code } });

      const stopped = (await n8n.run([item], [step()])).error('SecureEdge')!;
      expect((stopped as unknown as { code: string }).code).toBe(code);
      // The headline is in words; the request's method and path are in the details, not the headline.
      expect(stopped.message).not.toMatch(/(GET|POST|DELETE) \/api/);
    },
  );

  test('a headline puts the request in words; the description names method and path', async () => {
    sim.control.injectOnce({ method: 'GET', path: '/api/v1/docker/containers/web/status' }, { kind: 'status', status: 500 });
    const stopped = (await n8n.run([{ name: 'web' }], [statusOf(false)])).error('SecureEdge')!;
    expect(stopped.message).toMatch(/^The device answered HTTP 500 to the status request\./);
    expect(stopped.description).toContain('Request: GET /api/v1/docker/containers/web/status (HTTP 500).');
  });
});

describe("create's fields are named as the panel shows them", () => {
  const create = (fields: Record<string, unknown>): Step => ({
    parameters: {
      resource: 'container',
      operation: 'create',
      specMode: 'fields',
      imageName: byName('nginx'),
      imageTag: byName('latest'),
      ...fields,
    },
  });

  test('Container Name accepts text or a hand-written locator, and a bad one is named "Container Name"', async () => {
    sim.control.clearRequests();
    const locator = { __rl: true, mode: 'name', value: 'has space' };
    const error = (await n8n.run([{}], [create({ containerName: locator })])).error('SecureEdge')!;
    expect(error.message).toMatch(/^Invalid input: Container Name: container name must start with a letter or digit/);
    expect(error.message).not.toContain('spec.');
    expect(sim.control.requests).toHaveLength(0);
    const made = await n8n.run([{}], [create({ containerName: { __rl: true, mode: 'name', value: 'from-locator' } })]);
    expect(made.output('SecureEdge')![0].json).toMatchObject({ name: 'from-locator', created: true });
  });

  test('an Add Port row left empty says which row and field', async () => {
    const error = (
      await n8n.run(
        [{}],
        [
          create({
            containerName: 'ports-test',
            ports: {
              port: [
                { containerPort: 80, routerPort: 8090 },
                { containerPort: null, routerPort: null, protocol: 'tcp' },
              ],
            },
          }),
        ],
      )
    ).error('SecureEdge')!;
    expect(error.message).toBe('Invalid input: Ports, row 2: Container Port is required. Nothing was sent to the device.');
  });
});
