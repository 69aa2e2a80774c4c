/**
 * The transport's bound on an answer's size (maxBodyBytes): a device never sends more than a few
 * kilobytes, but a broken proxy might stream without end. Proven for both ways an answer can come:
 * with a Content-Length (checked before reading) and chunked, without one (counted while reading,
 * through a real proxy in front of the simulator that drops the length). Each too-large answer
 * fails as BODY_TOO_LARGE, 'lost' (the request did reach the device), not a timeout; answers up
 * to the bound arrive whole.
 */
import type { OutgoingHttpHeaders } from 'node:http';
import { createUndiciTransport, TransportError, type Transport } from '../../core';
import type { RunningSimulator } from '../../simulator';
import { startFront, type Front } from '../reliability/front-proxy';
import { startTestSimulator } from '../support/simulator';

let sim: RunningSimulator;
let chunked: Front;
const transports: Transport[] = [];

beforeAll(async () => {
  sim = await startTestSimulator();
  // A proxy that forwards every answer without its Content-Length: Node then sends it chunked.
  chunked = await startFront({
    target: sim.url,
    rewrite: (_req, _status, headers: OutgoingHttpHeaders) => {
      const { 'content-length': _dropped, ...rest } = headers;
      return rest;
    },
  });
});
afterEach(async () => {
  await Promise.all(transports.splice(0).map((t) => t.close(0)));
  sim.control.clearFaults();
});
afterAll(async () => {
  await chunked.close();
  await sim.close();
});

function transport(origin: string, maxBodyBytes?: number): Transport {
  const t = createUndiciTransport({ origin, connectTimeoutMs: 2000, maxBodyBytes });
  transports.push(t);
  return t;
}

const PATH = '/api/v1/docker/images/big';
const get = (t: Transport) => t.request({ method: 'GET', path: PATH, headers: {}, timeoutMs: 10_000 });

/** The device answers the next GET of PATH with `bytes` bytes of text. */
function answerWith(bytes: number): string {
  const body = 'x'.repeat(bytes);
  sim.control.injectOnce({ method: 'GET', path: PATH }, { kind: 'status', status: 200, body, contentType: 'text/plain' });
  return body;
}

async function failure(p: Promise<unknown>): Promise<TransportError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof TransportError)) throw new Error(`expected a TransportError, got ${String(err)}`);
  return err;
}

test.each([
  ['with a Content-Length', () => sim.url],
  ['chunked, without a Content-Length', () => chunked.url],
])('an answer %s up to the bound arrives whole, to the last byte', async (_how, origin) => {
  const body = answerWith(1000);
  const res = await get(transport(origin(), 1000));
  expect(res.status).toBe(200);
  expect(res.body).toBe(body);
});

test('an answer whose Content-Length is over the bound fails before it is read, and nothing is left unhandled', async () => {
  // The body is thrown away unread: undici then reports an abort on it, which must not reach the
  // process as an unhandled 'error' (it would end n8n or Node-RED). Jest fails a test on one.
  answerWith(1001);
  const err = await failure(get(transport(sim.url, 1000)));
  expect(err.lowLevelCode).toBe('BODY_TOO_LARGE');
  expect(err.message).toBe('answer larger than 1000 bytes');
  expect(err.phase).toBe('lost');
  // Let the abort's 'error' event fire before the test ends.
  await new Promise((resolve) => setTimeout(resolve, 100));
});

test('a chunked answer one byte over the bound is BODY_TOO_LARGE, lost, not a timeout', async () => {
  answerWith(1001);
  const err = await failure(get(transport(chunked.url, 1000)));
  expect(err.lowLevelCode).toBe('BODY_TOO_LARGE');
  expect(err.message).toBe('answer larger than 1000 bytes');
  expect(err.phase).toBe('lost');
  expect(err.timedOut).toBe(false);
  expect(err.cancelled).toBe(false);
});

test('a chunked answer counts all its chunks: many small ones over the bound are too large', async () => {
  // 64 KiB through the proxy arrives in several chunks; only their sum is over the bound.
  answerWith(64 * 1024);
  const err = await failure(get(transport(chunked.url, 60 * 1024)));
  expect(err.lowLevelCode).toBe('BODY_TOO_LARGE');
  expect(err.message).toBe(`answer larger than ${60 * 1024} bytes`);
});
