/**
 * What the client shows of itself and says about its input: JSON without secrets but with what a
 * log reader needs, a connection check that really logs in (a changed password is found at once,
 * not hidden by an older session), messages that name the image asked for, and a spec that is not
 * an object is refused without repeating it (it may be a secret pasted into the wrong field).
 */
import { SecureEdgeClient } from '../../core';
import type { RunningSimulator } from '../../simulator';
import { expectError } from '../support/client';
import { deviceEachTest } from '../support/device-each-test';

let sim: RunningSimulator;
let client: SecureEdgeClient;

deviceEachTest((d) => ({ sim, client } = d));

test('JSON.stringify shows the URL, the user and the login count, nothing else', async () => {
  await client.listImages();
  expect(JSON.parse(JSON.stringify(client))).toEqual({ url: sim.url, username: 'admin', loginCount: 1 });
});

test('checkConnection logs in anew: a password changed on the device fails the check at once', async () => {
  await client.listImages();
  expect(client.loginCount).toBe(1);
  expect(await client.checkConnection()).toEqual({ ok: true, images: sim.control.images().length });
  expect(client.loginCount).toBe(2);
  sim.control.setOptions({ password: 'changed-on-the-device' });
  const err = await expectError(() => client.checkConnection());
  expect(err.code).toBe('AUTH_FAILED');
});

test('an image that is not there is named in the message', async () => {
  const err = await expectError(() => client.getImageDetails('nginx', 'no-such-tag'));
  expect(err.code).toBe('NOT_FOUND');
  expect(err.message).toMatch(/^Image 'nginx:no-such-tag' was not found on the device \(HTTP 404\)\./);
});

test('a spec that is not an object is refused without repeating it, and nothing is sent', async () => {
  const err = await expectError(() => client.createContainer('DB_PASSWORD=hunter2-pasted' as never));
  expect(err.code).toBe('INVALID_INPUT');
  expect(err.message).not.toContain('hunter2');
  expect(err.message).toMatch(/^Invalid input: container spec: .*\. Nothing was sent to the device\.$/);
  expect(sim.control.requests).toHaveLength(0);
});

test('removing a running container is a CONFLICT that says to stop it first, with the state', async () => {
  await client.createContainer({ container: { name: 'web' }, image: { name: 'nginx', tag: 'latest' } });
  await client.startContainer('web');
  const err = await expectError(() => client.removeContainer('web'));
  expect(err).toMatchObject({
    code: 'CONFLICT',
    method: 'DELETE',
    path: '/api/v1/docker/containers/web',
    message: "Container 'web' is running: stop it before removing it.",
    details: { running_state: 'running' },
  });
});

test('a volume that is not there is named in the message', async () => {
  const err = await expectError(() => client.removeVolume('no-such-volume'));
  expect(err.code).toBe('NOT_FOUND');
  expect(err.message).toMatch(/^Volume 'no-such-volume' was not found on the device \(HTTP 404\)\./);
});

test('a volume in use says so; another failure of the removal does not claim it is in use', async () => {
  await client.createContainer({
    container: { name: 'web' },
    image: { name: 'nginx', tag: 'latest' },
    volumes: [{ name: 'data', destination: '/data' }],
  });
  const inUse = await expectError(() => client.removeVolume('data'));
  expect(inUse.code).toBe('CONFLICT');
  expect(inUse.message).toMatch(/^Volume 'data' is in use by a container: remove the container first\. /);

  sim.control.injectOnce(
    { method: 'DELETE', path: '/api/v1/docker/volumes/data' },
    { kind: 'status', status: 500, body: '{"error":"disk busy"}' },
  );
  const busy = await expectError(() => client.removeVolume('data'));
  expect(busy.code).toBe('DEVICE_ERROR');
  expect(busy.message).not.toMatch(/in use/);
  expect(busy.message).toMatch(/disk busy/);
});

test('a volume removal whose answer was lost says removing it again is safe', async () => {
  await client.createContainer({
    container: { name: 'web' },
    image: { name: 'nginx', tag: 'latest' },
    volumes: [{ name: 'data', destination: '/data' }],
  });
  await client.removeContainer('web');
  // Done on the device, but the answer never comes back.
  sim.control.injectOnce({ method: 'DELETE', path: '/api/v1/docker/volumes/data' }, { kind: 'drop-after' });
  const lost = await expectError(() => client.removeVolume('data'));
  expect(lost.code).toBe('NETWORK');
  expect(lost.details).toMatchObject({ sent: true });
  expect(lost.message).toMatch(
    /^The answer to DELETE \/api\/v1\/docker\/volumes\/data was lost \(.+\); the device may or may not have done it\. Removing volume 'data' again is safe: a 404 then means it is gone\.$/,
  );
  // And it is: the volume is gone, so the second removal is the 404 the message promised.
  expect(sim.control.volumes()).not.toContain('data');
  expect((await expectError(() => client.removeVolume('data'))).code).toBe('NOT_FOUND');
});

test('a cancelled call says so in words that start with "Cancelled:"', async () => {
  const controller = new AbortController();
  controller.abort();
  const err = await expectError(() => client.listImages({ signal: controller.signal }));
  expect(err.code).toBe('CANCELLED');
  expect(err.message).toBe('Cancelled: GET /api/v1/docker/images was not sent.');
  expect(sim.control.requests).toHaveLength(0);
});
