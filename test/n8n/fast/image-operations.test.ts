/** Image operations and the image pickers, run by n8n-core against the simulator. */
import { byName, N8nHarness } from '../harness';
import type { RunningSimulator } from '../../../simulator';
import { startTestSimulator } from '../../support/simulator';

let sim: RunningSimulator;
let n8n: N8nHarness;

beforeAll(async () => {
  sim = await startTestSimulator();
  n8n = await N8nHarness.create();
  n8n.addDevice(sim);
});
afterAll(() => sim.close());

describe('Image: Get Many', () => {
  test('Return All puts out one item per image in the registry, paired with the input item', async () => {
    const result = await n8n.run([{}], [{ parameters: { resource: 'image', operation: 'getAll', returnAll: true } }]);
    const items = result.output('SecureEdge')!;
    const expected = sim.control.images().map((i) => ({ name: i.name, tag: i.tag }));
    expect(items.map((i) => ({ name: i.json.name, tag: i.json.tag }))).toEqual(expected);
    expect(items.every((i) => JSON.stringify(i.pairedItem) === JSON.stringify({ item: 0 }))).toBe(true);
  });

  test('Limit caps the items; it runs once per input item', async () => {
    const result = await n8n.run([{}, {}], [{ parameters: { resource: 'image', operation: 'getAll', returnAll: false, limit: 2 } }]);
    const items = result.output('SecureEdge')!;
    expect(items).toHaveLength(4);
    expect(items.map((i) => (i.pairedItem as { item: number }).item)).toEqual([0, 0, 1, 1]);
  });
});

describe('Image: Get Details', () => {
  test("name and tag come from the previous node's items through expressions", async () => {
    const wanted = sim.control.images().filter((i) => i.name !== 'nginx');
    const result = await n8n.run(
      wanted.map((i) => ({ image: i.name, version: i.tag })),
      [
        {
          parameters: {
            resource: 'image',
            operation: 'getDetails',
            imageName: byName('={{ $json.image }}'),
            // A plain expression string works as well as a locator value.
            imageTag: '={{ $json.version }}',
          },
        },
      ],
    );
    const items = result.output('SecureEdge')!;
    expect(items.map((i) => i.json)).toEqual(
      wanted.map((w) => ({ name: w.name, tag: w.tag, size: w.size, platforms: w.platforms, error: w.error ?? null })),
    );
    expect(items.map((i) => (i.pairedItem as { item: number }).item)).toEqual(wanted.map((_, i) => i));
  });

  test('an image that is not in the registry fails the node with a NodeApiError naming it', async () => {
    const result = await n8n.run(
      [{}],
      [{ parameters: { resource: 'image', operation: 'getDetails', imageName: byName('nginx'), imageTag: byName('nope') } }],
    );
    const error = result.error('SecureEdge')!;
    expect(error.name).toBe('NodeApiError');
    expect(error.message).toContain("Image 'nginx:nope' was not found on the device (HTTP 404)");
    expect(error.context.itemIndex).toBe(0);
  });
});

describe('image pickers (list search, as the editor calls them)', () => {
  test("searchImages lists the registry's image names, filtered by what the user typed", async () => {
    const names = [...new Set(sim.control.images().map((i) => i.name))].sort();
    expect((await n8n.listSearch('searchImages', {})).results.map((r) => r.value)).toEqual(names);
    // The label adds the size (the value stays the bare name).
    const mosquitto = sim.control.images().filter((i) => i.name === 'eclipse-mosquitto');
    expect(mosquitto).toHaveLength(1);
    const mb = (mosquitto[0].size / 1_000_000).toFixed(1);
    expect((await n8n.listSearch('searchImages', {}, 'MOSQ')).results).toEqual([
      { name: `eclipse-mosquitto (${mb} MB)`, value: 'eclipse-mosquitto' },
    ]);
  });

  test('searchImageTags lists the tags of the image chosen above it', async () => {
    sim.control.addImage({ name: 'nginx', tag: '1.27', size: 1000, platforms: ['linux/arm64/v8'], environment: [] });
    const tags = await n8n.listSearch('searchImageTags', { resource: 'image', operation: 'getDetails', imageName: byName('nginx') });
    expect(tags.results.map((r) => r.value)).toEqual(['1.27', 'latest']);
    expect(tags.results[0].name).toBe('1.27 (0.0 MB)');
  });
});
