/**
 * The session cookie never travels to another origin. A device (or a proxy in front of it) that
 * redirects to another host or port gets no request followed: the client does not follow
 * redirects at all, so the other server receives no connection, let alone the cookie.
 */
import { expectError, NGINX_SPEC, testClient } from '../support/client';
import { recordForScan } from '../support/secrets';
import { startTestSimulator } from '../support/simulator';
import { C, Cleanup, received } from './helpers';
import { startFront, startWitness, type FrontOptions } from './front-proxy';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

/** A simulator behind a front that answers some requests with a redirect to a witness server on another port. */
async function setup(front: (witnessUrl: string) => Omit<FrontOptions, 'target'>) {
  const sim = await startTestSimulator();
  cleanup.add(() => sim.close());
  const witness = await startWitness();
  cleanup.add(() => witness.close());
  const proxy = await startFront({ target: sim.url, ...front(witness.url) });
  cleanup.add(() => proxy.close());
  const client = testClient({ ...sim, url: proxy.url });
  cleanup.add(() => client.close());
  return { sim, witness, proxy, client };
}

test('an API answer redirecting to another origin is BAD_RESPONSE; the other origin gets no connection', async () => {
  const { sim, witness, client } = await setup((other) => ({
    intercept: (req) => (req.url === C && req.method === 'GET' ? { status: 302, headers: { location: `${other}${C}` } } : undefined),
  }));
  const err = await expectError(() => client.listContainers());
  expect(err.code).toBe('BAD_RESPONSE');
  expect(err.message).toMatch(/redirected GET \/api\/v1\/docker\/containers \(HTTP 302\)/);
  expect(sim.control.loginCount()).toBe(1); // the client did hold a session it could have leaked
  expect(witness.connections).toBe(0);
  expect(witness.cookies).toEqual([]);
});

test('a redirect to a login page on another origin counts as a rejected session: re-login goes to the device, never there', async () => {
  const { sim, witness, client } = await setup((other) => ({
    intercept: (req) =>
      req.url?.startsWith('/api/') ? { status: 303, headers: { location: `${other}/login?next=${req.url}` } } : undefined,
  }));
  const err = await expectError(() => client.getContainerStatus('web'));
  expect(err.code).toBe('AUTH_FAILED');
  expect(sim.control.loginCount()).toBe(2);
  expect(witness.connections).toBe(0);
});

test('a POST answered 307 to another origin is not re-sent there, and the device did nothing', async () => {
  const { sim, witness, client } = await setup((other) => ({
    intercept: (req) => (req.url === `${C}/web/start` ? { status: 307, headers: { location: `${other}${C}/web/start` } } : undefined),
  }));
  await client.createContainer(NGINX_SPEC);
  const err = await expectError(() => client.startContainer('web'));
  recordForScan('307 error', err);
  expect(err.code).toBe('BAD_RESPONSE');
  expect(err.details).toMatchObject({ running_state: 'created' });
  expect(received(sim, 'POST', `${C}/web/start`)).toBe(0);
  expect(witness.connections).toBe(0);
});

test('a login answered with a redirect to another origin: the cookie is kept for the device only', async () => {
  const { sim, witness, client } = await setup((other) => ({
    rewrite: (req, _status, headers) => (req.url === '/auth/login' ? { ...headers, location: `${other}/welcome` } : headers),
  }));
  sim.control.setOptions({ loginSuccessStatus: 302 });
  expect(await client.listContainers()).toEqual([]);
  expect(sim.control.requests.filter((r) => r.path === C).map((r) => r.hadSession)).toEqual([true]);
  expect(witness.connections).toBe(0);
});

test('a session cookie scoped to another domain is not taken: the login fails saying so (not "check the password")', async () => {
  const { sim, client } = await setup(() => ({
    rewrite: (req, _status, headers) =>
      req.url === '/auth/login'
        ? { ...headers, 'set-cookie': [headers['set-cookie']].flat().map((c) => `${c}; Domain=elsewhere.example`) }
        : headers,
  }));
  const err = await expectError(() => client.listContainers());
  expect(err.code).toBe('BAD_RESPONSE');
  expect(err.message).toBe(
    `The login was accepted, but its session cookie is for the domain 'elsewhere.example', not for ${client.url}, so it cannot be used. Is something between this machine and the device (a proxy) rewriting it? Use the device's own address.`,
  );
  expect(err.details).toEqual({ sent: false, loginSent: true });
  expect(sim.control.requests.filter((r) => r.path === C)).toEqual([]);
});
