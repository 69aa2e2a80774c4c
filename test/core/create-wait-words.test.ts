/**
 * What the wait after a 504 (or a lost) create says, word for word: how long it waited, whether
 * the device answered 504 or not at all, that the create must not be sent again; and how a cancel
 * in the pause between two looks at the list is told. The clock is frozen (only Date is fake)
 * and moved by the test when the device answers a list read, so the durations are exact.
 */
import type { SecureEdgeClient } from '../../core';
import type { RunningSimulator, SeedImage } from '../../simulator';
import { expectError, testClient } from '../support/client';
import { fakeOnlyDate } from '../support/clock';
import { deviceEachTest } from '../support/device-each-test';
import { recordForScan } from '../support/secrets';

/** Copied into Docker's cache in 0.3 s on its first use, or in a minute: both past the 50 ms gateway timeout. */
const QUICK: SeedImage = { name: 'acme/app', tag: '1.0', size: 50_000_000, platforms: ['linux/arm64/v8'], environment: [], createMs: 300 };
const SLOW: SeedImage = { ...QUICK, name: 'acme/slow-app', createMs: 60_000 };
const quickSpec = { container: { name: 'app' }, image: { name: 'acme/app', tag: '1.0' } };
const slowSpec = { container: { name: 'slow' }, image: { name: 'acme/slow-app', tag: '1.0' } };
const CREATE = { method: 'POST', path: '/api/v1/docker/containers' };

let sim: RunningSimulator;
let watching: SecureEdgeClient | undefined;

deviceEachTest(
  (d) => ({ sim } = d),
  async ({ sim: s }) => {
    s.control.setOptions({ gatewayTimeoutMs: 50 });
    s.control.addImage(QUICK);
    s.control.addImage(SLOW);
  },
);
afterEach(async () => {
  jest.useRealTimers();
  await watching?.close();
  watching = undefined;
});

/** A client that calls `onList` each time the device has answered a read of the container list. */
function clientWatchingList(onList: () => void, poll?: { intervalMs: number; maxIntervalMs: number }): SecureEdgeClient {
  const log = (m: string) => {
    recordForScan('client log', m);
    if (m.startsWith('GET /api/v1/docker/containers -> 200')) onList();
  };
  watching = testClient(sim, { logger: { debug: log, warn: log }, ...(poll ? { poll } : {}) });
  return watching;
}

const listReads = () => sim.control.requestCount({ method: 'GET', pathPrefix: '/api/v1/docker/containers' });

test('a 504 create that appears: the result says 504 and exactly how long the wait took by the clock', async () => {
  const clock = fakeOnlyDate();
  const client = clientWatchingList(() => {
    if (listReads() === 1) clock.advance(2500);
  });
  const result = await client.createContainer(quickSpec, { createTimeoutMs: 60_000 });
  expect(result).toEqual({ name: 'app', image: 'acme/app:1.0', created: true, createAnswer: 504, waitedForCreateMs: 2500 });
});

describe.each<[string, 504 | 'lost', string]>([
  ['answered 504', 504, 'answered 504 (still creating)'],
  ['lost its answer', 'lost', 'did not answer the create request'],
])('a create that %s and does not appear in time', (_what, answer, why) => {
  test('is CREATE_PENDING: how long it waited, the image, and not to create it again', async () => {
    if (answer === 'lost') sim.control.injectOnce(CREATE, { kind: 'drop-after' });
    const clock = fakeOnlyDate();
    // The first look at the list uses up the whole minute.
    const client = clientWatchingList(() => clock.advance(60_000));
    const err = await expectError(() => client.createContainer(slowSpec, { createTimeoutMs: 60_000 }));
    expect(err).toMatchObject({
      code: 'CREATE_PENDING',
      method: 'POST',
      path: '/api/v1/docker/containers',
      message:
        `The device ${why} and container 'slow' has not appeared within 60 s. ` +
        "It may still be copying image 'acme/slow-app:1.0' into Docker's cache. Do not create it again: check the container list in a while.",
      details: { createAnswer: answer, waitedForCreateMs: 60_000 },
    });
    // Only a 504 is an HTTP status; a lost answer has none.
    expect(err.status).toBe(answer === 504 ? 504 : undefined);
    expect(listReads()).toBe(1);
    expect(sim.control.requestCount({ method: 'POST', pathPrefix: '/api/v1/docker/containers' })).toBe(1);
  });

  test('cancelled in a pause between looks at the list: says the device may still create it', async () => {
    if (answer === 'lost') sim.control.injectOnce(CREATE, { kind: 'drop-after' });
    const controller = new AbortController();
    // Pauses of a minute: once the first look is answered, the wait is in its pause.
    const client = clientWatchingList(() => setImmediate(() => controller.abort()), { intervalMs: 60_000, maxIntervalMs: 60_000 });
    const err = await expectError(() => client.createContainer(slowSpec, { createTimeoutMs: 600_000, signal: controller.signal }));
    expect(err).toMatchObject({
      code: 'CANCELLED',
      message: `Cancelled: the wait for container 'slow' after a ${answer === 504 ? '504' : 'lost'} create was stopped; the device may still create it.`,
    });
    expect(listReads()).toBe(1);
  });
});
