/**
 * plan() on the cases the main plan tests leave out, against the simulator: a desired variable the
 * container lacks, a container in a state this API cannot act on, and a container that vanishes
 * between the list and its status read (someone removed it: it is planned as missing).
 */
import { plan } from '../../core';
import type { RunningSimulator } from '../../simulator';
import { NGINX_SPEC, testClient } from '../support/client';
import { deviceEachTest, runningWeb } from '../support/device-each-test';

let sim: RunningSimulator;
let client: ReturnType<typeof testClient>;

deviceEachTest((d) => ({ sim, client } = d), runningWeb);

test('a desired variable the container lacks is named as missing, without its value', async () => {
  const desired = {
    ...NGINX_SPEC,
    environment_variables: [...NGINX_SPEC.environment_variables, { key: 'API_TOKEN', value: 's3cr3t-token' }],
  };
  const result = await plan(client, { containers: [desired] });
  expect(result.entries[0]).toMatchObject({ name: 'web', action: 'redeploy', reasons: ['environment: API_TOKEN missing'] });
  expect(JSON.stringify(result.entries[0].reasons)).not.toContain('s3cr3t');
});

test('one differing variable "differs"; two "differ"', async () => {
  const one = await plan(client, { containers: [{ ...NGINX_SPEC, environment_variables: [{ key: 'PORT', value: '1' }] }] });
  expect(one.entries[0].reasons).toEqual(['environment: PORT differs']);
  const two = await plan(client, {
    containers: [
      {
        ...NGINX_SPEC,
        environment_variables: [
          { key: 'PORT', value: '1' },
          { key: 'NGINX_VERSION', value: '0' },
        ],
      },
    ],
  });
  expect(two.entries[0].reasons).toEqual(['environment: PORT, NGINX_VERSION differ']);
});

test.each(['paused', 'restarting'] as const)('a %s container is left as it is, and the reason says so', async (state) => {
  sim.control.setContainerState('web', state);
  const result = await plan(client, { containers: [NGINX_SPEC] });
  expect(result).toMatchObject({ changes: 0 });
  expect(result.entries[0]).toMatchObject({ name: 'web', action: 'none', reasons: [`${state}: left as it is`], running_state: state });
});

test('a container that vanishes between the list and its status read is planned as missing', async () => {
  sim.control.injectOnce(
    { method: 'GET', path: '/api/v1/docker/containers/web/status' },
    { kind: 'status', status: 404, body: '{"error":"no such container"}', contentType: 'application/json' },
  );
  const result = await plan(client, { containers: [NGINX_SPEC] });
  expect(result.entries[0]).toMatchObject({ name: 'web', action: 'create', reasons: ['missing'], running_state: 'absent' });
});

test('any other failure of the status read fails the plan', async () => {
  sim.control.injectOnce(
    { method: 'GET', path: '/api/v1/docker/containers/web/status' },
    { kind: 'status', status: 500, body: '{"error":"busy"}', contentType: 'application/json' },
  );
  await expect(plan(client, { containers: [NGINX_SPEC] })).rejects.toMatchObject({ code: 'DEVICE_ERROR' });
});
