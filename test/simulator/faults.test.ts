/** Steady faults, one-shot faults, device restarts, and keep-alive. */
import { Agent, request } from 'node:http';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../simulator';
import { client, login, loginRequest, send, sleep, spec, type Client } from './helpers';

const sims: RunningSimulator[] = [];
async function start(o: SimulatorOptions = {}): Promise<{ sim: RunningSimulator; api: Client }> {
  const sim = await startSimulator(o);
  sims.push(sim);
  return { sim, api: await client(sim) };
}
afterEach(async () => {
  await Promise.all(sims.splice(0).map((s) => s.close()));
});

describe('steady faults', () => {
  test('latency delays every answer, login included; clearFaults removes it', async () => {
    const { sim, api } = await start();
    sim.control.setFaults({ latencyMs: 150 });
    let t0 = Date.now();
    expect((await api.get('/images')).status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    t0 = Date.now();
    await login(sim);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    sim.control.clearFaults();
    t0 = Date.now();
    await api.get('/images');
    expect(Date.now() - t0).toBeLessThan(140);
  });

  test('errorRate 1: every request but login gets an error status and does nothing', async () => {
    const { sim, api } = await start();
    sim.control.setFaults({ errorRate: 1, errorStatuses: [503] });
    const res = await api.post('/containers', spec('a1'));
    expect(res.status).toBe(503);
    expect(sim.control.containers()).toEqual([]);
    expect((await loginRequest(sim, 'secureedge')).status).toBe(200);
    sim.control.setFaults({ errorRate: 0 });
    expect((await api.post('/containers', spec('a1'))).status).toBe(200);
  });

  test('errorRate draws from the errorStatuses, and the same seed repeats the same sequence', async () => {
    const statuses = async (seed: number) => {
      const { sim, api } = await start({ seed });
      sim.control.setFaults({ errorRate: 0.5 });
      const out: number[] = [];
      for (let i = 0; i < 30; i++) out.push((await api.get('/images')).status);
      return out;
    };
    const a = await statuses(42);
    const b = await statuses(42);
    const c = await statuses(7);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(a).toContain(200);
    expect(a.filter((s) => s !== 200).length).toBeGreaterThan(5);
    for (const s of a) expect([200, 500, 502, 503]).toContain(s);
  });

  test('dropRate 1: every request but login is cut without an answer and does nothing', async () => {
    const { sim, api } = await start();
    sim.control.setFaults({ dropRate: 1 });
    await expect(api.post('/containers', spec('a1'))).rejects.toThrow();
    expect(sim.control.containers()).toEqual([]);
    expect(sim.control.requests.at(-1)).toMatchObject({ method: 'POST', path: '/api/v1/docker/containers', status: 0 });
    expect((await loginRequest(sim, 'secureedge')).status).toBe(200);
    sim.control.clearFaults();
    expect((await api.post('/containers', spec('a1'))).status).toBe(200);
  });

  test('dropRate 0.5 drops some and answers the others', async () => {
    const { sim, api } = await start({ seed: 1 });
    sim.control.setFaults({ dropRate: 0.5 });
    const results = await Promise.allSettled(Array.from({ length: 30 }, () => api.get('/images')));
    const answered = results.filter((r) => r.status === 'fulfilled').length;
    expect(answered).toBeGreaterThan(3);
    expect(answered).toBeLessThan(27);
  });
});

describe('one-shot faults', () => {
  test('status: answered instead, operation not performed, only once', async () => {
    const { sim, api } = await start();
    sim.control.injectOnce({ method: 'POST', path: '/api/v1/docker/containers' }, { kind: 'status', status: 503, body: 'busy' });
    const first = await api.post('/containers', spec('a1'));
    expect(first.status).toBe(503);
    expect(first.text).toBe('busy');
    expect(first.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(sim.control.containers()).toEqual([]);
    expect((await api.post('/containers', spec('a1'))).status).toBe(200);
  });

  test('status: custom content type, or the usual error body when none is given', async () => {
    const { sim, api } = await start();
    sim.control.injectOnce({ path: '/api/v1/docker/images' }, { kind: 'status', status: 500, body: '{"message":"x"}' });
    const json = await api.get('/images');
    expect(json.headers.get('content-type')).toBe('application/json');
    sim.control.injectOnce({ path: '/api/v1/docker/images' }, { kind: 'status', status: 502, body: 'oops', contentType: 'text/x-custom' });
    expect((await api.get('/images')).headers.get('content-type')).toBe('text/x-custom');
    sim.control.injectOnce({ path: '/api/v1/docker/images' }, { kind: 'status', status: 500 });
    const plain = await api.get('/images');
    expect(plain.status).toBe(500);
    expect(plain.json()).toEqual({ error: expect.any(String) });
  });

  test('drop-before: no answer, operation not performed', async () => {
    const { sim, api } = await start();
    sim.control.injectOnce({ method: 'POST' }, { kind: 'drop-before' });
    await expect(api.post('/containers', spec('a1'))).rejects.toThrow();
    expect(sim.control.containers()).toEqual([]);
  });

  test('drop-after: the operation IS performed, the answer is lost', async () => {
    const { sim, api } = await start();
    sim.control.injectOnce({ method: 'POST', path: '/api/v1/docker/containers' }, { kind: 'drop-after' });
    await expect(api.post('/containers', spec('a1'))).rejects.toThrow();
    expect(sim.control.containers().map((c) => c.name)).toEqual(['a1']);
    // A client that blindly re-sends the create now meets a conflict.
    expect((await api.post('/containers', spec('a1'))).status).toBe(409);

    sim.control.injectOnce({ path: '/api/v1/docker/containers/a1/start' }, { kind: 'drop-after' });
    await expect(api.post('/containers/a1/start')).rejects.toThrow();
    expect(sim.control.containers()[0].state).toBe('running');
    expect(sim.control.requests.at(-1)!.status).toBe(0);
  });

  test('truncated-json: performed, 200 with the real JSON cut in half', async () => {
    const { sim, api } = await start();
    await api.post('/containers', spec('a1'));
    const full = (await api.get('/containers/a1/configuration')).text;
    sim.control.injectOnce({ path: '/api/v1/docker/containers/a1/configuration' }, { kind: 'truncated-json' });
    const cut = await api.get('/containers/a1/configuration');
    expect(cut.status).toBe(200);
    expect(cut.headers.get('content-type')).toMatch(/^application\/json/);
    expect(cut.text).toBe(full.slice(0, Math.floor(full.length / 2)));
    expect(() => cut.json()).toThrow();

    sim.control.injectOnce({ method: 'POST' }, { kind: 'truncated-json' });
    const created = await api.post('/containers', spec('b1'));
    expect(created.status).toBe(200);
    expect(created.text).toBe('{');
    expect(sim.control.containers().map((c) => c.name)).toEqual(['a1', 'b1']);
  });

  test('html: performed, 200 with a gateway error page', async () => {
    const { sim, api } = await start();
    await api.post('/containers', spec('a1'));
    sim.control.injectOnce({ path: '/api/v1/docker/containers/*' }, { kind: 'html' });
    const res = await api.post('/containers/a1/start');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.text).toMatch(/^<html>/);
    expect(sim.control.containers()[0].state).toBe('running');
  });

  test('empty: performed, 200 with an empty application/json body', async () => {
    const { sim, api } = await start();
    sim.control.injectOnce({ method: 'GET', path: '/api/v1/docker/images' }, { kind: 'empty' });
    // A POST to the same path does not match the GET fault.
    expect((await api.post('/containers', spec('a1'))).status).toBe(200);
    const res = await api.get('/images');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.text).toBe('');
    expect((await api.get('/images')).text).not.toBe('');
  });

  test('matching: exact raw path (encoded as sent), prefix with *, first queued first, login too', async () => {
    const { sim, api } = await start();
    sim.control.injectOnce({ path: '/api/v1/docker/images/nodered%2Fnode-red/4.1/details' }, { kind: 'status', status: 501 });
    expect((await api.get('/images/nodered/node-red/4.1/details')).status).toBe(200);
    expect((await api.get('/images/nodered%2Fnode-red/4.1/details')).status).toBe(501);

    sim.control.injectOnce({ path: '/api/v1/docker/images*' }, { kind: 'status', status: 502 });
    sim.control.injectOnce({ path: '/api/v1/docker/images*' }, { kind: 'status', status: 503 });
    expect((await api.get('/images/nginx/latest/details')).status).toBe(502);
    expect((await api.get('/images')).status).toBe(503);
    expect((await api.get('/images')).status).toBe(200);

    sim.control.injectOnce({ method: 'POST', path: '/auth/login' }, { kind: 'drop-before' });
    await expect(login(sim)).rejects.toThrow();
    await expect(login(sim)).resolves.toMatch(/^id=/);
    expect(sim.control.loginCount()).toBe(3);
  });

  test('clearFaults forgets queued one-shots', async () => {
    const { sim, api } = await start();
    sim.control.injectOnce({}, { kind: 'drop-before' });
    sim.control.clearFaults();
    expect((await api.get('/images')).status).toBe(200);
  });
});

describe('restart', () => {
  test('keeps containers, volumes and images; drops every session', async () => {
    const { sim, api } = await start();
    await api.post('/containers', spec('a1', { volumes: [{ name: 'v1', destination: '/v' }], networks: [{ name: 'n1' }] }));
    await api.post('/containers/a1/start');
    await sim.control.restart();
    await sleep(20);
    expect((await api.get('/containers')).status).toBe(401);
    const again = await client(sim);
    expect((await again.get('/containers')).json()).toEqual([{ name: 'a1' }]);
    expect((await again.get('/containers/a1/status')).json()).toEqual({ running_state: 'running' });
    expect(sim.control.volumes()).toEqual(['v1']);
    expect(sim.control.networks()).toEqual(['n1']);
    expect(sim.control.images()).toHaveLength(3);
  });

  test('in-flight requests get no answer; connections are refused while down, then it serves again', async () => {
    const { sim, api } = await start();
    sim.control.setFaults({ latencyMs: 200 });
    const inFlight = api.post('/containers', spec('a1'));
    await sleep(50);
    const restarted = sim.control.restart({ downMs: 200 });
    await expect(inFlight).rejects.toThrow();
    // The request was cut before it was handled: nothing was created.
    expect(sim.control.containers()).toEqual([]);
    sim.control.clearFaults();
    await expect(send(`${sim.url}/login`)).rejects.toThrow();
    await restarted;
    const again = await client(sim);
    expect((await again.get('/containers')).status).toBe(200);
    const inFlightRecord = sim.control.requests.find((r) => r.method === 'POST' && r.path === '/api/v1/docker/containers');
    expect(inFlightRecord!.status).toBe(0);
  });

  test('close() during the down time resolves the restart', async () => {
    const { sim } = await start();
    const restarted = sim.control.restart({ downMs: 10_000 });
    await sim.close();
    await restarted;
  });
});

describe('connections', () => {
  test('keep-alive: one connection serves many requests', async () => {
    const { sim, api } = await start();
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const get = () =>
      new Promise<{ status: number; reused: boolean }>((resolve, reject) => {
        const req = request(`${sim.url}/api/v1/docker/images`, { agent, headers: { cookie: api.cookie } }, (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode!, reused: req.reusedSocket }));
        });
        req.on('error', reject);
        req.end();
      });
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await get());
    agent.destroy();
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(results.slice(1).every((r) => r.reused)).toBe(true);
  });

  test('close() is idempotent and cuts open keep-alive connections', async () => {
    const { sim, api } = await start();
    await api.get('/images');
    await Promise.all([sim.close(), sim.close()]);
    await sim.close();
    await expect(send(`${sim.url}/login`)).rejects.toThrow();
  });

  test('binds 127.0.0.1 by default and can bind another loopback host', async () => {
    const { sim } = await start({ host: 'localhost' });
    expect(sim.url).toMatch(/^http:\/\/localhost:\d+$/);
    expect((await send(`${sim.url}/login`)).status).toBe(200);
  });
});
