/** The control API: request recording and counts, snapshots, state steering, run-time options. */
import { startSimulator, type RunningSimulator } from '../../simulator';
import { client, loginRequest, send, spec } from './helpers';

let sim: RunningSimulator;
beforeEach(async () => {
  sim = await startSimulator();
});
afterEach(async () => {
  await sim.close();
});

test('requests: every request in order, raw path, status, time, session', async () => {
  const t0 = Date.now();
  const api = await client(sim);
  await api.get('/images/nodered%2Fnode-red/4.1/details?x=1');
  await api.get('/containers/ghost/status');
  const r = sim.control.requests;
  expect(r.map((x) => [x.method, x.path, x.status, x.hadSession])).toEqual([
    ['POST', '/auth/login', 200, false],
    ['GET', '/api/v1/docker/images/nodered%2Fnode-red/4.1/details?x=1', 200, true],
    ['GET', '/api/v1/docker/containers/ghost/status', 404, true],
  ]);
  for (const x of r) {
    expect(x.at).toBeGreaterThanOrEqual(t0);
    expect(x.at).toBeLessThanOrEqual(Date.now());
  }
});

test('requestCount filters by method and path prefix; clearRequests empties the same live array', async () => {
  const api = await client(sim);
  const live = sim.control.requests;
  await api.get('/containers');
  await api.post('/containers', spec('a1'));
  await api.get('/containers/a1/status');
  expect(sim.control.requestCount()).toBe(4);
  expect(sim.control.requestCount({ method: 'get' })).toBe(2);
  expect(sim.control.requestCount({ method: 'POST', pathPrefix: '/api/v1/docker/containers' })).toBe(1);
  expect(sim.control.requestCount({ pathPrefix: '/api/v1/docker/containers/' })).toBe(1);
  expect(sim.control.loginCount()).toBe(1);
  sim.control.clearRequests();
  expect(live).toHaveLength(0);
  expect(sim.control.requestCount()).toBe(0);
  expect(sim.control.loginCount()).toBe(0);
  await loginRequest(sim, 'x');
  expect(live).toHaveLength(1);
  expect(sim.control.loginCount()).toBe(1);
});

test('snapshots are copies: changing them does not change the device', async () => {
  const api = await client(sim);
  await api.post('/containers', spec('a1', { environment_variables: [{ key: 'A', value: '1' }] }));
  const snap = sim.control.containers();
  snap[0].env[0].value = 'changed';
  snap[0].state = 'dead';
  const imgs = sim.control.images();
  imgs[0].environment.length = 0;
  expect(sim.control.containers()[0].env).toEqual([{ key: 'A', value: '1' }]);
  expect(sim.control.containers()[0].state).toBe('created');
  expect(sim.control.images()[0].environment).toHaveLength(6);
});

test('setContainerState is what status reports', async () => {
  const api = await client(sim);
  await api.post('/containers', spec('a1'));
  for (const s of ['created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead'] as const) {
    sim.control.setContainerState('a1', s);
    expect((await api.get('/containers/a1/status')).json()).toEqual({ running_state: s });
  }
});

test('setOptions switches behaviours at run time and ignores start-only options', async () => {
  const api = await client(sim);
  sim.control.setOptions({ conflictStatus: 500, errorBodyStyle: 'text', port: 1, host: '0.0.0.0' });
  await api.post('/containers', spec('a1'));
  const res = await api.post('/containers', spec('a1'));
  expect(res.status).toBe(500);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
  expect((await send(`${sim.url}/login`)).status).toBe(200);
});

test('onRequest hears of every finished request, answered or dropped', async () => {
  const heard: [string, number][] = [];
  const other = await startSimulator({ onRequest: (r) => heard.push([r.path, r.status]) });
  try {
    const api = await client(other);
    other.control.injectOnce({ path: '/api/v1/docker/images' }, { kind: 'drop-before' });
    await expect(api.get('/images')).rejects.toThrow();
    await api.get('/containers');
    expect(heard).toEqual([
      ['/auth/login', 200],
      ['/api/v1/docker/images', 0],
      ['/api/v1/docker/containers', 200],
    ]);
  } finally {
    await other.close();
  }
});

test('recordLimit keeps only the newest requests', async () => {
  const small = await startSimulator({ recordLimit: 2 });
  try {
    for (let i = 0; i < 4; i++) await send(`${small.url}/login?n=${i}`);
    expect(small.control.requests.map((r) => r.path)).toEqual(['/login?n=2', '/login?n=3']);
  } finally {
    await small.close();
  }
});
