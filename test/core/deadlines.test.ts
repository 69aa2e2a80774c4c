/**
 * Answers that attack the client: a body trickled byte by byte, 1xx answers that never end, error
 * bodies built to make text extraction quadratic. Each ends with TIMEOUT at the request deadline
 * (within 10%), costs little CPU, and close() never waits on them longer than its grace.
 */
import { createUndiciTransport, TransportError } from '../../core';
import { errorText } from '../../core/error-text';
import { expectError, testClient } from '../support/client';
import { startTestSimulator } from '../support/simulator';
import type { RunningSimulator } from '../../simulator';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startTestSimulator();
});
afterAll(() => sim.close());

const DEADLINE = 5000;

/** Time and CPU (user + system) spent by this process while fn runs. */
async function measured<T>(fn: () => Promise<T>): Promise<{ result: T; ms: number; cpuMs: number }> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const result = await fn();
  const used = process.cpuUsage(cpu);
  return { result, ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000 };
}

test.each([
  ['a body trickled one byte every 200 ms', { kind: 'trickle', intervalMs: 200 } as const],
  ['"102 Processing" every 20 ms, never an answer', { kind: 'endless-1xx', intervalMs: 20 } as const],
])('%s: TIMEOUT at the deadline, within 10%%, with little CPU', async (_what, fault) => {
  const client = testClient(sim, { timeoutMs: DEADLINE, retry: { retries: 0 } });
  try {
    await client.listImages(); // logged in, so only the faulted request is timed
    sim.control.injectOnce({ method: 'GET', path: '/api/v1/docker/images' }, fault);
    const { result: err, ms, cpuMs } = await measured(() => expectError(() => client.listImages()));
    expect(err.code).toBe('TIMEOUT');
    expect(err.message).toMatch(/no complete answer within 5000 ms/);
    expect(ms).toBeGreaterThanOrEqual(DEADLINE * 0.9);
    expect(ms).toBeLessThanOrEqual(DEADLINE * 1.1);
    // The simulator runs in this process too; together they stay far below one busy core.
    expect(cpuMs).toBeLessThan(ms * 0.5);
  } finally {
    await client.close();
  }
});

test('an 8 MiB error body of unclosed tags: DEVICE_ERROR cheaply, its text bounded', async () => {
  const client = testClient(sim, { retry: { retries: 0 } });
  try {
    await client.listImages();
    sim.control.injectOnce(
      { method: 'GET', path: '/api/v1/docker/images' },
      { kind: 'adversarial-body', status: 500, bytes: 8 * 1024 * 1024 },
    );
    const { result: err, cpuMs } = await measured(() => expectError(() => client.listImages()));
    expect(err.code).toBe('DEVICE_ERROR');
    expect(err.message.length).toBeLessThan(600);
    // Reading 8 MiB over loopback is most of it; the old regexes took hours here.
    expect(cpuMs).toBeLessThan(2000);
  } finally {
    await client.close();
  }
});

test.each(['<a', '<a<title>', '<script', '<!--<a', '{"error":"<a'])('error text from 8 MiB of %j costs under 50 ms', (pattern) => {
  const body = pattern.repeat(Math.ceil((8 * 1024 * 1024) / pattern.length));
  errorText(body.slice(0, 1000)); // warm up
  // The best of three, so a busy machine's pause is not counted as the function's cost.
  let best = Infinity;
  let text: string | undefined;
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    text = errorText(body);
    best = Math.min(best, performance.now() - started);
  }
  expect(best).toBeLessThan(50);
  expect((text ?? '').length).toBeLessThanOrEqual(201);
});

test('error text still reads what devices send: JSON error, HTML title, page text, plain text', () => {
  expect(errorText('{"error":"container exists"}')).toBe('container exists');
  expect(errorText('<html><head><title>502 Bad Gateway</title></head></html>')).toBe('502 Bad Gateway');
  expect(errorText('<html><body><script>x()</script><p>No  space</p><style>p{}</style>left</body></html>')).toBe('No space left');
  expect(errorText('a < b and nothing else')).toBe('a < b and nothing else');
  expect(errorText('   ')).toBeUndefined();
});

test('a caller cancelling a trickled request: a cancelled TransportError, not a timeout, at once', async () => {
  const transport = createUndiciTransport({ origin: sim.url, connectTimeoutMs: 1000 });
  try {
    sim.control.injectOnce({ method: 'GET', path: '/api/v1/docker/images' }, { kind: 'trickle', intervalMs: 100 });
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 300);
    const started = Date.now();
    const err = await transport
      .request({ method: 'GET', path: '/api/v1/docker/images', headers: {}, timeoutMs: 10_000, signal: abort.signal })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect(err).toMatchObject({ cancelled: true, timedOut: false });
    expect((err as Error).message).toMatch(/cancelled/);
    expect(Date.now() - started).toBeLessThan(3000);
    // Already aborted: nothing is sent.
    const before = sim.control.requestCount();
    const early = await transport
      .request({ method: 'GET', path: '/api/v1/docker/images', headers: {}, timeoutMs: 1000, signal: AbortSignal.abort() })
      .catch((e: unknown) => e);
    expect(early).toMatchObject({ cancelled: true, phase: 'connect' });
    expect(sim.control.requestCount()).toBe(before);
  } finally {
    await transport.close();
  }
});

test('close() with a request stuck in endless 1xx answers ends within its grace, and the client works again after', async () => {
  const client = testClient(sim, { timeoutMs: 60_000, retry: { retries: 0 } });
  await client.listImages();
  sim.control.injectOnce({ method: 'GET', path: '/api/v1/docker/images' }, { kind: 'endless-1xx', intervalMs: 50 });
  const stuck = client.listImages().catch((e: unknown) => e);
  await new Promise((resolve) => setTimeout(resolve, 300));
  const started = Date.now();
  await client.close(500);
  expect(Date.now() - started).toBeLessThan(2500);
  const err = await stuck;
  expect(err).toMatchObject({ code: expect.stringMatching(/NETWORK|TIMEOUT/) });
  await expect(client.listImages()).resolves.toEqual(expect.any(Array));
  await client.close();
});
