/**
 * Each way the device can answer a create, and what the caller is told: a 2xx is the container
 * (with its image), any other answer is a failure that the container list then explains (taken,
 * or nothing created; only this container's name counts); when the list cannot be read the
 * failure stands as the device gave it. A cancel before the create is sent sends nothing.
 */
import type { SecureEdgeClient } from '../../core';
import type { RunningSimulator } from '../../simulator';
import { expectError, NGINX_SPEC } from '../support/client';
import { deviceEachTest } from '../support/device-each-test';

const CREATE = { method: 'POST', path: '/api/v1/docker/containers' };
const LIST = { method: 'GET', path: '/api/v1/docker/containers' };
let sim: RunningSimulator;
let client: SecureEdgeClient;

deviceEachTest((d) => ({ sim, client } = d));

const creates = () => sim.control.requestCount({ method: 'POST', pathPrefix: '/api/v1/docker/containers' });

test('a 2xx answer is the container, named with its image, created at once', async () => {
  expect(await client.createContainer(NGINX_SPEC)).toEqual({
    name: 'web',
    image: 'nginx:latest',
    created: true,
    createAnswer: 200,
    waitedForCreateMs: 0,
  });
  expect(sim.control.containers().map((c) => c.name)).toEqual(['web']);
});

test('a 3xx answer is no success: the list shows nothing was created, and the error says so', async () => {
  sim.control.injectOnce(CREATE, { kind: 'status', status: 300, body: '{}' });
  const err = await expectError(() => client.createContainer(NGINX_SPEC));
  expect(err).toMatchObject({
    code: 'BAD_RESPONSE',
    status: 300,
    method: 'POST',
    path: '/api/v1/docker/containers',
    message:
      'The device redirected POST /api/v1/docker/containers (HTTP 300) where the API documents an answer. Is the URL right (http vs https, port)? ' +
      "The container list shows no 'web': nothing was created.",
    details: { created: false },
  });
  expect(sim.control.containers()).toEqual([]);
  expect(creates()).toBe(1);
});

test('a failed create while other containers exist: only a container of this name counts as taken', async () => {
  await client.createContainer({ ...NGINX_SPEC, container: { name: 'other' }, ports: [] });
  sim.control.injectOnce(CREATE, { kind: 'status', status: 500, body: '{"error":"disk full"}' });
  const err = await expectError(() => client.createContainer(NGINX_SPEC));
  expect(err.code).toBe('DEVICE_ERROR');
  expect(err.details).toEqual({ created: false });
  expect(err.message).toMatch(/disk full.* The container list shows no 'web': nothing was created\.$/);
});

test('a name that is taken is a CONFLICT that names the container and says what to do', async () => {
  await client.createContainer(NGINX_SPEC);
  const err = await expectError(() => client.createContainer(NGINX_SPEC));
  expect(err).toMatchObject({
    code: 'CONFLICT',
    status: 409,
    method: 'POST',
    path: '/api/v1/docker/containers',
    message: "A container named 'web' already exists on the device. Containers cannot be changed: remove it first, or use redeploy.",
  });
});

test('a failed create whose container list cannot be read either: the device’s failure, with no claim about the list', async () => {
  sim.control.injectOnce(CREATE, { kind: 'status', status: 500, body: '{"error":"disk full"}' });
  for (let i = 0; i < 5; i++) sim.control.injectOnce(LIST, { kind: 'status', status: 500 });
  const err = await expectError(() => client.createContainer(NGINX_SPEC));
  expect(err).toMatchObject({ code: 'DEVICE_ERROR', status: 500, method: 'POST', path: '/api/v1/docker/containers' });
  expect(err.message).toMatch(/disk full/);
  expect(err.message).not.toMatch(/container list/);
  expect(err.details?.created).toBeUndefined();
  expect(sim.control.requestCount({ method: 'GET', pathPrefix: '/api/v1/docker/containers' })).toBeGreaterThan(0);
});

test('a create cancelled before it is sent sends nothing and waits for nothing', async () => {
  const controller = new AbortController();
  controller.abort();
  const err = await expectError(() => client.createContainer(NGINX_SPEC, { signal: controller.signal }));
  expect(err).toMatchObject({ code: 'CANCELLED', message: 'Cancelled: POST /api/v1/docker/containers was not sent.' });
  expect(sim.control.requests).toEqual([]);
});
