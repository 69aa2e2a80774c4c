/**
 * The documented 504: the first create of a large image outlasts the device's gateway
 * timeout; creation goes on in the background and the container shows up later.
 */
import { startSimulator, type RunningSimulator, type SeedImage, type SimulatorOptions } from '../../simulator';
import { client, sleep, spec } from './helpers';

const BIG: SeedImage = {
  name: 'acme/big',
  tag: '1',
  size: 300_000_000,
  platforms: ['linux/arm64/v8'],
  environment: [{ key: 'A', value: 'a' }],
  createMs: 300,
};
const MEDIUM: SeedImage = { name: 'acme/medium', tag: '1', size: 50_000_000, platforms: ['linux/arm64/v8'], environment: [], createMs: 80 };

const sims: RunningSimulator[] = [];
async function start(o: SimulatorOptions = {}) {
  const sim = await startSimulator({ gatewayTimeoutMs: 100, images: [BIG, MEDIUM], ...o });
  sims.push(sim);
  return { sim, api: await client(sim) };
}
afterEach(async () => {
  await Promise.all(sims.splice(0).map((s) => s.close()));
});

const big = { name: 'acme/big', tag: '1' };

/**
 * Resolve when the device has begun copying `name` (it is pending), at most 5 s. Timings below count
 * from there, not from when the test sent the create: on a loaded machine the request can reach the
 * simulator tens of milliseconds after it was sent.
 */
async function copyStarted(sim: RunningSimulator, name: string): Promise<number> {
  const until = Date.now() + 5000;
  while (!sim.control.pendingContainers().includes(name)) {
    if (Date.now() > until) throw new Error(`the create of ${name} never started`);
    await sleep(2);
  }
  return Date.now();
}

/** Wait (at most 5 s) until the background creation of `name` has finished. */
async function created(sim: RunningSimulator, name: string): Promise<void> {
  const until = Date.now() + 5000;
  while (sim.control.pendingContainers().includes(name)) {
    if (Date.now() > until) throw new Error(`the create of ${name} never finished`);
    await sleep(5);
  }
}

test('first create of a slow image: 504 page after the gateway timeout, container listed once createMs has passed', async () => {
  const { sim, api } = await start();
  const t0 = Date.now();
  const res = await api.post('/containers', spec('big1', { networks: [{ name: 'net-a' }] }, big));
  const waited = Date.now() - t0;
  expect(res.status).toBe(504);
  expect(res.headers.get('content-type')).toMatch(/^text\/html/);
  expect(res.text).toContain('504 Gateway Time-out');
  expect(waited).toBeGreaterThanOrEqual(90);
  // Answered at the gateway timeout, not when the creation was done.
  expect(waited).toBeLessThan(300);

  // Still being created: not listed, no status, no network yet.
  expect((await api.get('/containers')).json()).toEqual([]);
  expect((await api.get('/containers/big1/status')).status).toBe(404);
  expect(sim.control.pendingContainers()).toEqual(['big1']);
  expect(sim.control.networks()).toEqual([]);
  // Sending the create again does not make a second one: the name is taken.
  expect((await api.post('/containers', spec('big1', {}, big))).status).toBe(409);

  await created(sim, 'big1');
  // Listed only once the copy (createMs 300) was done.
  expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
  expect((await api.get('/containers')).json()).toEqual([{ name: 'big1' }]);
  expect((await api.get('/containers/big1/status')).json()).toEqual({ running_state: 'created' });
  expect(sim.control.pendingContainers()).toEqual([]);
  expect(sim.control.networks()).toEqual(['net-a']);

  // The image is in Docker's cache now: the next create needs no copy, so it is answered 200, not
  // the 504 a 300 ms copy behind a 100 ms gateway timeout would get.
  expect((await api.post('/containers', spec('big2', {}, big))).status).toBe(200);
});

test('first create within the gateway timeout: waits createMs, then 200', async () => {
  const { api } = await start({ gatewayTimeoutMs: 200 });
  const t0 = Date.now();
  const res = await api.post('/containers', spec('m1', {}, { name: 'acme/medium', tag: '1' }));
  expect(res.status).toBe(200);
  expect(res.json()).toEqual({});
  expect(Date.now() - t0).toBeGreaterThanOrEqual(75);
  expect((await api.get('/containers')).json()).toEqual([{ name: 'm1' }]);
});

test('a second container of an image still being copied waits for the rest of the copy', async () => {
  // A 1 s copy and a 400 ms gateway timeout leave wide margins on a loaded machine.
  const { sim, api } = await start({ gatewayTimeoutMs: 400, images: [{ ...BIG, createMs: 1000 }] });
  const first = api.post('/containers', spec('b1', {}, big));
  await sleep(700 - (Date.now() - (await copyStarted(sim, 'b1'))));
  // At most 300 ms of copy left: within the gateway timeout, so this one gets a 200.
  const res = await api.post('/containers', spec('b2', {}, big));
  expect(res.status).toBe(200);
  expect((await first).status).toBe(504);
  expect(
    (await api.get('/containers'))
      .json()
      .map((c: { name: string }) => c.name)
      .sort(),
  ).toEqual(['b1', 'b2']);
});

test('re-pushing an image (addImage with the same name and tag) means it has to be copied again', async () => {
  const { sim, api } = await start();
  await api.post('/containers', spec('b1', {}, big));
  await created(sim, 'b1');
  expect((await api.post('/containers', spec('b2', {}, big))).status).toBe(200);
  sim.control.addImage(BIG);
  expect((await api.post('/containers', spec('b3', {}, big))).status).toBe(504);
});

test('the default seed and gateway timeout: node-red is slower than the gateway', async () => {
  const sim = await startSimulator();
  sims.push(sim);
  const red = sim.control.images().find((i) => i.name === 'nodered/node-red')!;
  expect(red.createMs).toBeGreaterThan(1000);
});

test('close() while a creation is pending leaves nothing running behind', async () => {
  const { sim, api } = await start({ gatewayTimeoutMs: 5000, images: [{ ...BIG, createMs: 10_000 }] });
  const pending = api.post('/containers', spec('b1', {}, big));
  await sleep(50);
  await sim.close();
  await expect(pending).rejects.toThrow();
});
