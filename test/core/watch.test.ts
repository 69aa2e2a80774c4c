/**
 * core's watch against the simulator over real HTTP: one poll at a time through pollWatch (so each
 * change is made between two polls on purpose), then DeviceWatch's own scheduling. Configuration
 * events name changed ports and volumes with their values; a configuration gone (404) between the
 * list and its read is skipped while any other read failure fails the poll; a caller's own deps
 * that throw a plain Error still give an `unreachable` event in words.
 */
import {
  DeviceWatch,
  parseWatchOptions,
  pollWatch,
  WATCH_EVENTS,
  watchIntervalMs,
  type SecureEdgeClient,
  type WatchCursor,
  type WatchEvent,
  type WatchOptions,
} from '../../core';
import type { RunningSimulator } from '../../simulator';
import { NGINX_SPEC } from '../support/client';
import { deviceEachTest } from '../support/device-each-test';

let sim: RunningSimulator;
let client: SecureEdgeClient;

deviceEachTest((d) => ({ sim, client } = d));

const ALL = parseWatchOptions({ events: [...WATCH_EVENTS] });
const spec = (name: string, image = { name: 'nginx', tag: 'latest' }) => ({
  ...NGINX_SPEC,
  container: { name },
  image,
  ports: [],
  volumes: [],
});

/** Polls in sequence, keeping the cursor, as an engine would. */
function poller(options: WatchOptions = ALL) {
  let cursor: WatchCursor = {};
  return async (): Promise<WatchEvent[]> => {
    const result = await pollWatch(client, cursor, options);
    cursor = result.cursor;
    return result.events.map(({ at, ...rest }) => {
      expect(Number.isNaN(Date.parse(at))).toBe(false);
      return rest as WatchEvent;
    });
  };
}

test('the first poll is a silent baseline; unchanged polls say nothing', async () => {
  await client.createContainer(spec('web'));
  await client.startContainer('web');
  const poll = poller();
  expect(await poll()).toEqual([]);
  expect(await poll()).toEqual([]);
});

test('emitInitial: one state event per container, without from', async () => {
  await client.createContainer(spec('web'));
  await client.startContainer('web');
  await client.createContainer(spec('db'));
  const poll = poller(parseWatchOptions({ emitInitial: true }));
  expect(await poll()).toEqual(
    expect.arrayContaining([
      { event: 'state', container: 'web', to: 'running' },
      { event: 'state', container: 'db', to: 'created' },
    ]),
  );
  expect(await poll()).toEqual([]);
});

test('created, state (from, to), removed', async () => {
  const poll = poller();
  await poll();
  await client.createContainer(spec('web'));
  expect(await poll()).toEqual([{ event: 'created', container: 'web', to: 'created' }]);
  await client.startContainer('web');
  expect(await poll()).toEqual([{ event: 'state', container: 'web', from: 'created', to: 'running' }]);
  await client.stopContainer('web');
  expect(await poll()).toEqual([{ event: 'state', container: 'web', from: 'running', to: 'exited' }]);
  await client.removeContainer('web');
  expect(await poll()).toEqual([{ event: 'removed', container: 'web', from: 'exited' }]);
});

test('image-added and image-removed', async () => {
  const poll = poller();
  await poll();
  sim.control.addImage({ name: 'plc-gateway', tag: '1.2', size: 1000, platforms: ['linux/arm64/v8'], environment: [] });
  expect(await poll()).toEqual([{ event: 'image-added', image: 'plc-gateway:1.2' }]);
  expect(sim.control.removeImage('nginx', 'latest')).toBe(true);
  expect(await poll()).toEqual([{ event: 'image-removed', image: 'nginx:latest' }]);
});

test('configuration: a container recreated between polls with another image and env names what changed, never an env value', async () => {
  await client.createContainer({ ...spec('web'), environment_variables: [{ key: 'DB_PASSWORD', value: 'hunter2-old' }] });
  const first = await pollWatch(client, {}, ALL);
  await client.removeContainer('web');
  await client.createContainer({
    ...spec('web', { name: 'eclipse-mosquitto', tag: '2' }),
    environment_variables: [{ key: 'DB_PASSWORD', value: 'hunter2-new' }],
  });
  const second = await pollWatch(client, first.cursor, ALL);
  // The cursor is stored (n8n keeps it in its database): no environment value in it either.
  expect(JSON.stringify([first.cursor, second.cursor])).not.toContain('hunter2');
  const [event, ...rest] = second.events;
  expect(rest).toEqual([]);
  expect(event).toMatchObject({
    event: 'configuration',
    container: 'web',
    from: { image: 'nginx:latest' },
    to: { image: 'eclipse-mosquitto:2' },
  });
  expect(event.changed).toEqual(expect.arrayContaining(['image', 'environment']));
  // Names only: not even the digest of a value (a hash of a short secret can be guessed).
  const { from, to } = event as { from: { environment: string[] }; to: { environment: string[] } };
  expect(from.environment).toContain('DB_PASSWORD');
  expect(to.environment).toContain('DB_PASSWORD');
  expect([...from.environment, ...to.environment].filter((n) => !/^[A-Z_]+$/.test(n))).toEqual([]);
  expect(JSON.stringify(event)).not.toContain('hunter2');
  expect(JSON.stringify(event)).toContain('DB_PASSWORD');
});

test('configuration: changed ports and volumes are named with their old and new values', async () => {
  const web = {
    ...spec('web'),
    ports: [{ source: 80, destination: 8080, protocol: 'tcp' as const }],
    volumes: [{ name: 'data', destination: '/data' }],
  };
  await client.createContainer(web);
  const first = await pollWatch(client, {}, ALL);
  await client.removeContainer('web');
  await client.createContainer({
    ...web,
    ports: [{ source: 81, destination: 8081, protocol: 'udp' as const }],
    volumes: [{ name: 'logs', destination: '/data' }],
  });
  const second = await pollWatch(client, first.cursor, ALL);
  expect(second.events.map(({ at, ...e }) => e)).toEqual([
    {
      event: 'configuration',
      container: 'web',
      changed: ['ports', 'volumes'],
      from: { ports: ['80:8080/tcp'], volumes: ['data:/data'] },
      to: { ports: ['81:8081/udp'], volumes: ['logs:/data'] },
    },
  ]);
});

test('configuration: a container whose configuration is gone (404) between list and read is skipped, not a failure', async () => {
  await client.createContainer(spec('web'));
  await client.createContainer(spec('db'));
  // As when 'web' is removed after its status was read: the configuration read finds nothing.
  sim.control.injectOnce({ method: 'GET', path: '/api/v1/docker/containers/web/configuration' }, { kind: 'status', status: 404 });
  const result = await pollWatch(client, {}, ALL);
  expect(result.error).toBeUndefined();
  expect(result.events).toEqual([]);
  expect(Object.keys(result.cursor.snapshot!.configs!)).toEqual(['db']);
});

test('configuration: any other failure of a configuration read fails the poll', async () => {
  await client.createContainer(spec('web'));
  sim.control.injectOnce({ method: 'GET', path: '/api/v1/docker/containers/web/configuration' }, { kind: 'status', status: 500 });
  const result = await pollWatch(client, {}, ALL);
  expect(result.error?.code).toBe('DEVICE_ERROR');
  expect(result.events.map(({ at, ...e }) => e)).toEqual([
    {
      event: 'unreachable',
      error: { code: 'DEVICE_ERROR', message: expect.stringMatching(/HTTP 500 to GET \/api\/v1\/docker\/containers\/web\/configuration/) },
    },
  ]);
});

test("a caller's own watch deps that throw a plain Error: the poll reports it as BAD_RESPONSE with its words", async () => {
  // WatchDeps is public: an engine may read through its own functions. The client itself only
  // throws SecureEdgeErrors, so only such deps can throw anything else.
  const deps = {
    listContainers: () => client.listContainers(),
    stateOrAbsent: (name: string) => client.stateOrAbsent(name),
    getContainerConfiguration: (name: string) => client.getContainerConfiguration(name),
    listImages: () => Promise.reject(new TypeError('images is not iterable')),
  };
  const result = await pollWatch(deps, {}, ALL);
  expect(result.error).toMatchObject({ code: 'BAD_RESPONSE', message: 'The device could not be read: images is not iterable' });
  expect(result.events.map(({ at, ...e }) => e)).toEqual([
    { event: 'unreachable', error: { code: 'BAD_RESPONSE', message: 'The device could not be read: images is not iterable' } },
  ]);
});

test('configuration is off by default: no configuration read at all', async () => {
  await client.createContainer(spec('web'));
  const poll = poller(parseWatchOptions({}));
  await poll();
  expect(sim.control.requestCount({ pathPrefix: '/api/v1/docker/containers/web/configuration' })).toBe(0);
});

test('the container filter: only named containers are read and reported', async () => {
  await client.createContainer(spec('web'));
  await client.createContainer(spec('db'));
  const poll = poller(parseWatchOptions({ containers: 'web, broker' }));
  await poll();
  sim.control.clearRequests();
  await client.startContainer('db');
  await client.startContainer('web');
  await client.createContainer(spec('other'));
  await client.createContainer(spec('broker'));
  sim.control.clearRequests();
  expect(await poll()).toEqual(
    expect.arrayContaining([
      { event: 'state', container: 'web', from: 'created', to: 'running' },
      { event: 'created', container: 'broker', to: 'created' },
    ]),
  );
  const statusReads = sim.control.requests.filter((r) => r.path.endsWith('/status')).map((r) => r.path);
  expect(statusReads.sort()).toEqual(['/api/v1/docker/containers/broker/status', '/api/v1/docker/containers/web/status']);
});

test('a container newly watched (the filter widened between polls, as when a trigger is edited) is a baseline, not a change', async () => {
  await client.createContainer(spec('web'));
  await client.createContainer(spec('db'));
  await client.startContainer('db');
  let cursor: WatchCursor = (await pollWatch(client, {}, parseWatchOptions({ containers: 'web' }))).cursor;
  expect(cursor.snapshot!.containers).toEqual({ web: 'created', db: null });
  const widened = await pollWatch(client, cursor, parseWatchOptions({}));
  expect(widened.events).toEqual([]);
  cursor = widened.cursor;
  await client.stopContainer('db');
  expect((await pollWatch(client, cursor, parseWatchOptions({}))).events).toEqual([
    expect.objectContaining({ event: 'state', container: 'db', from: 'running', to: 'exited' }),
  ]);
});

test('cost: 20 containers, nothing changed: one list and 20 status reads (plus the image list when image events are on)', async () => {
  for (let i = 0; i < 20; i++) await client.createContainer(spec(`c${String(i).padStart(2, '0')}`));
  const containersOnly = poller(parseWatchOptions({ events: ['created', 'removed', 'state'] }));
  await containersOnly();
  sim.control.clearRequests();
  await containersOnly();
  expect(sim.control.requests.map((r) => `${r.method} ${r.path}`).filter((r) => !r.endsWith('/status'))).toEqual([
    'GET /api/v1/docker/containers',
  ]);
  expect(sim.control.requests).toHaveLength(21);
  const defaults = poller(parseWatchOptions({}));
  await defaults();
  sim.control.clearRequests();
  await defaults();
  expect(sim.control.requests).toHaveLength(22);
  expect(sim.control.loginCount()).toBe(0);
});

test('unreachable once per outage, the cursor kept; reachable once, then what changed meanwhile', async () => {
  await client.createContainer(spec('web'));
  await client.startContainer('web');
  let cursor: WatchCursor = {};
  cursor = (await pollWatch(client, cursor, ALL)).cursor;
  const baseline = cursor.snapshot;

  sim.control.setFaults({ errorRate: 1, errorStatuses: [500] });
  const down = await pollWatch(client, cursor, ALL);
  expect(down.events).toEqual([
    { event: 'unreachable', error: { code: 'DEVICE_ERROR', message: expect.any(String) }, at: expect.any(String) },
  ]);
  expect(down.error?.code).toBe('DEVICE_ERROR');
  expect(down.cursor.snapshot).toBe(baseline);
  cursor = down.cursor;
  for (let i = 0; i < 3; i++) {
    const again = await pollWatch(client, cursor, ALL);
    expect(again.events).toEqual([]);
    expect(again.cursor).toBe(cursor);
  }
  sim.control.clearFaults();
  sim.control.setContainerState('web', 'exited'); // the container stopped during the outage
  const up = await pollWatch(client, cursor, ALL);
  expect(up.events.map(({ at, ...e }) => e)).toEqual([
    { event: 'reachable', since: cursor.outage!.since },
    { event: 'state', container: 'web', from: 'running', to: 'exited' },
  ]);
  expect(up.cursor.outage).toBeUndefined();
  expect((await pollWatch(client, up.cursor, ALL)).events).toEqual([]);
});

test('unreachable at the very first poll; the baseline is taken when the device answers', async () => {
  await client.createContainer(spec('web'));
  sim.control.setFaults({ errorRate: 1, errorStatuses: [500] });
  const poll = poller();
  expect(await poll()).toEqual([{ event: 'unreachable', error: expect.objectContaining({ code: 'DEVICE_ERROR' }) }]);
  sim.control.clearFaults();
  expect(await poll()).toEqual([{ event: 'reachable', since: expect.any(String) }]);
  expect(await poll()).toEqual([]);
});

test('settings are checked before anything is sent', () => {
  expect(() => parseWatchOptions({ events: ['stopped'] })).toThrow(/events must be a list of created, removed, state/);
  expect(() => parseWatchOptions({ containers: 'web, -bad' })).toThrow(/container name/);
  expect(() => watchIntervalMs(0.5)).toThrow(/at least 1 s/);
  expect(() => watchIntervalMs('abc')).toThrow(/at least 1 s/);
  expect(watchIntervalMs('')).toBe(10_000);
  expect(watchIntervalMs(2)).toBe(2000);
  expect(parseWatchOptions({ containers: ' web ,, db ' }).containers).toEqual(['web', 'db']);
  expect(parseWatchOptions({}).events).not.toContain('configuration');
});

describe('DeviceWatch', () => {
  test('polls at once, then on the interval; never two polls at once, even when a poll outlasts the interval; nothing after stop', async () => {
    await client.createContainer(spec('web'));
    let inFlight = 0;
    let maxInFlight = 0;
    let polls = 0;
    const deps = {
      listContainers: async () => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        polls++;
        try {
          return await client.listContainers();
        } finally {
          inFlight--;
        }
      },
      stateOrAbsent: (n: string) => client.stateOrAbsent(n),
      listImages: () => client.listImages(),
      getContainerConfiguration: (n: string) => client.getContainerConfiguration(n),
    };
    sim.control.setFaults({ latencyMs: 150 }); // each poll takes > 300 ms, the interval is 50 ms
    const events: WatchEvent[] = [];
    const results: number[] = [];
    const watch = new DeviceWatch(
      deps,
      { ...parseWatchOptions({}), intervalMs: 50 },
      { onEvent: (e) => events.push(e), onPoll: (r) => results.push(r.watched) },
    );
    watch.start();
    while (results.length < 3) await new Promise((r) => setTimeout(r, 20));
    await client.startContainer('web');
    while (!events.some((e) => e.event === 'state')) await new Promise((r) => setTimeout(r, 20));
    await watch.stop();
    expect(maxInFlight).toBe(1);
    expect(results[0]).toBe(1);
    const after = sim.control.requests.length;
    const pollsAtStop = polls;
    await new Promise((r) => setTimeout(r, 400));
    expect(polls).toBe(pollsAtStop);
    expect(sim.control.requests.length).toBe(after);
    expect(events.filter((e) => e.event === 'state')).toHaveLength(1);
  });

  test('stop while a poll is in flight: its events are dropped', async () => {
    const poll = new DeviceWatch(
      client,
      { ...parseWatchOptions({ emitInitial: true }), intervalMs: 1000 },
      { onEvent: () => events.push(1) },
    );
    const events: number[] = [];
    await client.createContainer(spec('web'));
    sim.control.setFaults({ latencyMs: 200 });
    poll.start();
    await new Promise((r) => setTimeout(r, 50));
    await poll.stop();
    expect(events).toEqual([]);
  });
});
