/**
 * What a failed login says in `details`: `sent: false` (the caller's own request was not carried
 * out, so trying again cannot do it twice) and `loginSent` (whether a login went to the device for
 * this call). A live refusal must never read as "the login was not sent"; a refusal from memory
 * must say that nothing, not even a login, reached the device.
 */
import { createServer } from 'node:net';

import { SecureEdgeClient } from '../../core';
import { expectError, NGINX_SPEC, testClient } from '../support/client';
import { startTestSimulator } from '../support/simulator';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

async function simulator() {
  const sim = await startTestSimulator();
  closers.push(() => sim.close());
  return sim;
}

test('a live refusal says the login was sent; the next call, refused from memory, says nothing was', async () => {
  const sim = await simulator();
  const client = new SecureEdgeClient({ url: sim.url, password: 'not-the-sticker' });
  closers.push(() => client.close());

  const live = await expectError(() => client.listContainers());
  expect(live.code).toBe('AUTH_FAILED');
  expect(live.details).toMatchObject({ sent: false, loginSent: true });
  expect(live.details).not.toHaveProperty('remembered');
  expect(sim.control.loginCount()).toBe(1);

  const remembered = await expectError(() => client.listContainers());
  expect(remembered.code).toBe('AUTH_FAILED');
  expect(remembered.details).toMatchObject({ sent: false, loginSent: false, remembered: true });
  expect(sim.control.loginCount()).toBe(1);
});

test('a login the device failed (HTTP 500) was sent; the operation was not', async () => {
  const sim = await simulator();
  const client = testClient(sim);
  closers.push(() => client.close());
  sim.control.injectOnce({ method: 'POST', path: '/auth/login' }, { kind: 'status', status: 500 });
  const err = await expectError(() => client.createContainer(NGINX_SPEC));
  expect(err).toMatchObject({ code: 'DEVICE_ERROR', status: 500, path: '/auth/login' });
  expect(err.details).toEqual({ sent: false, loginSent: true });
  expect(sim.control.requestCount({ method: 'POST', pathPrefix: '/api/v1/docker/containers' })).toBe(0);
});

test('a login whose answer was dropped was sent', async () => {
  const sim = await simulator();
  const client = testClient(sim);
  closers.push(() => client.close());
  await client.listContainers();
  sim.control.expireAllSessions();
  sim.control.injectOnce({ method: 'POST', path: '/auth/login' }, { kind: 'drop-before' });
  const err = await expectError(() => client.createContainer(NGINX_SPEC, { createTimeoutMs: 60_000 }));
  expect(err.code).toBe('NETWORK');
  expect(err.details).toMatchObject({ sent: false, loginSent: true });
});

test('a device whose port is closed: no login left this machine, then the outage is remembered', async () => {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as { port: number }).port;
  await new Promise((resolve) => probe.close(resolve));
  const client = new SecureEdgeClient({ url: `http://127.0.0.1:${port}`, password: 'whatever', retry: { retries: 0 } });
  closers.push(() => client.close());

  const first = await expectError(() => client.listImages());
  expect(first.code).toBe('NETWORK');
  expect(first.details).toMatchObject({ sent: false, loginSent: false });
  const remembered = await expectError(() => client.listImages());
  expect(remembered.details).toMatchObject({ sent: false, loginSent: false, remembered: true });
});
