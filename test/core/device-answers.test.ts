/** Error answers, faults and retries: which calls are repeated, which are checked by reading the state. */
import type { SecureEdgeClient } from '../../core';
import type { RunningSimulator } from '../../simulator';
import { expectError, NGINX_SPEC, testClient } from '../support/client';
import { startTestSimulator } from '../support/simulator';

let sim: RunningSimulator;
let client: SecureEdgeClient;
afterEach(async () => {
  await client.close();
  await sim.close();
});
async function setup(options: Parameters<typeof startTestSimulator>[0] = {}) {
  sim = await startTestSimulator(options);
  client = testClient(sim);
}

test.each([409, 400, 500] as const)(
  'removing a running container answered %s is a CONFLICT that says stop it first',
  async (conflictStatus) => {
    await setup({ conflictStatus });
    await client.createContainer(NGINX_SPEC);
    await client.startContainer('web');
    const err = await expectError(() => client.removeContainer('web'));
    expect(err.code).toBe('CONFLICT');
    expect(err.message).toMatch(/running: stop it before removing/);
  },
);

test.each(['json', 'text', 'html'] as const)('the device words from a %s error body reach the message', async (errorBodyStyle) => {
  await setup({ errorBodyStyle });
  await client.createContainer(NGINX_SPEC);
  const err = await expectError(() => client.removeVolume('nginx-config'));
  expect(err.code).toBe('CONFLICT');
  expect(err.message).toMatch(/The device says: "[^"<>]+"/);
});

test('GETs are retried on 502/503 and dropped connections', async () => {
  await setup();
  sim.control.injectOnce({ method: 'GET', path: '/api/v1/docker/containers' }, { kind: 'status', status: 502 });
  sim.control.injectOnce({ method: 'GET', path: '/api/v1/docker/containers' }, { kind: 'drop-before' });
  sim.control.injectOnce({ method: 'GET', path: '/api/v1/docker/containers' }, { kind: 'status', status: 503 });
  expect(await client.listContainers()).toEqual([]);
  expect(sim.control.requestCount({ method: 'GET', pathPrefix: '/api/v1/docker/containers' })).toBe(4);
});

test('GET retries are bounded: a device that keeps failing is a DEVICE_ERROR', async () => {
  await setup();
  for (let i = 0; i < 10; i++) sim.control.injectOnce({ method: 'GET', path: '/api/v1/docker/images' }, { kind: 'status', status: 503 });
  const err = await expectError(() => client.listImages());
  expect(err.code).toBe('DEVICE_ERROR');
  expect(err.status).toBe(503);
  expect(sim.control.requestCount({ method: 'GET', pathPrefix: '/api/v1/docker/images' })).toBe(4);
});

test('a POST answered 502 is not repeated; a start that happened anyway is confirmed by its state', async () => {
  await setup();
  await client.createContainer(NGINX_SPEC);
  sim.control.injectOnce({ method: 'POST', path: '/api/v1/docker/containers/web/start' }, { kind: 'drop-after' });
  const result = await client.startContainer('web');
  expect(result).toEqual({ name: 'web', action: 'start', confirmedByState: true, running_state: 'running' });
  expect(sim.control.requestCount({ method: 'POST', pathPrefix: '/api/v1/docker/containers/web/start' })).toBe(1);
});

test('a start that failed and did nothing says the state it left', async () => {
  await setup();
  await client.createContainer(NGINX_SPEC);
  sim.control.injectOnce(
    { method: 'POST', path: '/api/v1/docker/containers/web/start' },
    { kind: 'status', status: 500, body: '{"error":"oops"}' },
  );
  const err = await expectError(() => client.startContainer('web'));
  expect(err.code).toBe('DEVICE_ERROR');
  expect(err.details).toMatchObject({ running_state: 'created' });
  expect(err.message).toMatch(/oops.*now 'created'/);
  expect(sim.control.requestCount({ method: 'POST', pathPrefix: '/api/v1/docker/containers/web/start' })).toBe(1);
});

test('a remove whose answer was lost is confirmed by the container being gone', async () => {
  await setup();
  await client.createContainer(NGINX_SPEC);
  sim.control.injectOnce({ method: 'DELETE', path: '/api/v1/docker/containers/web' }, { kind: 'drop-after' });
  expect(await client.removeContainer('web')).toEqual({ name: 'web', action: 'remove', confirmedByState: true });
  expect(sim.control.requestCount({ method: 'DELETE' })).toBe(1);
});

test.each([
  ['truncated-json', /not JSON/],
  ['html', /not JSON \(text\/html/],
  ['empty', /an empty body/],
] as const)('a %s answer where JSON was expected is BAD_RESPONSE', async (kind, message) => {
  await setup();
  sim.control.injectOnce({ method: 'GET', path: '/api/v1/docker/images' }, { kind });
  const err = await expectError(() => client.listImages());
  expect(err.code).toBe('BAD_RESPONSE');
  expect(err.message).toMatch(message);
});

test('an answer that is not JSON and has no content type says "no content type" and how it begins', async () => {
  await setup();
  // contentType '' makes the simulator send no Content-Type header at all, as a bare proxy may.
  sim.control.injectOnce(
    { method: 'GET', path: '/api/v1/docker/images' },
    { kind: 'status', status: 200, body: 'upstream ok', contentType: '' },
  );
  const err = await expectError(() => client.listImages());
  expect(err.code).toBe('BAD_RESPONSE');
  expect(err.message).toMatch(
    /^The device answered GET \/api\/v1\/docker\/images with something that is not JSON \(no content type: "upstream ok…"\) where JSON was expected\./,
  );
});

test.each([504, 408])('a GET answered %s is a TIMEOUT that says the device timed out on it', async (status) => {
  await setup();
  sim.control.injectOnce(
    { method: 'GET', path: '/api/v1/docker/containers' },
    { kind: 'status', status, body: '{"error":"gateway waited too long"}' },
  );
  const err = await expectError(() => client.listContainers());
  expect(err).toMatchObject({ code: 'TIMEOUT', status, method: 'GET', path: '/api/v1/docker/containers' });
  expect(err.message).toBe(
    `The device timed out on GET /api/v1/docker/containers (HTTP ${status}). The device says: "gateway waited too long".`,
  );
});

test('a JSON answer missing a documented field is BAD_RESPONSE naming the field', async () => {
  await setup();
  sim.control.injectOnce(
    { method: 'GET', path: '/api/v1/docker/images/nginx/latest/details' },
    { kind: 'status', status: 200, body: '{"platforms":[]}', contentType: 'application/json' },
  );
  const err = await expectError(() => client.getImageDetails('nginx', 'latest'));
  expect(err.code).toBe('BAD_RESPONSE');
  expect(err.message).toMatch(/body\.size/);
});

test('a slow device within the timeout works; past it, a GET is a TIMEOUT', async () => {
  await setup();
  sim.control.setFaults({ latencyMs: 100 });
  expect(await client.listContainers()).toEqual([]);
  await client.close();
  client = testClient(sim, { timeoutMs: 50, retry: { retries: 1, baseDelayMs: 5, maxDelayMs: 5 } });
  sim.control.setFaults({ latencyMs: 300 });
  const err = await expectError(() => client.listImages());
  expect(err.code).toBe('TIMEOUT');
});

test('a POST that could not even log in is reported as not sent, without waiting for a create', async () => {
  await setup();
  await client.listContainers();
  sim.control.expireAllSessions();
  sim.control.injectOnce({ method: 'POST', path: '/auth/login' }, { kind: 'drop-before' });
  const err = await expectError(() => client.createContainer(NGINX_SPEC, { createTimeoutMs: 60_000 }));
  expect(err.code).toBe('NETWORK');
  expect(err.details).toMatchObject({ sent: false });
  // The one create that reached the device was refused for its session and did nothing.
  const creates = sim.control.requests.filter((r) => r.method === 'POST' && r.path === '/api/v1/docker/containers');
  expect(creates.map((r) => r.status)).toEqual([401]);
  expect(sim.control.containers()).toEqual([]);
});

test('a GET whose login is dropped by a restarting device recovers by retry', async () => {
  await setup();
  await client.listContainers();
  await sim.control.restart();
  sim.control.injectOnce({ method: 'POST', path: '/auth/login' }, { kind: 'drop-before' });
  expect(await client.listContainers()).toEqual([]);
});

test('a wait polls through a passing 500 on a status read', async () => {
  await setup({ startDelayMs: 200 });
  await client.createContainer(NGINX_SPEC);
  await client.startContainer('web');
  sim.control.injectOnce({ method: 'GET', path: '/api/v1/docker/containers/web/status' }, { kind: 'status', status: 500 });
  const waited = await client.waitForState('web', 'running', { timeoutMs: 3000 });
  expect(waited.running_state).toBe('running');
});

test('a create refused with a 5xx says the device created nothing', async () => {
  await setup();
  sim.control.injectOnce({ method: 'POST', path: '/api/v1/docker/containers' }, { kind: 'status', status: 500 });
  const err = await expectError(() => client.createContainer(NGINX_SPEC));
  expect(err.code).toBe('DEVICE_ERROR');
  expect(err.message).toMatch(/shows no 'web': nothing was created/);
  expect(sim.control.requestCount({ method: 'POST', pathPrefix: '/api/v1/docker/containers' })).toBe(1);
});
