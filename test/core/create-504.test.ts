/**
 * The documented 504 on a first create of a large image: never re-sent, waited for, or
 * CREATE_PENDING; the wait's deadline (from the image size when none is given), and how a failed
 * list read, a refused login and a cancel during the wait end it, each in its own words.
 */
import type { SeedImage } from '../../simulator';
import { createDeadlineMs } from '../../core';
import { expectError, testClient } from '../support/client';
import { fakeOnlyDate } from '../support/clock';
import { recordForScan } from '../support/secrets';
import { startTestSimulator } from '../support/simulator';

const BIG: SeedImage = {
  name: 'acme/big-app',
  tag: '2.0',
  size: 246_000_000,
  platforms: ['linux/arm64/v8'],
  environment: [],
  createMs: 600,
};
const spec = { container: { name: 'big' }, image: { name: 'acme/big-app', tag: '2.0' } };

async function setup() {
  const sim = await startTestSimulator({ gatewayTimeoutMs: 150, images: [BIG] });
  return { sim, client: testClient(sim) };
}

test('a 504 create is sent once and returns when the container appears', async () => {
  const { sim, client } = await setup();
  try {
    const result = await client.createContainer(spec, { createTimeoutMs: 5000 });
    expect(result).toMatchObject({ name: 'big', created: true, createAnswer: 504 });
    expect(result.waitedForCreateMs).toBeGreaterThan(0);
    expect(sim.control.requestCount({ method: 'POST', pathPrefix: '/api/v1/docker/containers' })).toBe(1);
    expect(sim.control.containers().map((c) => c.name)).toEqual(['big']);
    // The second container of the same image is fast: the image is in Docker's cache now.
    const second = await client.createContainer({ ...spec, container: { name: 'big2' } });
    expect(second.createAnswer).toBe(200);
  } finally {
    await client.close();
    await sim.close();
  }
});

test('past the deadline it is CREATE_PENDING, still with exactly one POST', async () => {
  const { sim, client } = await setup();
  try {
    const err = await expectError(() => client.createContainer(spec, { createTimeoutMs: 200 }));
    expect(err.code).toBe('CREATE_PENDING');
    expect(err.message).toMatch(/Do not create it again/);
    expect(sim.control.requestCount({ method: 'POST', pathPrefix: '/api/v1/docker/containers' })).toBe(1);
    expect(sim.control.pendingContainers()).toEqual(['big']);
    await new Promise((r) => setTimeout(r, 600));
    expect(sim.control.containers().map((c) => c.name)).toEqual(['big']);
  } finally {
    await client.close();
    await sim.close();
  }
});

test('a create whose answer is lost is treated like a 504, never re-sent', async () => {
  const { sim, client } = await setup();
  try {
    sim.control.injectOnce({ method: 'POST', path: '/api/v1/docker/containers' }, { kind: 'drop-after' });
    const result = await client.createContainer(
      { container: { name: 'web' }, image: { name: 'acme/big-app', tag: '2.0' } },
      { createTimeoutMs: 5000 },
    );
    expect(result.createAnswer).toBe('lost');
    expect(sim.control.requestCount({ method: 'POST', pathPrefix: '/api/v1/docker/containers' })).toBe(1);
  } finally {
    await client.close();
    await sim.close();
  }
});

test('without an explicit deadline, it grows with the image size', () => {
  expect(createDeadlineMs(69_622_746)).toBe(60_000);
  expect(createDeadlineMs(2_000_000_000)).toBeGreaterThan(createDeadlineMs(500_000_000));
  expect(createDeadlineMs(500_000_000)).toBeGreaterThan(60_000);
});

/**
 * The wait after a 504 or a lost create, each way it can end. A client whose logger acts at the
 * moment the 504 arrives (the debug line comes before the wait begins) changes the device or
 * cancels exactly between the create and the wait, with no timing involved.
 */
describe('the wait for a 504 create', () => {
  const SLOW: SeedImage = { ...BIG, name: 'acme/slow-app', tag: '1.0', size: 1_000_000_000, createMs: 60_000 };
  const slowSpec = { container: { name: 'slow' }, image: { name: 'acme/slow-app', tag: '1.0' } };
  let sim: Awaited<ReturnType<typeof startTestSimulator>>;
  let client: ReturnType<typeof testClient>;
  let on504: () => void;

  beforeEach(async () => {
    sim = await startTestSimulator({ gatewayTimeoutMs: 100, images: [BIG, SLOW] });
    on504 = () => undefined;
    const log = (m: string) => {
      recordForScan('client log', m);
      if (m.startsWith('POST /api/v1/docker/containers -> 504')) on504();
    };
    client = testClient(sim, { logger: { debug: log, warn: log } });
  });
  afterEach(async () => {
    jest.useRealTimers();
    await client.close();
    await sim.close();
  });

  test('without a deadline given, it is taken from the image size and named in whole seconds', async () => {
    const clock = fakeOnlyDate();
    const pending = expectError(() => client.createContainer(slowSpec));
    // Once the wait has looked at the list, jump past any deadline the size could give.
    while (sim.control.requestCount({ method: 'GET', pathPrefix: '/api/v1/docker/containers' }) === 0) {
      await new Promise((r) => setTimeout(r, 10));
    }
    clock.advance(3_600_000);
    const err = await pending;
    expect(sim.control.requestCount({ method: 'GET', pathPrefix: '/api/v1/docker/images/acme%2Fslow-app/1.0/details' })).toBe(1);
    expect(err.code).toBe('CREATE_PENDING');
    // 1 GB: 1000 MB * 0.13 s * 4 = 520 s, where a size not read would give the 180 s default.
    expect(err.message).toMatch(/^The device answered 504 \(still creating\) and container 'slow' has not appeared within 520 s\. /);
  });

  test('a create whose answer was lost and that does not appear says the device did not answer it', async () => {
    sim.control.injectOnce({ method: 'POST', path: '/api/v1/docker/containers' }, { kind: 'drop-after' });
    const err = await expectError(() => client.createContainer(slowSpec, { createTimeoutMs: 200 }));
    expect(err).toMatchObject({ code: 'CREATE_PENDING', details: { createAnswer: 'lost' } });
    expect(err.message).toMatch(/^The device did not answer the create request and container 'slow' has not appeared within 0\.2 s\. /);
  });

  test('list reads that fail meanwhile do not end the wait; the message gives the last failure', async () => {
    on504 = () => sim.control.setFaults({ errorRate: 1, errorStatuses: [500] });
    const err = await expectError(() => client.createContainer(slowSpec, { createTimeoutMs: 300 }));
    expect(err.code).toBe('CREATE_PENDING');
    expect(sim.control.requestCount({ method: 'GET', pathPrefix: '/api/v1/docker/containers' })).toBeGreaterThan(1);
    expect(err.message).toMatch(
      /Do not create it again: check the container list in a while\. Last check failed: The device answered HTTP 500 to GET \/api\/v1\/docker\/containers\./,
    );
  });

  test('a login refused during the wait ends it at once with AUTH_FAILED', async () => {
    on504 = () => {
      sim.control.setOptions({ password: 'changed-on-the-device' });
      sim.control.expireAllSessions();
    };
    const err = await expectError(() => client.createContainer(slowSpec, { createTimeoutMs: 1000 }));
    expect(err.code).toBe('AUTH_FAILED');
    expect(sim.control.requestCount({ method: 'GET', pathPrefix: '/api/v1/docker/containers' })).toBe(1);
  });

  test('a cancel during the wait ends it with the list read that was cancelled, not sent', async () => {
    const controller = new AbortController();
    on504 = () => controller.abort();
    const err = await expectError(() => client.createContainer(slowSpec, { signal: controller.signal }));
    expect(err.code).toBe('CANCELLED');
    expect(err.message).toBe('Cancelled: GET /api/v1/docker/containers was not sent.');
    // Cancelled before the image size was read: that read was not sent either.
    expect(sim.control.requests.map((r) => `${r.method} ${r.path}`).filter((r) => r !== 'POST /auth/login')).toEqual([
      'POST /api/v1/docker/containers',
    ]);
  });
});
