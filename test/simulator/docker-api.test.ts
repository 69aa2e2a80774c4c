/** Every documented Docker endpoint: shapes, states, networks, volumes, conflicts, and the undocumented switches around them. */
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../simulator';
import { client, nginxSpec, send, sleep, spec, type Client } from './helpers';

const sims: RunningSimulator[] = [];
async function start(o: SimulatorOptions = {}): Promise<{ sim: RunningSimulator; api: Client }> {
  const sim = await startSimulator(o);
  sims.push(sim);
  return { sim, api: await client(sim) };
}
afterEach(async () => {
  await Promise.all(sims.splice(0).map((s) => s.close()));
});

/** The configuration example of the vendor's Docker page, verbatim. */
const DOCUMENTED_CONFIGURATION = {
  container: { name: 'nginx' },
  image: { name: 'nginx', tag: 'latest' },
  ports: [{ source: 80, destination: 8080, protocol: 'tcp' }],
  volumes: [],
  networks: [{ name: 'bridge' }, { name: 'machine-builder' }],
  environment_variables: [
    { key: 'PATH', value: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' },
    { key: 'NGINX_VERSION', value: '1.27.3' },
    { key: 'NJS_VERSION', value: '0.8.7' },
    { key: 'NJS_RELEASE', value: '1~bookworm' },
    { key: 'PKG_RELEASE', value: '1~bookworm' },
    { key: 'DYNPKG_RELEASE', value: '1~bookworm' },
  ],
};

describe('images', () => {
  test('list: [{name, tag}] with the seeded images', async () => {
    const { api } = await start();
    const res = await api.get('/images');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.json()).toEqual([
      { name: 'nginx', tag: 'latest' },
      { name: 'nodered/node-red', tag: '4.1' },
      { name: 'eclipse-mosquitto', tag: '2' },
    ]);
  });

  test('details of nginx:latest exactly as documented', async () => {
    const { api } = await start();
    const res = await api.get('/images/nginx/latest/details');
    expect(res.status).toBe(200);
    expect(res.text).toBe(JSON.stringify({ size: 69622746, platforms: ['linux/arm64/v8'], error: null }));
  });

  test('a name with "/" works encoded as %2F and unencoded', async () => {
    const { api } = await start();
    const expected = { size: 246000000, platforms: ['linux/arm64/v8'], error: null };
    expect((await api.get('/images/nodered%2Fnode-red/4.1/details')).json()).toEqual(expected);
    expect((await api.get('/images/nodered%2fnode-red/4.1/details')).json()).toEqual(expected);
    expect((await api.get('/images/nodered/node-red/4.1/details')).json()).toEqual(expected);
  });

  test('unknown image or tag: 404; malformed path encoding: 400', async () => {
    const { api } = await start();
    expect((await api.get('/images/nginx/nope/details')).status).toBe(404);
    expect((await api.get('/images/nope/latest/details')).status).toBe(404);
    expect((await api.get('/images/nginx/latest')).status).toBe(404);
    expect((await api.get('/images/%E0%A4%A/latest/details')).status).toBe(400);
  });

  test('images option replaces the seed; addImage adds; details report an image error', async () => {
    const { sim, api } = await start({ images: [{ name: 'only', tag: '1', size: 10, platforms: ['linux/arm64/v8'], environment: [] }] });
    expect((await api.get('/images')).json()).toEqual([{ name: 'only', tag: '1' }]);
    sim.control.addImage({
      name: 'acme/broken',
      tag: 'v2',
      size: 5,
      platforms: ['linux/amd64'],
      environment: [],
      error: 'no arm64 variant',
    });
    expect((await api.get('/images')).json()).toHaveLength(2);
    expect((await api.get('/images/acme%2Fbroken/v2/details')).json()).toEqual({
      size: 5,
      platforms: ['linux/amd64'],
      error: 'no arm64 variant',
    });
    expect(sim.control.images().map((i) => `${i.name}:${i.tag}`)).toEqual(['only:1', 'acme/broken:v2']);
    // Creating from an image the device reports an error for fails.
    const create = await api.post('/containers', spec('c1', {}, { name: 'acme/broken', tag: 'v2' }));
    expect(create.status).toBe(500);
    expect(create.json().error).toContain('no arm64 variant');
  });

  test('the seed matches the brief: nodered is large and slow to copy, the others instant', async () => {
    const { sim } = await start();
    const byName = Object.fromEntries(sim.control.images().map((i) => [i.name, i]));
    expect(byName['nginx'].createMs).toBe(0);
    expect(byName['nodered/node-red'].createMs).toBe(2500);
    expect(byName['nodered/node-red'].environment.map((e) => e.key)).toEqual(['PATH', 'NODE_VERSION']);
    expect(byName['eclipse-mosquitto'].createMs).toBe(0);
  });
});

describe('the documented walk-through: create, list, status, configuration, start, stop, remove', () => {
  test('each answer has the documented shape', async () => {
    const { sim, api } = await start();
    const created = await api.post('/containers', nginxSpec());
    expect(created.status).toBe(200);
    expect(created.json()).toEqual({});

    expect((await api.get('/containers')).json()).toEqual([{ name: 'nginx' }]);
    expect((await api.get('/containers/nginx/status')).json()).toEqual({ running_state: 'created' });
    const config = await api.get('/containers/nginx/configuration');
    expect(config.status).toBe(200);
    expect(config.json()).toEqual(DOCUMENTED_CONFIGURATION);

    const started = await api.post('/containers/nginx/start');
    expect(started.status).toBe(200);
    expect(started.json()).toEqual({});
    expect((await api.get('/containers/nginx/status')).json()).toEqual({ running_state: 'running' });
    // Starting a running container is fine.
    expect((await api.post('/containers/nginx/start')).status).toBe(200);

    expect((await api.post('/containers/nginx/stop')).status).toBe(200);
    expect((await api.get('/containers/nginx/status')).json()).toEqual({ running_state: 'exited' });

    const removed = await api.del('/containers/nginx');
    expect(removed.status).toBe(200);
    expect(removed.json()).toEqual({});
    expect((await api.get('/containers')).json()).toEqual([]);
    expect((await api.get('/containers/nginx/status')).status).toBe(404);
    expect(sim.control.containers()).toEqual([]);
  });

  test('the control API sees what was created', async () => {
    const { sim, api } = await start();
    await api.post(
      '/containers',
      nginxSpec({ environment_variables: [{ key: 'A', value: '1' }], volumes: [{ name: 'html', destination: '/usr/share/nginx/html' }] }),
    );
    expect(sim.control.containers()).toEqual([
      {
        name: 'nginx',
        image: 'nginx',
        tag: 'latest',
        state: 'created',
        ports: [{ source: 80, destination: 8080, protocol: 'tcp' }],
        volumes: [{ name: 'html', destination: '/usr/share/nginx/html' }],
        networks: ['machine-builder'],
        env: [{ key: 'A', value: '1' }],
      },
    ]);
  });

  test('only container and image are required; the optional lists may be absent', async () => {
    const { api } = await start();
    expect((await api.post('/containers', spec('bare'))).status).toBe(200);
    const config = (await api.get('/containers/bare/configuration')).json();
    expect(config.ports).toEqual([]);
    expect(config.volumes).toEqual([]);
    expect(config.networks).toEqual([{ name: 'bridge' }]);
  });

  test('environment: image variables first, a given key overrides in place, new keys appended', async () => {
    const { api } = await start();
    await api.post(
      '/containers',
      nginxSpec({
        environment_variables: [
          { key: 'TZ', value: 'Europe/Amsterdam' },
          { key: 'NGINX_VERSION', value: 'overridden' },
          { key: 'PORT', value: '8081' },
        ],
      }),
    );
    const env = (await api.get('/containers/nginx/configuration')).json().environment_variables;
    expect(env.map((e: { key: string }) => e.key)).toEqual([
      'PATH',
      'NGINX_VERSION',
      'NJS_VERSION',
      'NJS_RELEASE',
      'PKG_RELEASE',
      'DYNPKG_RELEASE',
      'TZ',
      'PORT',
    ]);
    expect(env[1]).toEqual({ key: 'NGINX_VERSION', value: 'overridden' });
    expect(env[7]).toEqual({ key: 'PORT', value: '8081' });
  });

  test('unknown container: 404 on status, configuration, start, stop and remove', async () => {
    const { api } = await start();
    expect((await api.get('/containers/ghost/status')).status).toBe(404);
    expect((await api.get('/containers/ghost/configuration')).status).toBe(404);
    expect((await api.post('/containers/ghost/start')).status).toBe(404);
    expect((await api.post('/containers/ghost/stop')).status).toBe(404);
    const del = await api.del('/containers/ghost');
    expect(del.status).toBe(404);
    expect(del.json()).toEqual({ error: expect.stringContaining('ghost') });
  });
});

describe('create: validation and conflicts', () => {
  test.each([
    ['malformed JSON', '{"container": '],
    ['not an object', '[]'],
    ['no container', JSON.stringify({ image: { name: 'nginx', tag: 'latest' } })],
    ['no container.name', JSON.stringify({ container: {}, image: { name: 'nginx', tag: 'latest' } })],
    ['no image', JSON.stringify({ container: { name: 'x1' } })],
    ['no image tag', JSON.stringify({ container: { name: 'x1' }, image: { name: 'nginx' } })],
    ['invalid container name', JSON.stringify(spec('bad name!'))],
    ['port as a string', JSON.stringify(spec('x1', { ports: [{ source: '80', destination: 8080, protocol: 'tcp' }] }))],
    ['port out of range', JSON.stringify(spec('x1', { ports: [{ source: 80, destination: 70000, protocol: 'tcp' }] }))],
    ['unknown protocol', JSON.stringify(spec('x1', { ports: [{ source: 80, destination: 8080, protocol: 'http' }] }))],
    ['ports not a list', JSON.stringify(spec('x1', { ports: {} }))],
    ['relative volume path', JSON.stringify(spec('x1', { volumes: [{ name: 'v1', destination: 'data' }] }))],
    ['env key with =', JSON.stringify(spec('x1', { environment_variables: [{ key: 'A=B', value: '' }] }))],
    ['env value not a string', JSON.stringify(spec('x1', { environment_variables: [{ key: 'A', value: 1 }] }))],
  ])('%s: 400, nothing created', async (_what, body) => {
    const { sim, api } = await start();
    const res = await api.post('/containers', body);
    expect(res.status).toBe(400);
    expect(res.json()).toEqual({ error: expect.any(String) });
    expect(sim.control.containers()).toEqual([]);
  });

  test('unknown image: 404', async () => {
    const { api } = await start();
    expect((await api.post('/containers', spec('x1', {}, { name: 'nginx', tag: '0.0.0' }))).status).toBe(404);
  });

  test('duplicate container name: 409 by default', async () => {
    const { api } = await start();
    expect((await api.post('/containers', spec('web'))).status).toBe(200);
    const again = await api.post('/containers', spec('web'));
    expect(again.status).toBe(409);
    expect(again.json().error).toContain('web');
  });

  test.each([400, 500] as const)('conflictStatus %d is used for every conflict', async (conflictStatus) => {
    const { api } = await start({ conflictStatus });
    await api.post(
      '/containers',
      spec('web', { ports: [{ source: 80, destination: 8080, protocol: 'tcp' }], volumes: [{ name: 'data', destination: '/d' }] }),
    );
    expect((await api.post('/containers', spec('web'))).status).toBe(conflictStatus);
    expect((await api.post('/containers', spec('web2', { ports: [{ source: 81, destination: 8080, protocol: 'tcp' }] }))).status).toBe(
      conflictStatus,
    );
    await api.post('/containers/web/start');
    expect((await api.del('/containers/web')).status).toBe(conflictStatus);
    expect((await api.del('/volumes/data')).status).toBe(conflictStatus);
  });

  test('router port: taken per destination and protocol, across containers and within one request', async () => {
    const { sim, api } = await start();
    await api.post('/containers', spec('a1', { ports: [{ source: 80, destination: 8080, protocol: 'tcp' }] }));
    const clash = await api.post('/containers', spec('b1', { ports: [{ source: 80, destination: 8080, protocol: 'tcp' }] }));
    expect(clash.status).toBe(409);
    expect(clash.json().error).toContain('8080/tcp');
    // Same router port, other protocol: fine. Same container port, other router port: fine.
    expect((await api.post('/containers', spec('b1', { ports: [{ source: 80, destination: 8080, protocol: 'udp' }] }))).status).toBe(200);
    expect((await api.post('/containers', spec('c1', { ports: [{ source: 80, destination: 8081, protocol: 'tcp' }] }))).status).toBe(200);
    const twice = spec('d1', {
      ports: [
        { source: 1, destination: 9000, protocol: 'tcp' },
        { source: 2, destination: 9000, protocol: 'tcp' },
      ],
    });
    expect((await api.post('/containers', twice)).status).toBe(409);
    // Removing the holder frees the port.
    await api.del('/containers/a1');
    expect((await api.post('/containers', spec('e1', { ports: [{ source: 80, destination: 8080, protocol: 'tcp' }] }))).status).toBe(200);
    expect(sim.control.containers().map((c) => c.name)).toEqual(['b1', 'c1', 'e1']);
  });
});

describe('networks', () => {
  test('a named network exists from its first container until its last is removed; bridge is never listed', async () => {
    const { sim, api } = await start();
    expect(sim.control.networks()).toEqual([]);
    await api.post('/containers', spec('a1', { networks: [{ name: 'machine-builder' }] }));
    await api.post('/containers', spec('b1', { networks: [{ name: 'machine-builder' }, { name: 'isolated' }] }));
    await api.post('/containers', spec('c1', { networks: [{ name: 'bridge' }] }));
    expect(sim.control.networks()).toEqual(['machine-builder', 'isolated']);
    expect((await api.get('/containers/b1/configuration')).json().networks).toEqual([
      { name: 'bridge' },
      { name: 'machine-builder' },
      { name: 'isolated' },
    ]);
    // bridge given explicitly is still listed once.
    expect((await api.get('/containers/c1/configuration')).json().networks).toEqual([{ name: 'bridge' }]);

    await api.del('/containers/b1');
    expect(sim.control.networks()).toEqual(['machine-builder']);
    await api.del('/containers/a1');
    expect(sim.control.networks()).toEqual([]);
  });
});

describe('volumes', () => {
  test('created on first use, kept when the container goes, removable when unused', async () => {
    const { sim, api } = await start();
    const mount = { volumes: [{ name: 'nginx-config', destination: '/etc/nginx' }] };
    await api.post('/containers', spec('a1', mount));
    await api.post('/containers', spec('b1', mount));
    expect(sim.control.volumes()).toEqual(['nginx-config']);
    expect((await api.get('/containers/a1/configuration')).json().volumes).toEqual([{ name: 'nginx-config', destination: '/etc/nginx' }]);

    const inUse = await api.del('/volumes/nginx-config');
    expect(inUse.status).toBe(409);
    expect(inUse.json().error).toContain('in use');
    await api.del('/containers/a1');
    // Still used by b1, which is only created (not running): still in use.
    expect((await api.del('/volumes/nginx-config')).status).toBe(409);
    await api.del('/containers/b1');
    expect(sim.control.volumes()).toEqual(['nginx-config']);

    const removed = await api.del('/volumes/nginx-config');
    expect(removed.status).toBe(200);
    expect(removed.json()).toEqual({});
    expect(sim.control.volumes()).toEqual([]);
    expect((await api.del('/volumes/nginx-config')).status).toBe(404);
  });
});

describe('states', () => {
  test('removal is refused while running, restarting, paused or removing; allowed when created, exited or dead', async () => {
    const { sim, api } = await start();
    await api.post('/containers', spec('a1'));
    for (const state of ['running', 'restarting', 'paused', 'removing'] as const) {
      sim.control.setContainerState('a1', state);
      expect((await api.get('/containers/a1/status')).json()).toEqual({ running_state: state });
      const res = await api.del('/containers/a1');
      expect(res.status).toBe(409);
      expect(res.json().error).toMatch(/stop the container first/);
    }
    sim.control.setContainerState('a1', 'dead');
    expect((await api.del('/containers/a1')).status).toBe(200);
    expect(() => sim.control.setContainerState('a1', 'running')).toThrow(/a1/);
  });

  test('stopping a container that is not running changes nothing and succeeds', async () => {
    const { api } = await start();
    await api.post('/containers', spec('a1'));
    expect((await api.post('/containers/a1/stop')).status).toBe(200);
    expect((await api.get('/containers/a1/status')).json().running_state).toBe('created');
  });

  test('startDelayMs and stopDelayMs: the status lags behind the answer', async () => {
    const { api } = await start({ startDelayMs: 150, stopDelayMs: 150 });
    await api.post('/containers', spec('a1'));
    expect((await api.post('/containers/a1/start')).status).toBe(200);
    expect((await api.get('/containers/a1/status')).json().running_state).toBe('created');
    await sleep(200);
    expect((await api.get('/containers/a1/status')).json().running_state).toBe('running');

    expect((await api.post('/containers/a1/stop')).status).toBe(200);
    expect((await api.get('/containers/a1/status')).json().running_state).toBe('running');
    // A client that removes right after the stop answer, without waiting, is refused.
    expect((await api.del('/containers/a1')).status).toBe(409);
    await sleep(200);
    expect((await api.get('/containers/a1/status')).json().running_state).toBe('exited');
    expect((await api.del('/containers/a1')).status).toBe(200);
  });

  test('actionSuccessStatus 204: start, stop, remove and volume removal answer 204 without a body', async () => {
    const { api } = await start({ actionSuccessStatus: 204 });
    expect((await api.post('/containers', spec('a1', { volumes: [{ name: 'v1', destination: '/v' }] }))).status).toBe(200);
    for (const res of [
      await api.post('/containers/a1/start'),
      await api.post('/containers/a1/stop'),
      await api.del('/containers/a1'),
      await api.del('/volumes/v1'),
    ]) {
      expect(res.status).toBe(204);
      expect(res.text).toBe('');
    }
  });
});

describe('routing and error bodies', () => {
  test('unknown paths: 404; wrong methods: 405 with Allow', async () => {
    const { sim, api } = await start();
    expect((await api.get('/volumes')).status).toBe(404);
    expect((await api.get('/containers/a/b/c/d')).status).toBe(404);
    expect((await api.get('/containers//status')).status).toBe(404);
    expect((await send(`${sim.url}/`)).status).toBe(404);
    expect((await send(`${sim.url}/api/v1/other`)).status).toBe(404);

    const put = await send(`${sim.url}/api/v1/docker/containers`, { method: 'PUT', headers: { cookie: api.cookie } });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET, POST');
    expect((await api.get('/containers/x1/start')).status).toBe(405);
    expect((await api.post('/containers/x1/status')).status).toBe(405);
    expect((await api.post('/images')).status).toBe(405);
    // PATCH is not supported: containers cannot be changed.
    const patch = await send(`${sim.url}/api/v1/docker/containers/x1`, { method: 'PATCH', headers: { cookie: api.cookie } });
    expect(patch.status).toBe(405);
  });

  test('a query string does not change the route', async () => {
    const { api } = await start();
    expect((await api.get('/images?all=1')).status).toBe(200);
  });

  test.each([
    ['text', /^text\/plain/, (t: string) => expect(t).toContain('ghost')],
    ['html', /^text\/html/, (t: string) => expect(t).toMatch(/^<html>.*404 Not Found.*ghost/s)],
  ] as const)('errorBodyStyle %s', async (errorBodyStyle, type, check) => {
    const { api } = await start({ errorBodyStyle });
    const res = await api.get('/containers/ghost/status');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(type);
    check(res.text);
  });

  test('extraListFields adds unknown fields to lists, status and details (never to configuration)', async () => {
    const { api } = await start({ extraListFields: true });
    await api.post('/containers', nginxSpec());
    const images = (await api.get('/images')).json();
    expect(images[0]).toEqual({ name: 'nginx', tag: 'latest', id: expect.any(String), created: expect.any(String) });
    expect((await api.get('/containers')).json()).toEqual([{ name: 'nginx', id: expect.any(String), created: expect.any(String) }]);
    expect(Object.keys((await api.get('/containers/nginx/status')).json()).length).toBeGreaterThan(1);
    expect(Object.keys((await api.get('/images/nginx/latest/details')).json()).length).toBeGreaterThan(3);
    expect((await api.get('/containers/nginx/configuration')).json()).toEqual(DOCUMENTED_CONFIGURATION);
  });

  test('each simulator has its own state', async () => {
    const one = await start();
    const two = await start();
    await one.api.post('/containers', spec('only-here'));
    expect((await two.api.get('/containers')).json()).toEqual([]);
    // A session of one device is worthless on another.
    expect((await send(`${two.sim.url}/api/v1/docker/images`, { headers: { cookie: one.api.cookie } })).status).toBe(401);
  });
});
