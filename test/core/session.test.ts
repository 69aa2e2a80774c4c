/** Sessions under every answer the vendor leaves open: login status, wrong password, rejection style. */
import { SecureEdgeClient } from '../../core';
import { expectError, NGINX_SPEC, testClient } from '../support/client';
import { TEST_PASSWORD } from '../support/secrets';
import { startTestSimulator } from '../support/simulator';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

async function setup(options: Parameters<typeof startTestSimulator>[0] = {}) {
  const sim = await startTestSimulator(options);
  const client = testClient(sim);
  closers.push(
    () => sim.close(),
    () => client.close(),
  );
  return { sim, client };
}

test.each([200, 204, 302] as const)('a login answered %s with an id cookie is a session', async (loginSuccessStatus) => {
  const { sim, client } = await setup({ loginSuccessStatus });
  await client.listContainers();
  await client.listImages();
  expect(sim.control.loginCount()).toBe(1);
  expect(client.loginCount).toBe(1);
});

test.each([401, 403, 'redirect', 200] as const)(
  'a wrong password answered %s is AUTH_FAILED after one login attempt',
  async (wrongPasswordAnswer) => {
    const sim = await startTestSimulator({ wrongPasswordAnswer });
    closers.push(() => sim.close());
    const client = new SecureEdgeClient({ url: sim.url, password: 'not-the-password' });
    closers.push(() => client.close());
    const err = await expectError(() => client.listContainers());
    expect(err.code).toBe('AUTH_FAILED');
    expect(err.message).toMatch(/sticker/);
    expect(err.message).not.toContain('not-the-password');
    expect(sim.control.loginCount()).toBe(1);
    expect(sim.control.requestCount({ pathPrefix: '/api/' })).toBe(0);
  },
);

test.each([401, 403, 'redirect'] as const)(
  'a session rejected with %s is renewed once, invisibly, mid-sequence',
  async (sessionRejection) => {
    const { sim, client } = await setup({ sessionRejection });
    await client.createContainer(NGINX_SPEC);
    sim.control.expireAllSessions();
    await client.startContainer('web');
    sim.control.expireAllSessions();
    expect(await client.getContainerStatus('web')).toEqual({ name: 'web', running_state: 'running' });
    expect(sim.control.loginCount()).toBe(3);
    // Each rejected request reached the device once and was repeated once; nothing else was sent twice.
    expect(sim.control.requestCount({ method: 'POST', pathPrefix: '/api/v1/docker/containers/web/start' })).toBe(2);
    expect(sim.control.containers()[0].state).toBe('running');
  },
);

test('100 concurrent calls across an expiry cause exactly one login', async () => {
  const { sim, client } = await setup();
  await client.listContainers();
  sim.control.expireAllSessions();
  sim.control.clearRequests();
  const results = await Promise.all(Array.from({ length: 100 }, () => client.listImages()));
  expect(results).toHaveLength(100);
  expect(sim.control.loginCount()).toBe(1);
});

test('100 concurrent first calls share one login', async () => {
  const { sim, client } = await setup();
  sim.control.setFaults({ latencyMs: 20 });
  await Promise.all(Array.from({ length: 100 }, () => client.listContainers()));
  expect(sim.control.loginCount()).toBe(1);
});

test('a session rejected again right after a fresh login is AUTH_FAILED, not a loop', async () => {
  const { sim, client } = await setup();
  await client.listContainers();
  sim.control.injectOnce({ method: 'GET', path: '/api/v1/docker/containers' }, { kind: 'status', status: 401 });
  sim.control.injectOnce({ method: 'GET', path: '/api/v1/docker/containers' }, { kind: 'status', status: 401 });
  const err = await expectError(() => client.listContainers());
  expect(err.code).toBe('AUTH_FAILED');
  expect(sim.control.loginCount()).toBe(2);
});

test('the cookie value with =, + and / is sent back unchanged', async () => {
  const { sim, client } = await setup();
  for (let i = 0; i < 5; i++) {
    sim.control.expireAllSessions();
    await client.listContainers();
  }
  const api = sim.control.requests.filter((r) => r.path.startsWith('/api/'));
  // Every request that reached the API after a login carried a session the device accepted, except the ones rejected for expiry.
  expect(api.filter((r) => r.status === 200).every((r) => r.hadSession)).toBe(true);
  expect(api.filter((r) => r.status === 200)).toHaveLength(5);
});

test('an unreachable device is NETWORK with the URL, and says nothing was sent', async () => {
  const sim = await startTestSimulator();
  const url = sim.url;
  await sim.close();
  const client = new SecureEdgeClient({ url, password: TEST_PASSWORD, timeoutMs: 2000 });
  closers.push(() => client.close());
  const err = await expectError(() => client.listContainers());
  expect(err.code).toBe('NETWORK');
  expect(err.message).toContain(url);
});

test('a server that is not a SecureEdge is named as such', async () => {
  const http = await import('node:http');
  const server = http.createServer((_req, res) => {
    res.statusCode = 404;
    res.end('not here');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  closers.push(() => new Promise((r) => server.close(() => r())));
  const port = (server.address() as { port: number }).port;
  const client = new SecureEdgeClient({ url: `http://127.0.0.1:${port}`, password: TEST_PASSWORD });
  closers.push(() => client.close());
  const err = await expectError(() => client.checkConnection());
  expect(err.code).toBe('BAD_RESPONSE');
  expect(err.message).toMatch(/Is this the URL of a SecureEdge/);
});

test('client options are checked before anything is sent', () => {
  expect(() => new SecureEdgeClient({ url: 'ftp://x', password: 'p' })).toThrow(/http:\/\/ or https:\/\//);
  expect(() => new SecureEdgeClient({ url: 'http://127.0.0.1/api', password: 'p' })).toThrow(/without a path/);
  expect(() => new SecureEdgeClient({ url: 'http://127.0.0.1', password: '' })).toThrow(/password is required/);
  expect(() => new SecureEdgeClient({ url: 'http://admin:pw@127.0.0.1', password: 'p' })).toThrow(/must not contain a user/);
});

test('a device whose clock is far behind or ahead still gives a usable session', async () => {
  const { sessionIdFromSetCookie } = await import('../../core');
  // Expires a year ago by our clock: the device's clock is wrong, the session is still good.
  const lastYear = new Date(Date.now() - 365 * 24 * 3600 * 1000).toUTCString();
  expect(sessionIdFromSetCookie(`id=ab+c/d=; HttpOnly; Path=/; Expires=${lastYear}`)).toBe('ab+c/d=');
  // The usual ways of clearing a cookie are no session.
  expect(sessionIdFromSetCookie('id=; Path=/')).toBeUndefined();
  expect(sessionIdFromSetCookie('id=x; Max-Age=0')).toBeUndefined();
  expect(sessionIdFromSetCookie('id=x; Expires=Thu, 01 Jan 1970 00:00:00 GMT')).toBeUndefined();
  expect(sessionIdFromSetCookie(['other=1', 'id=zz; Path=/'])).toBe('zz');

  // And end to end: a simulator session shorter than a second (its Expires rounds down to the past).
  const { sim, client } = await setup({ sessionLifetimeMs: 800 });
  await client.listContainers();
  expect(sim.control.loginCount()).toBe(1);
});
