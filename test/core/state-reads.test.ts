/**
 * Reading a container's state to judge a failed change: a 404 means the container is absent, any
 * other failed read is passed on (never taken for "absent"); and a stop that failed on a container
 * that is gone is no success, whatever "not running" would suggest: the error says it is absent.
 */
import type { SecureEdgeClient } from '../../core';
import type { RunningSimulator } from '../../simulator';
import { expectError, NGINX_SPEC } from '../support/client';
import { deviceEachTest } from '../support/device-each-test';

let sim: RunningSimulator;
let client: SecureEdgeClient;

deviceEachTest((d) => ({ sim, client } = d));

test('the state of a container the device does not know is absent', async () => {
  expect(await client.stateOrAbsent('ghost')).toBe('absent');
});

test('a status read that fails for another reason is that failure, not "absent"', async () => {
  await client.createContainer(NGINX_SPEC);
  for (let i = 0; i < 5; i++) {
    sim.control.injectOnce({ method: 'GET', path: '/api/v1/docker/containers/web/status' }, { kind: 'status', status: 500 });
  }
  const err = await expectError(() => client.stateOrAbsent('web'));
  expect(err).toMatchObject({ code: 'DEVICE_ERROR', status: 500, method: 'GET', path: '/api/v1/docker/containers/web/status' });
});

test('a stop that failed on a container that is gone is an error that says it is absent, not a confirmed stop', async () => {
  sim.control.injectOnce({ method: 'POST', path: '/api/v1/docker/containers/ghost/stop' }, { kind: 'status', status: 500 });
  const err = await expectError(() => client.stopContainer('ghost'));
  expect(err).toMatchObject({ code: 'DEVICE_ERROR', status: 500, details: { running_state: 'absent' } });
  expect(err.message).toMatch(/ The container is now absent\.$/);
  expect(sim.control.requestCount({ method: 'POST', pathPrefix: '/api/v1/docker/containers/ghost/stop' })).toBe(1);
});
