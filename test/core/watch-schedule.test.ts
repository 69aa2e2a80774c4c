/**
 * DeviceWatch's schedule against the simulator, counted in polls (list reads) rather than timed:
 * start() twice runs one watch, start() after stop() none; no poll comes before the interval has
 * passed; the interval runs from the start of one poll to the start of the next, so a poll that
 * took most of it is followed soon after (Date is faked to make a poll "take" minutes; timers and
 * sockets stay real); after stop() the watch leaves no timer pending, so nothing of it keeps a
 * process that stopped its watch alive (there setTimeout alone is faked, to count pending timers).
 */
import { DeviceWatch, parseWatchOptions, type SecureEdgeClient, type WatchDeps } from '../../core';
import type { RunningSimulator } from '../../simulator';
import { NGINX_SPEC } from '../support/client';
import { fakeOnlyDate, fakeOnlyTimeouts } from '../support/clock';
import { deviceEachTest } from '../support/device-each-test';

let sim: RunningSimulator;
let client: SecureEdgeClient;

deviceEachTest(
  (d) => ({ sim, client } = d),
  async (d) => {
    await d.client.createContainer(NGINX_SPEC);
  },
);
afterEach(() => jest.useRealTimers());

const TEN_MINUTES = 600_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Polls seen by the device: each poll reads the container list once. */
const listReads = () => sim.control.requests.filter((r) => r.method === 'GET' && r.path === '/api/v1/docker/containers').length;

/** Waits until `done()` (checked every 10 ms), for at most `maxMs`; the caller asserts what it needs. */
async function until(done: () => boolean, maxMs = 10_000): Promise<void> {
  for (let waited = 0; !done() && waited < maxMs; waited += 10) await sleep(10);
}

function watchWith(deps: WatchDeps, intervalMs: number) {
  const polls: number[] = [];
  const watch = new DeviceWatch(
    deps,
    { ...parseWatchOptions({}), intervalMs },
    { onEvent: () => {}, onPoll: (r) => polls.push(r.watched) },
  );
  return { watch, polls };
}

test('start() twice runs one watch: one poll, not two', async () => {
  const { watch, polls } = watchWith(client, TEN_MINUTES);
  watch.start();
  watch.start();
  await until(() => polls.length >= 1);
  await sleep(300); // room for a second poll, were there one
  await watch.stop();
  expect(polls).toEqual([1]);
  expect(listReads()).toBe(1);
});

test('start() after stop() polls nothing', async () => {
  const { watch, polls } = watchWith(client, 1000);
  await watch.stop();
  watch.start();
  await sleep(300);
  await watch.stop();
  expect(polls).toEqual([]);
  expect(listReads()).toBe(0);
});

test('no second poll before the interval has passed', async () => {
  const { watch, polls } = watchWith(client, TEN_MINUTES);
  watch.start();
  await until(() => polls.length >= 1);
  await sleep(500);
  expect(listReads()).toBe(1);
  expect(polls).toHaveLength(1);
  await watch.stop();
});

test('the interval runs from the start of a poll: a poll that took all but 100 ms of it is followed soon after', async () => {
  const clock = fakeOnlyDate();
  let slowPolls = 1;
  const deps: WatchDeps = {
    listContainers: async () => {
      const list = await client.listContainers();
      // The first poll "takes" ten minutes less 100 ms (by the clock the watch reads).
      if (slowPolls-- > 0) clock.advance(TEN_MINUTES - 100);
      return list;
    },
    stateOrAbsent: (name) => client.stateOrAbsent(name),
    listImages: () => client.listImages(),
    getContainerConfiguration: (name) => client.getContainerConfiguration(name),
  };
  const { watch, polls } = watchWith(deps, TEN_MINUTES);
  watch.start();
  await until(() => polls.length >= 2);
  await watch.stop();
  // A second poll after ~100 ms, not after another ten minutes (or twenty).
  expect(polls).toEqual([1, 1]);
  expect(listReads()).toBe(2);
});

test('after stop() the watch leaves no timer pending (its pause is cleared, not left to run out)', async () => {
  await client.listContainers(); // the connection is open before timers are faked
  // The count below then moves only by what the watch does.
  fakeOnlyTimeouts();
  const { watch, polls } = watchWith(client, TEN_MINUTES);
  watch.start();
  for (let turns = 0; polls.length === 0 && turns < 1_000_000; turns++) await new Promise((resolve) => setImmediate(resolve));
  expect(polls).toEqual([1]);
  const pending = jest.getTimerCount(); // the watch's pause until the next poll, among others
  await watch.stop();
  const left = jest.getTimerCount();
  jest.useRealTimers(); // before the hooks close the client and the simulator
  expect(left).toBe(pending - 1);
});
