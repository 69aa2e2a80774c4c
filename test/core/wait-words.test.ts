/**
 * What a wait for a container's state says, word for word: the state names it refuses (and how
 * much of a long one it repeats), the state that ended it early (failOn) and what to do about it,
 * how long it waited and the state it last saw when time ran out. The clock is frozen (only Date
 * is fake) and moved by the test when the device answers a status read, so every duration in a
 * message or in details is exact.
 */
import type { SecureEdgeClient } from '../../core';
import type { RunningSimulator } from '../../simulator';
import { expectError, NGINX_SPEC, testClient } from '../support/client';
import { fakeOnlyDate } from '../support/clock';
import { deviceEachTest } from '../support/device-each-test';
import { recordForScan } from '../support/secrets';

const STATUS = '/api/v1/docker/containers/web/status';
let sim: RunningSimulator;
let client: SecureEdgeClient;

deviceEachTest(
  (d) => ({ sim, client } = d),
  async ({ client: c }) => {
    await c.createContainer(NGINX_SPEC);
  },
);
afterEach(() => jest.useRealTimers());

/** A client that calls `onStatus` each time the device has answered a status read of 'web'. */
function clientWatchingStatus(onStatus: () => void, poll?: { intervalMs: number; maxIntervalMs: number }): SecureEdgeClient {
  const log = (m: string) => {
    recordForScan('client log', m);
    if (m.startsWith(`GET ${STATUS} -> 200`)) onStatus();
  };
  return testClient(sim, { logger: { debug: log, warn: log }, ...(poll ? { poll } : {}) });
}

const statusReads = () => sim.control.requestCount({ method: 'GET', pathPrefix: STATUS });

describe('states the wait refuses, before anything is sent', () => {
  test('a state name that is not a Docker state is named in the message, with the list of valid ones', async () => {
    const err = await expectError(() => client.waitForState('web', 'runing'));
    expect(err).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'state',
      message:
        'Invalid input: state must be one of created, running, paused, restarting, removing, exited, dead (got "runing"). Nothing was sent to the device.',
    });
    expect(sim.control.requests).toHaveLength(0);
  });

  test('a long wrong state is repeated only in part, so a pasted text does not fill the message', async () => {
    const err = await expectError(() => client.waitForState('web', 'running', { failOn: ['exited', 'x'.repeat(100)] }));
    expect(err.field).toBe('state');
    expect(err.message).toBe(
      `Invalid input: state must be one of created, running, paused, restarting, removing, exited, dead (got "${'x'.repeat(39)}). Nothing was sent to the device.`,
    );
    expect(sim.control.requests).toHaveLength(0);
  });

  test('an empty failOn list means no state ends the wait early: it runs to its deadline', async () => {
    sim.control.setContainerState('web', 'exited');
    const err = await expectError(() => client.waitForState('web', ['running', 'paused'], { timeoutMs: 200, failOn: [] }));
    expect(err.code).toBe('TIMEOUT');
    expect(err.message).toBe("Container 'web' did not reach running or paused within 0.2 s; it is exited.");
  });
});

describe('how a wait ends', () => {
  test('reached: the state, and exactly how long the wait took by the clock', async () => {
    const clock = fakeOnlyDate();
    // The first read sees 'created'; the clock then moves 1.5 s and the container is running.
    const watching = clientWatchingStatus(() => {
      if (statusReads() === 1) {
        clock.advance(1500);
        sim.control.setContainerState('web', 'running');
      }
    });
    try {
      const result = await watching.waitForState('web', 'running');
      expect(result).toEqual({ name: 'web', running_state: 'running', waitedForStateMs: 1500 });
      expect(statusReads()).toBe(2);
    } finally {
      await watching.close();
    }
  });

  test('a failOn state ends the wait at once, says the program quit and where to look', async () => {
    sim.control.setContainerState('web', 'exited');
    const err = await expectError(() => client.waitForState('web', 'running', { timeoutMs: 10_000, failOn: ['exited', 'dead'] }));
    expect(err).toMatchObject({
      code: 'DEVICE_ERROR',
      message: "Container 'web' is exited instead of running: its program quit after the start. Look at its logs in the device UI.",
      details: { running_state: 'exited', wanted: ['running'] },
    });
    expect(statusReads()).toBe(1);
  });

  test('the time a failOn wait took is in its details, by the clock', async () => {
    const clock = fakeOnlyDate();
    sim.control.setContainerState('web', 'dead');
    const watching = clientWatchingStatus(() => clock.advance(700));
    try {
      const err = await expectError(() => watching.waitForState('web', ['running', 'restarting'], { failOn: 'dead' }));
      expect(err.message).toBe(
        "Container 'web' is dead instead of running or restarting: its program quit after the start. Look at its logs in the device UI.",
      );
      expect(err.details).toEqual({ running_state: 'dead', wanted: ['running', 'restarting'], waitedForStateMs: 700 });
    } finally {
      await watching.close();
    }
  });

  test('out of time: how long it waited (10 s and up in whole seconds), the state it saw, and no more', async () => {
    const clock = fakeOnlyDate();
    // Each read the device answers takes the clock 10 s on: the first one uses up the whole wait.
    const watching = clientWatchingStatus(() => clock.advance(10_000));
    try {
      const err = await expectError(() => watching.waitForState('web', 'running', { timeoutMs: 10_000 }));
      expect(err).toMatchObject({
        code: 'TIMEOUT',
        message: "Container 'web' did not reach running within 10 s; it is created.",
        details: { running_state: 'created', wanted: ['running'], waitedForStateMs: 10_000 },
      });
      // The deadline was met exactly at the first read: that read was the last.
      expect(statusReads()).toBe(1);
    } finally {
      await watching.close();
    }
  });

  test('cancelled in a pause between reads: the message names the states it waited for', async () => {
    const controller = new AbortController();
    // Pauses of a minute: once the first read is answered, the wait is in its pause.
    const slow = clientWatchingStatus(() => setImmediate(() => controller.abort()), { intervalMs: 60_000, maxIntervalMs: 60_000 });
    try {
      const err = await expectError(() => slow.waitForState('web', ['running', 'restarting'], { signal: controller.signal }));
      expect(err).toMatchObject({
        code: 'CANCELLED',
        message: "Cancelled: the wait for container 'web' to be running or restarting was stopped.",
      });
      expect(statusReads()).toBe(1);
    } finally {
      await slow.close();
    }
  });

  test('a wait cancelled before it starts sends nothing and says which read it did not send', async () => {
    const controller = new AbortController();
    controller.abort();
    const err = await expectError(() => client.waitForState('web', 'running', { signal: controller.signal }));
    expect(err).toMatchObject({ code: 'CANCELLED', message: `Cancelled: GET ${STATUS} was not sent.` });
    expect(statusReads()).toBe(0);
  });
});
