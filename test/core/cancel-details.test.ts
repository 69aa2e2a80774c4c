/**
 * What a cancelled call says, and that a cancel ends it where it stands: before sending (nothing
 * reaches the device, `sent: false`), with a request in flight (`sent: true`), during the login
 * (the caller's request was not sent, the login was), during a retry's pause (it ends at once,
 * not after the pause), and just after a redeploy's last read (nothing is changed). A call that
 * ends normally leaves no listener on the caller's signal: Node-RED shares one signal per node.
 */
import { getEventListeners } from 'node:events';
import type { SecureEdgeClient } from '../../core';
import type { RunningSimulator, SeedImage } from '../../simulator';
import { expectError, NGINX_SPEC, testClient } from '../support/client';
import { recordForScan } from '../support/secrets';
import { startTestSimulator } from '../support/simulator';

const IMAGES = '/api/v1/docker/images';
let sim: RunningSimulator;
const clients: SecureEdgeClient[] = [];

beforeEach(async () => {
  sim = await startTestSimulator();
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await sim.close();
});

/** A test client whose log lines can trigger something (every line still goes to the scan). */
function client(onLog: (line: string) => void = () => undefined, options: Parameters<typeof testClient>[1] = {}): SecureEdgeClient {
  const log = (line: string) => {
    recordForScan('client log', line);
    onLog(line);
  };
  const c = testClient(sim, { logger: { debug: log, warn: log }, ...options });
  clients.push(c);
  return c;
}

test('a call whose signal is already aborted sends nothing and says sent: false', async () => {
  const c = client();
  await c.listImages(); // logged in: only the cancelled call could reach the device
  sim.control.clearRequests();
  const err = await expectError(() => c.listImages({ signal: AbortSignal.abort() }));
  expect(err.code).toBe('CANCELLED');
  expect(err.message).toBe(`Cancelled: GET ${IMAGES} was not sent.`);
  expect(err.details).toEqual({ sent: false });
  expect(sim.control.requests).toEqual([]);
});

test('a call cancelled while its request is in flight says sent: true', async () => {
  const c = client();
  await c.listImages();
  sim.control.injectOnce({ method: 'GET', path: IMAGES }, { kind: 'endless-1xx', intervalMs: 20 });
  const controller = new AbortController();
  const call = expectError(() => c.listImages({ signal: controller.signal }));
  setTimeout(() => controller.abort(), 200);
  const err = await call;
  expect(err.code).toBe('CANCELLED');
  expect(err.message).toBe(`Cancelled: The answer to GET ${IMAGES} was not awaited; the device may or may not have done it.`);
  expect(err.details).toEqual({ sent: true });
});

test('a call cancelled during its login says the call was not sent, and the login was', async () => {
  const c = client();
  sim.control.injectOnce({ method: 'POST', path: '/auth/login' }, { kind: 'endless-1xx', intervalMs: 20 });
  const controller = new AbortController();
  const call = expectError(() => c.listImages({ signal: controller.signal }));
  setTimeout(() => controller.abort(), 200);
  const err = await call;
  expect(err.code).toBe('NETWORK');
  expect(err.path).toBe('/auth/login');
  expect(err.message).toBe('The call was cancelled while logging in; nothing was sent.');
  expect(err.details).toEqual({ sent: false, loginSent: true, cancelled: true });
  expect(sim.control.requestCount({ pathPrefix: IMAGES })).toBe(0);
});

test('a cancel during the pause before a retry ends the call at once, not after the pause', async () => {
  const controller = new AbortController();
  // A pause of ten minutes: the call can only end within the test's time if the cancel cuts it short.
  const c = client(
    (line) => {
      if (line.includes('-> 503, retrying')) setTimeout(() => controller.abort(), 0);
    },
    { retry: { retries: 3, baseDelayMs: 600_000, maxDelayMs: 600_000 } },
  );
  await c.listImages();
  sim.control.injectOnce({ method: 'GET', path: IMAGES }, { kind: 'status', status: 503 });
  const err = await expectError(() => c.listImages({ signal: controller.signal }));
  expect(err.code).toBe('CANCELLED');
  expect(err.details).toEqual({ sent: false });
  // One attempt reached the device; the retry was never sent.
  expect(sim.control.requestCount({ method: 'GET', pathPrefix: IMAGES })).toBe(2);
}, 10_000);

test('a call that was retried and then answered leaves no listener on the caller’s signal', async () => {
  const c = client();
  await c.listImages();
  sim.control.injectOnce({ method: 'GET', path: IMAGES }, { kind: 'status', status: 503 });
  const controller = new AbortController();
  await c.listImages({ signal: controller.signal });
  expect(sim.control.requestCount({ method: 'GET', pathPrefix: IMAGES })).toBe(3);
  expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
});

test('a redeploy cancelled right after its last read changes nothing and says so', async () => {
  const NEXT: SeedImage = { name: 'nginx', tag: 'next', size: 70_000_000, platforms: ['linux/arm64/v8'], environment: [] };
  sim.control.addImage(NEXT);
  const controller = new AbortController();
  // The last read of the look is the old image's details (the rollback's preflight): cancel as its answer arrives.
  const c = client((line) => {
    if (line.startsWith(`GET ${IMAGES}/nginx/latest/details -> 200`)) controller.abort();
  });
  await c.createContainer(NGINX_SPEC);
  await c.startContainer('web');
  sim.control.clearRequests();
  const err = await expectError(() => c.redeploy({ ...NGINX_SPEC, image: { name: 'nginx', tag: 'next' } }, { signal: controller.signal }));
  expect(err.code).toBe('CANCELLED');
  expect(err.message).toContain('Cancelled: the redeploy was cancelled before anything was changed.');
  expect(sim.control.requests.filter((r) => r.method !== 'GET' && r.path !== '/auth/login')).toEqual([]);
  expect(sim.control.containers()).toEqual([expect.objectContaining({ name: 'web', tag: 'latest', state: 'running' })]);
});
