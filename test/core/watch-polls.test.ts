/**
 * What one watch poll reads and what it makes of it, against the simulator: the image list only
 * when an image event is asked for (either one), configurations only of the watched containers;
 * a container gone between the list and its status read is removed, not in a state 'absent';
 * events the list leaves out never come (only the initial state events do); lists are compared
 * as sets, so the device listing the same things in another order is no change; environment
 * values are kept only as short hashes; `watched` counts only the watched containers.
 */
import { parseWatchOptions, pollWatch, WATCH_EVENTS, type SecureEdgeClient, type WatchCursor, type WatchEvent } from '../../core';
import type { RunningSimulator } from '../../simulator';
import { NGINX_SPEC } from '../support/client';
import { deviceEachTest } from '../support/device-each-test';

let sim: RunningSimulator;
let client: SecureEdgeClient;

deviceEachTest((d) => ({ sim, client } = d));

const spec = (name: string) => ({ ...NGINX_SPEC, container: { name }, ports: [], volumes: [], networks: [], environment_variables: [] });
const image = (name: string, tag: string) => ({ name, tag, size: 1000, platforms: ['linux/arm64/v8'], environment: [] });
const withoutAt = (events: WatchEvent[]) => events.map(({ at, ...e }) => e);
const IMAGE_LIST = { method: 'GET', pathPrefix: '/api/v1/docker/images' };

test.each(['image-added', 'image-removed'] as const)('asking for %s alone reads the image list and reports it', async (event) => {
  const options = parseWatchOptions({ events: [event] });
  const first = await pollWatch(client, {}, options);
  expect(sim.control.requestCount(IMAGE_LIST)).toBe(1);
  sim.control.addImage(image('plc-gateway', '1.2'));
  expect(sim.control.removeImage('nginx', 'latest')).toBe(true);
  const second = await pollWatch(client, first.cursor, options);
  expect(withoutAt(second.events)).toEqual(
    event === 'image-added' ? [{ event, image: 'plc-gateway:1.2' }] : [{ event, image: 'nginx:latest' }],
  );
});

test('images added in one poll are reported in name order, and the cursor keeps them sorted', async () => {
  const options = parseWatchOptions({ events: ['image-added'] });
  const first = await pollWatch(client, {}, options);
  sim.control.addImage(image('zeta', '1'));
  sim.control.addImage(image('alpha', '2'));
  const second = await pollWatch(client, first.cursor, options);
  expect(withoutAt(second.events)).toEqual([
    { event: 'image-added', image: 'alpha:2' },
    { event: 'image-added', image: 'zeta:1' },
  ]);
  const images = second.cursor.snapshot!.images!;
  expect(images).toEqual([...images].sort());
  expect(images).toEqual(expect.arrayContaining(['alpha:2', 'nginx:latest', 'zeta:1']));
});

test('events the list leaves out never come: with only state asked, no created, unreachable or reachable', async () => {
  const options = parseWatchOptions({ events: ['state'] });
  let cursor: WatchCursor = (await pollWatch(client, {}, options)).cursor;
  await client.createContainer(spec('web'));
  const created = await pollWatch(client, cursor, options);
  expect(created.events).toEqual([]);
  cursor = created.cursor;
  sim.control.setFaults({ errorRate: 1, errorStatuses: [500] });
  const down = await pollWatch(client, cursor, options);
  expect(down.error?.code).toBe('DEVICE_ERROR');
  expect(down.events).toEqual([]);
  sim.control.clearFaults();
  await client.startContainer('web');
  const up = await pollWatch(client, down.cursor, options);
  expect(withoutAt(up.events)).toEqual([{ event: 'state', container: 'web', from: 'created', to: 'running' }]);
});

test('watched counts only the containers the list names', async () => {
  await client.createContainer(spec('web'));
  await client.createContainer(spec('db'));
  await client.createContainer(spec('broker'));
  expect((await pollWatch(client, {}, parseWatchOptions({ containers: 'web' }))).watched).toBe(1);
  expect((await pollWatch(client, {}, parseWatchOptions({}))).watched).toBe(3);
});

test('a container removed between the list and its status read is reported removed once, never in a state "absent"', async () => {
  await client.createContainer(spec('web'));
  const options = parseWatchOptions({});
  const first = await pollWatch(client, {}, options);
  // The list still names 'web'; it is gone by the time its status is read (404).
  const racing = {
    listContainers: async () => {
      const list = await client.listContainers();
      await client.removeContainer('web');
      return list;
    },
    stateOrAbsent: (name: string) => client.stateOrAbsent(name),
    listImages: () => client.listImages(),
    getContainerConfiguration: (name: string) => client.getContainerConfiguration(name),
  };
  const second = await pollWatch(racing, first.cursor, options);
  expect(sim.control.requestCount({ method: 'GET', pathPrefix: '/api/v1/docker/containers/web/status' })).toBe(2);
  expect(withoutAt(second.events)).toEqual([{ event: 'removed', container: 'web', from: 'created' }]);
  expect(second.cursor.snapshot!.containers).toEqual({});
  expect((await pollWatch(client, second.cursor, options)).events).toEqual([]);
});

test('configuration with a container list: only the watched containers are read, a change elsewhere is not reported', async () => {
  await client.createContainer(spec('web'));
  await client.createContainer(spec('db'));
  const options = parseWatchOptions({ events: ['configuration'], containers: 'web' });
  const first = await pollWatch(client, {}, options);
  expect(Object.keys(first.cursor.snapshot!.configs!)).toEqual(['web']);
  await client.removeContainer('db');
  await client.createContainer({ ...spec('db'), image: { name: 'eclipse-mosquitto', tag: '2' } });
  sim.control.clearRequests();
  const second = await pollWatch(client, first.cursor, options);
  expect(second.events).toEqual([]);
  const configReads = sim.control.requests.filter((r) => r.path.endsWith('/configuration')).map((r) => r.path);
  expect(configReads).toEqual(['/api/v1/docker/containers/web/configuration']);
});

test('the same ports, volumes and environment listed in another order are no configuration change', async () => {
  const ports = [
    { source: 80, destination: 8080, protocol: 'tcp' as const },
    { source: 443, destination: 8443, protocol: 'tcp' as const },
  ];
  const volumes = [
    { name: 'data', destination: '/data' },
    { name: 'logs', destination: '/logs' },
  ];
  const env = [
    { key: 'A_MODE', value: 'fast' },
    { key: 'B_TOKEN', value: 'secret-b' },
  ];
  await client.createContainer({ ...spec('web'), ports, volumes, environment_variables: env });
  const options = parseWatchOptions({ events: ['configuration'] });
  const first = await pollWatch(client, {}, options);
  await client.removeContainer('web');
  await client.createContainer({
    ...spec('web'),
    ports: [...ports].reverse(),
    volumes: [...volumes].reverse(),
    environment_variables: [...env].reverse(),
  });
  const reordered = await client.getContainerConfiguration('web');
  expect(reordered.ports.map((p) => p.source)).toEqual([443, 80]); // the device lists them as created
  const second = await pollWatch(client, first.cursor, options);
  expect(second.events).toEqual([]);
});

test('environment values are kept as short hashes: NAME#12 hex digits, equal for equal values', async () => {
  await client.createContainer({ ...spec('web'), environment_variables: [{ key: 'DB_PASSWORD', value: 'hunter2-old' }] });
  const all = parseWatchOptions({ events: [...WATCH_EVENTS] });
  const first = await pollWatch(client, {}, all);
  const env = first.cursor.snapshot!.configs!.web.environment as string[];
  const entry = env.find((e) => e.startsWith('DB_PASSWORD#'));
  expect(entry).toMatch(/^DB_PASSWORD#[0-9a-f]{12}$/);
  expect(env.every((e) => /^[A-Z_]+#[0-9a-f]{12}$/.test(e))).toBe(true);
  expect(JSON.stringify(first.cursor)).not.toContain('hunter2');
  // Unchanged value: the same hash, no event.
  const again = await pollWatch(client, first.cursor, all);
  expect(again.events).toEqual([]);
  expect(again.cursor.snapshot!.configs!.web.environment).toEqual(env);
});
