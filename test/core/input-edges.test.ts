/**
 * Edges of waits and watch settings, against the simulator: an empty state list and bad watch
 * settings are refused naming the field before anything is sent; a wait that times out while
 * status reads fail says why; a cancel during a poll's pause ends the wait at once; a GET cut by
 * close() is not sent again; the initial state events come whatever the event list says.
 */
import { DEFAULT_WATCH_EVENTS, parseWatchOptions, pollWatch, type SecureEdgeClient } from '../../core';
import type { RunningSimulator } from '../../simulator';
import { expectError, NGINX_SPEC, testClient } from '../support/client';
import { deviceEachTest } from '../support/device-each-test';

let sim: RunningSimulator;
let client: SecureEdgeClient;

deviceEachTest((d) => ({ sim, client } = d));

test('waiting for no state at all is INVALID_INPUT naming the field, and nothing is sent', async () => {
  const err = await expectError(() => client.waitForState('web', []));
  expect(err).toMatchObject({
    code: 'INVALID_INPUT',
    field: 'state',
    message: 'Invalid input: state must name at least one state. Nothing was sent to the device.',
  });
  expect(sim.control.requests).toHaveLength(0);
});

test('watch settings: no events, or containers that are neither text nor a list, name the field', () => {
  expect(() => parseWatchOptions({ events: [] })).toThrow(
    expect.objectContaining({ code: 'INVALID_INPUT', field: 'events', message: 'Invalid input: choose at least one event to watch for.' }),
  );
  expect(() => parseWatchOptions({ containers: 42 })).toThrow(
    expect.objectContaining({
      code: 'INVALID_INPUT',
      field: 'containers',
      message: 'Invalid input: containers must be a comma-separated list of container names.',
    }),
  );
});

test('watch settings an editor leaves empty (undefined or null) mean the default events', () => {
  // Node-RED keeps a field it never showed as undefined; an n8n or JSON config may hold null.
  expect(parseWatchOptions({}).events).toEqual([...DEFAULT_WATCH_EVENTS]);
  expect(parseWatchOptions({ events: null }).events).toEqual([...DEFAULT_WATCH_EVENTS]);
});

test('initial state events come even when the event list leaves out state changes; later ones follow the list', async () => {
  await client.createContainer(NGINX_SPEC);
  const options = parseWatchOptions({ events: ['created'], emitInitial: true });
  const first = await pollWatch(client, {}, options);
  expect(first.events.map(({ at, ...e }) => e)).toEqual([{ event: 'state', container: 'web', to: 'created' }]);
  await client.startContainer('web');
  const second = await pollWatch(client, first.cursor, options);
  expect(second.events).toEqual([]);
});

test('a wait that times out while every status read fails says the last read failed, and why', async () => {
  await client.createContainer(NGINX_SPEC);
  sim.control.setFaults({ errorRate: 1, errorStatuses: [500] });
  const err = await expectError(() => client.waitForState('web', 'running', { timeoutMs: 300 }));
  expect(err.code).toBe('TIMEOUT');
  expect(err.message).toMatch(/^Container 'web' did not reach running within 0\.3 s; it is unknown\. The last status read failed: /);
});

test('a cancel during a pause between polls ends the wait at once with CANCELLED', async () => {
  await client.createContainer(NGINX_SPEC);
  sim.control.setOptions({ startDelayMs: 10_000 });
  await client.startContainer('web');
  // Long pauses between polls, so the cancel lands in one (not in a status read).
  const slowPolls = testClient(sim, { poll: { intervalMs: 3000, maxIntervalMs: 3000 } });
  const controller = new AbortController();
  const waiting = slowPolls.waitForState('web', 'running', { timeoutMs: 20_000, signal: controller.signal });
  // Cancel once the first status read is answered: the wait is then in its pause.
  const before = sim.control.requestCount({ method: 'GET', pathPrefix: '/api/v1/docker/containers/web/status' });
  while (sim.control.requestCount({ method: 'GET', pathPrefix: '/api/v1/docker/containers/web/status' }) === before) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await new Promise((resolve) => setTimeout(resolve, 50));
  controller.abort();
  const err = await expectError(() => waiting);
  expect(err).toMatchObject({ code: 'CANCELLED', message: "Cancelled: the wait for container 'web' to be running was stopped." });
  // Ended long before the container ran: it is still starting.
  expect(sim.control.containers()[0].state).not.toBe('running');
  await slowPolls.close();
});

test('a GET cut by close() is not sent again, even with retries left', async () => {
  await client.listImages();
  sim.control.clearRequests();
  sim.control.injectOnce({ method: 'GET', path: '/api/v1/docker/images' }, { kind: 'endless-1xx', intervalMs: 50 });
  const cut = client.listImages().catch((e: unknown) => e);
  await new Promise((resolve) => setTimeout(resolve, 300));
  await client.close(0);
  expect(await cut).toMatchObject({ code: 'NETWORK' });
  expect(sim.control.requestCount({ method: 'GET', pathPrefix: '/api/v1/docker/images' })).toBe(1);
});
