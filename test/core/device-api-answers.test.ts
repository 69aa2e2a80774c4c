/**
 * How the device's answers become results or errors, through the real client against the
 * simulator: the code and exact message for each HTTP status class (400/422, 3xx, 404 without a
 * subject, an error without a body), what a 2xx that is not JSON says about its body, a session
 * rejected twice, the headers each request carries, the per-request debug line and why a request
 * is sent again, an outage remembered for calls made with a live session, and what a
 * cancelled call says about whether it was sent.
 */
import { createUndiciTransport, SecureEdgeClient, TransportError, type Transport, type TransportRequest } from '../../core';
import type { RunningSimulator } from '../../simulator';
import { expectError, testClient } from '../support/client';
import { recordForScan } from '../support/secrets';
import { deviceEachTest } from '../support/device-each-test';

const IMAGES = '/api/v1/docker/images';

let sim: RunningSimulator;
let client: SecureEdgeClient;
deviceEachTest((d) => ({ sim, client } = d));

function answerImagesOnce(status: number, body = '', contentType?: string) {
  sim.control.injectOnce(
    { method: 'GET', path: IMAGES },
    { kind: 'status', status, body, ...(contentType !== undefined ? { contentType } : {}) },
  );
}
const imageGets = () => sim.control.requestCount({ method: 'GET', pathPrefix: IMAGES });

describe('non-2xx answers', () => {
  test.each([
    [400, 'INVALID_INPUT', `The device rejected GET ${IMAGES} as invalid (HTTP 400).`],
    [422, 'INVALID_INPUT', `The device rejected GET ${IMAGES} as invalid (HTTP 422).`],
    [
      300,
      'BAD_RESPONSE',
      `The device redirected GET ${IMAGES} (HTTP 300) where the API documents an answer. Is the URL right (http vs https, port)?`,
    ],
    [
      307,
      'BAD_RESPONSE',
      `The device redirected GET ${IMAGES} (HTTP 307) where the API documents an answer. Is the URL right (http vs https, port)?`,
    ],
    [
      399,
      'BAD_RESPONSE',
      `The device redirected GET ${IMAGES} (HTTP 399) where the API documents an answer. Is the URL right (http vs https, port)?`,
    ],
    [500, 'DEVICE_ERROR', `The device answered HTTP 500 to GET ${IMAGES}.`],
    [404, 'NOT_FOUND', `GET ${IMAGES} was not found on the device (HTTP 404).`],
  ] as const)('HTTP %s without a body is %s with exactly its message, and is not repeated', async (status, code, message) => {
    await client.listImages();
    answerImagesOnce(status);
    const err = await expectError(() => client.listImages());
    expect({ code: err.code, status: err.status, method: err.method, path: err.path, message: err.message }).toEqual({
      code,
      status,
      method: 'GET',
      path: IMAGES,
      message,
    });
    expect(imageGets()).toBe(2);
  });

  test('the device words follow the message of a 422', async () => {
    await client.listImages();
    answerImagesOnce(422, '{"error":"bad tag"}', 'application/json');
    const err = await expectError(() => client.listImages());
    expect(err.message).toBe(`The device rejected GET ${IMAGES} as invalid (HTTP 422). The device says: "bad tag".`);
  });
});

describe('a 2xx that is not JSON', () => {
  const tail = 'where JSON was expected. A proxy between here and the device, or a firmware this package does not know, may be answering.';

  test.each([
    ['a blank body is an empty body', ' \r\n\t ', 'text/plain', `an empty body ${tail}`],
    [
      'the start is trimmed, cut to 40 characters and folded',
      '  \n Service\n\n  temporarily\tunavailable, please come back in a few minutes  ',
      'text/html',
      `something that is not JSON (text/html: "Service temporarily unavailable, plea…") ${tail}`,
    ],
    ['no content type says so', 'not json', '', `something that is not JSON (no content type: "not json…") ${tail}`],
  ])('%s', async (_name, body, contentType, what) => {
    await client.listImages();
    answerImagesOnce(200, body, contentType);
    const err = await expectError(() => client.listImages());
    expect(err.code).toBe('BAD_RESPONSE');
    expect(err.status).toBe(200);
    expect(err.message).toBe(`The device answered GET ${IMAGES} with ${what}`);
  });

  test('the cause of an empty body says it was empty', async () => {
    await client.listImages();
    answerImagesOnce(200, '', 'application/json');
    const err = await expectError(() => client.listImages());
    expect((err.cause as Error).message).toBe('empty body');
  });

  test('the start shown is of the body, not of its first ERROR_TEXT_PREFIX characters trimmed away', async () => {
    await client.listImages();
    // Only blanks in the part that is read: the message shows an empty start, never text from beyond it.
    answerImagesOnce(200, `${' '.repeat(16 * 1024)}beyond the prefix`, 'text/plain');
    const err = await expectError(() => client.listImages());
    expect(err.message).toBe(`The device answered GET ${IMAGES} with something that is not JSON (text/plain: "…") ${tail}`);
  });
});

test('a session rejected again right after a fresh login is AUTH_FAILED, after exactly one new login', async () => {
  await client.listImages();
  const loginsBefore = sim.control.loginCount();
  answerImagesOnce(401);
  answerImagesOnce(401);
  const err = await expectError(() => client.listImages());
  expect(err.code).toBe('AUTH_FAILED');
  expect(err.status).toBe(401);
  expect(err.message).toBe(
    `The device rejected a fresh session for GET ${IMAGES} (HTTP 401). The login worked, so the user may lack rights, or another client keeps ending the session.`,
  );
  expect(imageGets()).toBe(3);
  expect(sim.control.loginCount() - loginsBefore).toBe(1);
});

/** The undici transport to the simulator, recording each request and optionally failing one. */
function recordingTransport(fail?: (req: TransportRequest) => unknown): { transport: Transport; seen: TransportRequest[] } {
  const real = createUndiciTransport({ origin: sim.url, connectTimeoutMs: 5000 });
  const seen: TransportRequest[] = [];
  return {
    seen,
    transport: {
      origin: real.origin,
      request: async (req) => {
        seen.push(req);
        const err = fail?.(req);
        if (err) throw err;
        return real.request(req);
      },
      close: (graceMs) => real.close(graceMs),
    },
  };
}

function clientWith(transport: Transport, log: string[] = [], retries = 3): SecureEdgeClient {
  return testClient(sim, {
    transport,
    retry: { retries, baseDelayMs: 5, maxDelayMs: 20 },
    logger: {
      debug: (m) => (recordForScan('client log', m), log.push(m)),
      warn: (m) => (recordForScan('client log', m), log.push(m)),
    },
  });
}

test('every API request asks for JSON; only one with a body says it sends JSON', async () => {
  await client.close();
  const { transport, seen } = recordingTransport();
  client = clientWith(transport);
  await client.listImages();
  await client.createContainer({ container: { name: 'web' }, image: { name: 'nginx', tag: 'latest' } });
  const api = seen.filter((r) => r.path.startsWith('/api/v1/docker/'));
  const get = api.find((r) => r.method === 'GET');
  const post = api.find((r) => r.method === 'POST' && r.path === '/api/v1/docker/containers');
  expect(get?.headers.accept).toBe('application/json');
  expect(get?.headers['content-type']).toBeUndefined();
  expect(get?.body).toBeUndefined();
  expect(post?.headers.accept).toBe('application/json');
  expect(post?.headers['content-type']).toBe('application/json');
  expect(JSON.parse(post?.body ?? '')).toMatchObject({ container: { name: 'web' } });
});

test('with a logger, each request is logged with its status and how long it took', async () => {
  await client.close();
  const log: string[] = [];
  client = clientWith(recordingTransport().transport, log);
  await client.listImages();
  const before = Date.now();
  await client.listImages();
  const took = Date.now() - before;
  const lines = log.filter((m) => m.startsWith(`GET ${IMAGES} -> `));
  expect(lines).toHaveLength(2);
  const ms = Number(/^GET \/api\/v1\/docker\/images -> 200 \((\d+) ms\)$/.exec(lines[1])?.[1]);
  // Not a timing check: the logged duration is part of the measured call, whatever the machine's speed.
  expect(ms).toBeGreaterThanOrEqual(0);
  expect(ms).toBeLessThanOrEqual(took);
});

test('the log says why a request is sent again: a retried status, a session rejected', async () => {
  const log: string[] = [];
  await client.close();
  client = testClient(sim, { logger: { debug: (m) => log.push(m), warn: (m) => log.push(m) } });
  await client.listImages();
  answerImagesOnce(503);
  await client.listImages();
  sim.control.expireAllSessions();
  await client.listImages();
  recordForScan('client log', log);
  expect(log.filter((m) => /retrying|logging in again/.test(m))).toEqual([
    `GET ${IMAGES} -> 503, retrying`,
    `GET ${IMAGES} -> 401: session rejected, logging in again`,
  ]);
});

test('a device found unreachable is remembered for every call: with a live session the next call fails at once, unsent', async () => {
  await client.close();
  client = testClient(sim, { retry: { retries: 0 } });
  await client.listImages();
  // The device is switched off: connections are refused, the client's session is still live.
  await sim.close();
  // The first call may still meet the kept-alive connection (sent, closed under it); the first one
  // refused at connect (never sent) is what shows the device unreachable.
  let failure = await expectError(() => client.listImages());
  if (failure.details?.sent !== false) failure = await expectError(() => client.listImages());
  expect([failure.code, failure.details?.sent]).toEqual(['NETWORK', false]);
  expect(failure.details?.remembered).toBeUndefined();
  const next = await expectError(() => client.listContainers());
  expect(next.details).toMatchObject({ sent: false, remembered: true });
  expect(next.message).toMatch(/^The device could not be reached at .*; calls fail at once until /);
});

describe('cancelled calls say whether they were sent', () => {
  test('a call whose signal is already aborted is not sent', async () => {
    await client.listImages();
    const controller = new AbortController();
    controller.abort();
    const err = await expectError(() => client.listImages({ signal: controller.signal }));
    expect(err.code).toBe('CANCELLED');
    expect(err.message).toBe(`Cancelled: GET ${IMAGES} was not sent.`);
    expect(err.details).toEqual({ sent: false });
    expect(imageGets()).toBe(1);
  });

  test.each([
    ['lost', `Cancelled: The answer to GET ${IMAGES} was not awaited; the device may or may not have done it.`, true],
    ['connect', `Cancelled: GET ${IMAGES} was not sent.`, false],
  ] as const)('cancelled while in phase %s', async (phase, message, sent) => {
    await client.close();
    const controller = new AbortController();
    const { transport } = recordingTransport((req) => {
      if (req.path !== IMAGES || !req.signal) return undefined;
      controller.abort();
      return new TransportError('the operation was aborted', phase, false, 'UND_ERR_ABORTED');
    });
    // No retries: the failure itself is reported, not a retry pause cut short.
    client = clientWith(transport, [], 0);
    const err = await expectError(() => client.listImages({ signal: controller.signal }));
    expect(err.code).toBe('CANCELLED');
    expect(err.message).toBe(message);
    expect(err.details).toEqual({ sent });
  });
});
