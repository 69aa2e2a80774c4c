/**
 * A client given its own transport (an engine's HTTP stack, the `transport` option) may see that
 * transport fail with an error of its own, not a TransportError. Such a failure is not guessed at:
 * a GET is not retried (only failures the rules know are), and a login that failed this way is a
 * NETWORK failure — not a TIMEOUT — whose details say only `sent: false`, since whether the login
 * left the machine is unknown. The undici transport never throws such an error, so a thin wrapper
 * around it stands in for the engine's stack; every request it passes on goes to the simulator.
 */
import { createUndiciTransport, type Transport, type TransportRequest } from '../../core';
import type { RunningSimulator } from '../../simulator';
import { expectError, testClient } from '../support/client';
import { startTestSimulator } from '../support/simulator';

let sim: RunningSimulator;
let inner: Transport;

beforeEach(async () => {
  sim = await startTestSimulator();
  inner = createUndiciTransport({ origin: sim.url, connectTimeoutMs: 2000 });
});
afterEach(async () => {
  await inner.close(0);
  await sim.close();
});

/** The real transport, except that the next request matching `fails` throws the engine's own error. */
function engineTransport(fails: (req: TransportRequest) => boolean): { transport: Transport; asked: string[] } {
  const asked: string[] = [];
  let armed = true;
  const transport: Transport = {
    origin: inner.origin,
    request: (req) => {
      asked.push(`${req.method} ${req.path}`);
      if (armed && fails(req)) {
        armed = false;
        return Promise.reject(new Error('engine stack: proxy configuration invalid'));
      }
      return inner.request(req);
    },
    close: (graceMs) => inner.close(graceMs),
  };
  return { transport, asked };
}

test('a GET that failed with the transport’s own error is not retried', async () => {
  const { transport, asked } = engineTransport((r) => r.path === '/api/v1/docker/images');
  const client = testClient(sim, { transport });
  const err = await expectError(() => client.listImages());
  expect(err.code).toBe('NETWORK');
  expect(err.message).toContain('engine stack: proxy configuration invalid');
  expect(asked.filter((a) => a === 'GET /api/v1/docker/images')).toHaveLength(1);
  expect(sim.control.requestCount({ pathPrefix: '/api/v1/docker/images' })).toBe(0);
});

test('a login that failed with the transport’s own error is NETWORK, sent: false, login unknown', async () => {
  const { transport } = engineTransport((r) => r.path === '/auth/login');
  const client = testClient(sim, { transport, retry: { retries: 0, baseDelayMs: 5, maxDelayMs: 20 } });
  const err = await expectError(() => client.listImages());
  expect(err.code).toBe('NETWORK');
  expect(err.path).toBe('/auth/login');
  expect(err.message).toContain('engine stack: proxy configuration invalid');
  expect(err.details).toEqual({ sent: false });
  expect(sim.control.loginCount()).toBe(0);
});
