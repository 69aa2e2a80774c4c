/**
 * The words and details of failures below HTTP, which decide whether a caller may repeat a change:
 * a device that refuses connections ("Cannot reach ... was not sent"), a call cancelled while it
 * waited for another call's login (not sent, nothing reached the device), and failures only an
 * engine's own transport can report (a cancel of its own, a failure without a low-level code, an
 * error that is no TransportError), which must keep `sent`/`cancelled` right and not be retried
 * when they should not be.
 */
import { createUndiciTransport, SecureEdgeClient, TransportError, type Transport, type TransportRequest } from '../../core';
import type { RunningSimulator } from '../../simulator';
import { expectError, testClient } from '../support/client';
import { recordForScan } from '../support/secrets';
import { startTestSimulator } from '../support/simulator';

let sim: RunningSimulator;

beforeEach(async () => {
  sim = await startTestSimulator();
});
afterEach(async () => {
  await sim.close();
});

const IMAGES = 'GET /api/v1/docker/images';

/**
 * The undici transport to the simulator, with one failure of our choosing in front of it: the
 * situations below come from an engine's own transport (the Transport interface is public), never
 * from undici, which always sets a low-level code and cancels only through the caller's signal.
 */
function transportFailingOnce(failure: (req: TransportRequest) => unknown): { transport: Transport; sent: string[] } {
  const real = createUndiciTransport({ origin: sim.url, connectTimeoutMs: 5000 });
  const sent: string[] = [];
  let failed = false;
  return {
    sent,
    transport: {
      origin: real.origin,
      request: async (req) => {
        sent.push(`${req.method} ${req.path}`);
        const err = failed ? undefined : failure(req);
        if (err) {
          failed = true;
          throw err;
        }
        return real.request(req);
      },
      close: (graceMs) => real.close(graceMs),
    },
  };
}

function clientWith(transport: Transport, log: string[] = []): SecureEdgeClient {
  return testClient(sim, {
    transport,
    logger: {
      debug: (m) => (recordForScan('client log', m), log.push(m)),
      warn: (m) => (recordForScan('client log', m), log.push(m)),
    },
  });
}

test('a GET the device never answers says how often it was retried, and only when it was', async () => {
  const client = testClient(sim, { retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 2 } });
  await client.listImages();
  sim.control.setFaults({ dropRate: 1 });
  const retried = await expectError(() => client.listImages());
  expect(retried.code).toBe('NETWORK');
  expect(retried.message).toMatch(
    /^The device did not answer GET \/api\/v1\/docker\/images \(.+\), also after 2 retries\. Check the network/,
  );
  const once = testClient(sim, { retry: { retries: 1, baseDelayMs: 1, maxDelayMs: 2 } });
  expect((await expectError(() => once.listImages())).message).toMatch(/\), also after 1 retry\. Check/);
  const never = testClient(sim, { retry: { retries: 0 } });
  expect((await expectError(() => never.listImages())).message).toMatch(
    /^The device did not answer GET \/api\/v1\/docker\/images \([^)]+\)\. Check/,
  );
  await Promise.all([client.close(), once.close(), never.close()]);
});

test('a device that refuses connections: "Cannot reach", the URL, and that the call was not sent', async () => {
  const client = testClient(sim, { retry: { retries: 1, baseDelayMs: 1, maxDelayMs: 2 } });
  await client.listImages(); // a live session: the next failure is the call's own, not the login's
  await sim.close(); // the port now refuses connections
  const err = await expectError(() => client.listImages());
  await client.close();
  expect(err.code).toBe('NETWORK');
  expect(err.details).toEqual({ sent: false });
  expect(err.message.startsWith(`Cannot reach the device at ${client.url} (ECONNREFUSED`)).toBe(true);
  expect(err.message).toMatch(
    /\); GET \/api\/v1\/docker\/images was not sent\. Check the URL, the network and, for https, the certificate settings\.$/,
  );
});

test('a call cancelled while it waited for another call’s login is "not sent", and nothing reaches the device', async () => {
  const client = testClient(sim);
  const controller = new AbortController();
  const first = client.listImages(); // starts the login
  const second = client.listContainers({ signal: controller.signal }); // waits for that same login
  controller.abort();
  const err = await expectError(() => second);
  await first;
  await client.close();
  expect(err.code).toBe('CANCELLED');
  expect(err.message).toBe('Cancelled: GET /api/v1/docker/containers was not sent.');
  expect(err.details).toEqual({ sent: false });
  expect(sim.control.requestCount({ method: 'GET', pathPrefix: '/api/v1/docker/containers' })).toBe(0);
});

describe("failures only an engine's own transport reports", () => {
  test.each([
    ['connect', 'GET /api/v1/docker/images was cancelled before it was sent.', false],
    ['lost', 'GET /api/v1/docker/images was cancelled; the device may or may not have done it.', true],
  ] as const)('a cancel of its own in phase %s: the message and details say whether it was sent', async (phase, message, sent) => {
    const { transport, sent: requests } = transportFailingOnce((req) =>
      req.path === '/api/v1/docker/images' ? new TransportError('the call was cancelled', phase, false, 'CANCELLED', true) : undefined,
    );
    const client = clientWith(transport);
    const err = await expectError(() => client.listImages());
    await client.close();
    expect(err.code).toBe('NETWORK');
    expect(err.message).toBe(message);
    expect(err.details).toEqual({ sent, cancelled: true });
    expect(requests.filter((r) => r === IMAGES)).toHaveLength(1); // a cancel is never retried
  });

  test('a dropped GET without a low-level code is logged as "network" and retried', async () => {
    const log: string[] = [];
    const { transport, sent } = transportFailingOnce((req) =>
      req.path === '/api/v1/docker/images' ? new TransportError('socket hang up', 'lost', false) : undefined,
    );
    const client = clientWith(transport, log);
    expect(await client.listImages()).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'nginx' })]));
    await client.close();
    expect(sent.filter((r) => r === IMAGES)).toHaveLength(2);
    expect(log).toContain('GET /api/v1/docker/images failed (network), retrying');
  });

  test('an error that is no TransportError is not retried, even on a GET', async () => {
    const { transport, sent } = transportFailingOnce((req) =>
      req.path === '/api/v1/docker/images' ? new Error('engine transport broke') : undefined,
    );
    const client = clientWith(transport);
    const err = await expectError(() => client.listImages());
    await client.close();
    expect(sent.filter((r) => r === IMAGES)).toHaveLength(1);
    expect(err.code).toBe('NETWORK');
    expect(err.message).toBe(
      'The device did not answer GET /api/v1/docker/images (Error: engine transport broke). Check the network and that the device is up.',
    );
  });
});
