/**
 * A create the device answers with 504 (first container of a large image): the node waits for
 * the container to appear instead of failing or creating it twice, within Create Wait.
 */
import { byName, N8nHarness } from '../harness';
import type { RunningSimulator, SeedImage } from '../../../simulator';
import { startTestSimulator } from '../../support/simulator';

const image = (name: string, createMs: number): SeedImage => ({
  name,
  tag: '1',
  size: 246_000_000,
  platforms: ['linux/arm64/v8'],
  environment: [],
  createMs,
});

let sim: RunningSimulator;
let n8n: N8nHarness;

beforeAll(async () => {
  sim = await startTestSimulator({ gatewayTimeoutMs: 150, images: [image('big', 700), image('huge', 4000)] });
  n8n = await N8nHarness.create();
  n8n.addDevice(sim);
});
afterAll(() => sim.close());

const createFrom = (name: string, img: string, extra: object = {}) => ({
  resource: 'container',
  operation: 'create',
  specMode: 'fields',
  containerName: name,
  imageName: byName(img),
  imageTag: byName('1'),
  ...extra,
});

test('a 504 is waited out: the container appears and the item says the device answered 504', async () => {
  sim.control.clearRequests();
  const result = await n8n.run([{}], [{ parameters: createFrom('node-red', 'big') }]);
  expect(result.error('SecureEdge')).toBeUndefined();
  const [item] = result.output('SecureEdge')!;
  expect(item.json).toMatchObject({ name: 'node-red', image: 'big:1', created: true, createAnswer: 504 });
  expect(item.json.waitedForCreateMs).toBeGreaterThan(0);
  expect(sim.control.containers().map((c) => c.name)).toContain('node-red');
  expect(sim.control.requestCount({ method: 'POST', pathPrefix: '/api/v1/docker/containers' })).toBe(1);
});

test('past Create Wait the item gets CREATE_PENDING, and the create was still sent once', async () => {
  sim.control.clearRequests();
  const result = await n8n.run([{}], [{ parameters: createFrom('slow', 'huge', { options: { createTimeout: 1 } }), continueOnFail: true }]);
  const [item] = result.output('SecureEdge')!;
  expect(item.json.details).toMatchObject({ code: 'CREATE_PENDING', status: 504, createAnswer: 504 });
  expect(item.json.error).toMatch(/Do not create it again/);
  expect(sim.control.requestCount({ method: 'POST', pathPrefix: '/api/v1/docker/containers' })).toBe(1);
  expect(sim.control.pendingContainers()).toContain('slow');
});
