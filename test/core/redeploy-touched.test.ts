/**
 * What the redeploy counts as having changed the old container, and so what it does after a
 * failure: a removal refused on a container that was not running changed nothing (no rollback, it
 * says "left as it was"); a refused stop is answered by starting the old container again, never by
 * re-creating it; a removal whose answer was lost and whose state could not be read counts as
 * done, so the rollback creates the old container again. With rollback off a failure after the
 * stop leaves the container where it is. Volume removal: only a 404 is "already gone". The words
 * for a container the device reports dead, and for a container's state after a failed change.
 */
import { SecureEdgeError } from '../../core';
import { asSecureEdgeError } from '../../core/redeploy-steps';
import type { SecureEdgeClient } from '../../core';
import type { RunningSimulator } from '../../simulator';
import { expectError } from '../support/client';
import { NEW_SPEC, WEB, changes, startRedeployDevice, stepNames, stepsOf, type RedeployDevice } from '../support/redeploy-device';

let device: RedeployDevice;
let sim: RunningSimulator;
let client: SecureEdgeClient;

async function start(old: 'running' | 'exited' = 'running') {
  device = await startRedeployDevice({ old });
  ({ sim, client } = device);
}
afterEach(() => device?.close());

const ROLLBACK_STEPS = ['rollback-remove-new', 'rollback-create', 'rollback-start', 'rollback-wait-running'];

test('a removal refused on a container that was not running changed nothing: no rollback, it says so', async () => {
  await start('exited');
  sim.control.injectOnce({ method: 'DELETE', path: WEB }, { kind: 'status', status: 500 });
  const err = await expectError(() => client.redeploy(NEW_SPEC));
  expect(err.message).toMatch(/ The old container 'web' was left as it was: nothing was stopped, removed or created\.$/);
  expect(err.details).toMatchObject({ failedStep: 'remove', changed: false });
  expect(stepNames(err.details).filter((s) => ROLLBACK_STEPS.includes(s))).toEqual([]);
  expect(changes(sim)).toEqual([`DELETE ${WEB}`]);
  expect(sim.control.containers()).toEqual([expect.objectContaining({ name: 'web', tag: 'latest', state: 'exited' })]);
});

test('a refused stop is answered by starting the old container again, not by re-creating it', async () => {
  await start();
  sim.control.injectOnce({ method: 'POST', path: `${WEB}/stop` }, { kind: 'status', status: 500 });
  const err = await expectError(() => client.redeploy(NEW_SPEC));
  // The state read after the refusal is in the message, quoted.
  expect(err.message).toContain(" The container is now 'running'.");
  expect(err.details).toMatchObject({ failedStep: 'stop', rolledBack: true });
  expect(stepNames(err.details).filter((s) => ROLLBACK_STEPS.includes(s))).toEqual(['rollback-start', 'rollback-wait-running']);
  expect(changes(sim)).toEqual([`POST ${WEB}/stop`, `POST ${WEB}/start`]);
});

test('a removal whose answer was lost and whose state could not be read counts as done: the old container is created again', async () => {
  await start();
  // The removal is done but its answer lost; the state read that would tell is then refused.
  sim.control.injectOnce({ method: 'DELETE', path: WEB }, { kind: 'drop-after' });
  sim.control.setOptions({
    onRequest: (r) =>
      r.method === 'DELETE' && r.path === WEB && r.status === 0
        ? sim.control.injectOnce({ method: 'GET', path: `${WEB}/status` }, { kind: 'status', status: 400 })
        : undefined,
  });
  const err = await expectError(() => client.redeploy(NEW_SPEC));
  expect(err.details).toMatchObject({ failedStep: 'remove', rolledBack: true });
  expect(stepsOf(err.details)).toMatchObject({
    'rollback-remove-new': 'absent',
    'rollback-create': 'created from the old configuration',
    'rollback-wait-running': 'running',
  });
  expect(sim.control.containers()).toEqual([expect.objectContaining({ name: 'web', tag: 'latest', state: 'running' })]);
});

test('with rollback off, a removal refused after the stop leaves the old container stopped, and says so', async () => {
  await start();
  sim.control.injectOnce({ method: 'DELETE', path: WEB }, { kind: 'status', status: 500 });
  const err = await expectError(() => client.redeploy(NEW_SPEC, { rollback: false }));
  expect(err.message).toMatch(/ Rollback is off, so nothing was put back\. Container 'web' is now 'exited'\.$/);
  expect(err.details).toMatchObject({ failedStep: 'remove', rolledBack: false, running_state: 'exited' });
  expect(changes(sim)).toEqual([`POST ${WEB}/stop`, `DELETE ${WEB}`]);
});

test('a volume another container uses is not "already gone": the redeploy fails there and is rolled back', async () => {
  await start();
  await client.createContainer({
    container: { name: 'keeper' },
    image: { name: 'nginx', tag: 'latest' },
    volumes: [{ name: 'nginx-config', destination: '/keep' }],
  });
  const err = await expectError(() => client.redeploy(NEW_SPEC, { removeVolumes: true }));
  expect(err.code).toBe('CONFLICT');
  expect(err.details).toMatchObject({ failedStep: 'remove-volume', rolledBack: true });
  expect(stepNames(err.details)).not.toContain('create');
  expect(sim.control.volumes()).toEqual(['nginx-config']);
  expect(sim.control.containers().find((c) => c.name === 'web')).toMatchObject({ tag: 'latest', state: 'running' });
});

test('a dead container is put back created, not started, as it was not running', async () => {
  await start();
  sim.control.setContainerState('web', 'dead');
  sim.control.setFaults({ startFaults: { 'nginx:next': 'fail' } });
  const err = await expectError(() => client.redeploy(NEW_SPEC));
  expect(err.message).toMatch(
    / Rolled back: the old container 'web' \(nginx:latest\) is back \(created, not started, as it was not running\) as before, with its old configuration\.$/,
  );
  expect(sim.control.containers()).toEqual([expect.objectContaining({ name: 'web', tag: 'latest', state: 'created' })]);
});

test('a start refused for a container that is not there says it is absent (not quoted as a state)', async () => {
  await start();
  sim.control.injectOnce({ method: 'POST', path: '/api/v1/docker/containers/ghost/start' }, { kind: 'status', status: 500 });
  const err = await expectError(() => client.startContainer('ghost'));
  expect(err.message).toMatch(/ The container is now absent\.$/);
  expect(err.details).toMatchObject({ running_state: 'absent' });
});

describe('a step that fails with something other than a SecureEdgeError keeps its words', () => {
  test.each([
    ['an Error', new Error('socket hang up'), 'socket hang up'],
    ['null', null, 'null'],
    ['a string', 'boom', 'boom'],
  ])('%s', (_label, thrown, message) => {
    const err = asSecureEdgeError(thrown);
    expect(err).toBeInstanceOf(SecureEdgeError);
    expect(err).toMatchObject({ code: 'DEVICE_ERROR', message });
  });
});
