/**
 * The redeploy's report says what each step found or did, in words a flow shows to people; these
 * words are checked here step by step (the other redeploy tests check the order of the steps).
 * A container that is not running is not stopped before it is replaced.
 */
import type { SecureEdgeClient } from '../../core';
import type { RunningSimulator } from '../../simulator';
import { NGINX_SPEC } from '../support/client';
import { deviceEachTest } from '../support/device-each-test';

let sim: RunningSimulator;
let client: SecureEdgeClient;

deviceEachTest((d) => ({ sim, client } = d));

const NEW_ENV = { ...NGINX_SPEC, environment_variables: [{ key: 'PORT', value: '9090' }] };

test('each step of a redeploy of a running container says what it found or did', async () => {
  await client.createContainer(NGINX_SPEC);
  await client.startContainer('web');
  const report = await client.redeploy(NEW_ENV);
  expect(report.steps.map((s) => [s.step, s.outcome, s.target])).toEqual([
    ['status', 'running', undefined],
    ['preflight', 'nginx:latest in the registry (69.6 MB)', undefined],
    ['read-configuration', 'nginx:latest, 1 port(s), 1 volume(s)', undefined],
    ['preflight', 'old image is the new image', 'rollback'],
    ['stop', 'stopped', undefined],
    ['wait-stopped', 'exited', undefined],
    ['remove', 'removed', undefined],
    ['wait-removed', 'absent', undefined],
    ['create', 'created', undefined],
    ['start', 'started', undefined],
    ['wait-running', 'running', undefined],
  ]);
});

test('an exited container is replaced without a stop', async () => {
  await client.createContainer(NGINX_SPEC);
  await client.startContainer('web');
  await client.stopContainer('web');
  await client.waitForState('web', 'exited', { timeoutMs: 2000 });
  sim.control.clearRequests();
  const report = await client.redeploy(NEW_ENV);
  expect(report.running_state).toBe('running');
  expect(report.steps.map((s) => s.step)).not.toContain('stop');
  expect(sim.control.requestCount({ method: 'POST', pathPrefix: '/api/v1/docker/containers/web/stop' })).toBe(0);
});
