/**
 * The rollback's own steps, as the failed redeploy reports them: which steps ran and what each
 * found, that the re-created old container is on its own networks (never on an explicit
 * `bridge`), that its waits get the rollback's time (a slow start or stop still rolls back), that
 * the rollback's deadline holds, and where the device stands when the create itself failed.
 */
import type { SecureEdgeClient } from '../../core';
import type { RunningSimulator } from '../../simulator';
import { expectError } from '../support/client';
import { CREATE, NEW_SPEC, changes as changesOn, startRedeployDevice, stepsOf } from '../support/redeploy-device';

let sim: RunningSimulator;
let client: SecureEdgeClient;
let close: () => Promise<void>;

beforeEach(async () => ({ sim, client, close } = await startRedeployDevice()));
afterEach(() => close());

const changes = () => changesOn(sim);

test('a new container that failed to start is removed without a stop, the old one created and started', async () => {
  sim.control.setFaults({ startFaults: { 'nginx:next': 'fail' } });
  const err = await expectError(() => client.redeploy(NEW_SPEC));
  expect(stepsOf(err.details)).toMatchObject({
    'rollback-remove-new': 'removed (was created)',
    'rollback-create': 'created from the old configuration',
    'rollback-start': 'started',
    'rollback-wait-running': 'running',
  });
  // One stop: the old container's. The new one never ran, so it was not stopped.
  expect(changes().filter((c) => c.endsWith('/stop'))).toEqual(['POST /api/v1/docker/containers/web/stop']);
  // Re-created on its own named networks: the device adds bridge itself.
  expect(sim.control.containers()).toEqual([
    expect.objectContaining({ name: 'web', tag: 'latest', state: 'running', networks: ['machine-builder'] }),
  ]);
});

test('when the new container was never created, the rollback finds nothing to remove', async () => {
  sim.control.injectOnce(CREATE, { kind: 'status', status: 500 });
  const err = await expectError(() => client.redeploy(NEW_SPEC));
  expect(err.details).toMatchObject({ rolledBack: true });
  expect(stepsOf(err.details)).toMatchObject({ 'rollback-remove-new': 'absent' });
  expect(changes().filter((c) => c.startsWith('DELETE'))).toEqual(['DELETE /api/v1/docker/containers/web']);
});

test('a slow start of the old container still rolls back: the wait gets the rollback’s time', async () => {
  sim.control.setFaults({ startFaults: { 'nginx:next': 'fail' } });
  sim.control.setOptions({ startDelayMs: 300 });
  const err = await expectError(() => client.redeploy(NEW_SPEC));
  expect(err.details).toMatchObject({ rolledBack: true });
  expect(sim.control.containers()).toEqual([expect.objectContaining({ name: 'web', tag: 'latest', state: 'running' })]);
});

test('a new container stuck restarting is stopped and removed, also when it stops slowly', async () => {
  sim.control.setFaults({ startFaults: { 'nginx:next': 'hang' } });
  sim.control.setOptions({ stopDelayMs: 300 });
  const err = await expectError(() => client.redeploy(NEW_SPEC, { timeoutMs: 1500 }));
  expect(err.details).toMatchObject({ rolledBack: true, failedStep: 'wait-running' });
  expect(stepsOf(err.details)).toMatchObject({ 'rollback-remove-new': 'removed (was restarting)' });
  expect(sim.control.containers()).toEqual([expect.objectContaining({ name: 'web', tag: 'latest', state: 'running' })]);
});

test('the rollback’s deadline holds: an old container that never runs again fails the rollback in time', async () => {
  sim.control.setFaults({ startFaults: { 'nginx:next': 'fail', 'nginx:latest': 'hang' } });
  const err = await expectError(() => client.redeploy(NEW_SPEC, { rollbackTimeoutMs: 500 }));
  expect(err.message).toMatch(/The rollback failed too, at step 'rollback-wait-running'/);
  expect(err.details).toMatchObject({ rolledBack: false, rollbackError: { code: 'TIMEOUT' } });
});

test('a create that failed twice leaves the container absent: the details and the message say so', async () => {
  sim.control.injectOnce(CREATE, { kind: 'status', status: 500 });
  sim.control.injectOnce(CREATE, { kind: 'status', status: 500 });
  const err = await expectError(() => client.redeploy(NEW_SPEC));
  expect(err.details).toMatchObject({ rolledBack: false, running_state: 'absent' });
  expect(err.message).toMatch(
    / Container 'web' is ABSENT from the device: the machine runs without it\. Create it again from details\.oldConfiguration \(image nginx:latest; use it as the create body\) and start it, or fix the cause and redeploy\.$/,
  );
});

test('with rollback off after a failed create, the details name the state (absent)', async () => {
  sim.control.injectOnce(CREATE, { kind: 'status', status: 500 });
  const err = await expectError(() => client.redeploy(NEW_SPEC, { rollback: false }));
  expect(err.details).toMatchObject({ rolledBack: false, running_state: 'absent' });
  expect(err.message).toMatch(/ Container 'web' is now ABSENT from the device\.$/);
});

test('a first deploy whose create failed names the state it left (absent)', async () => {
  await client.stopContainer('web');
  await client.removeContainer('web');
  sim.control.injectOnce(CREATE, { kind: 'status', status: 500 });
  const err = await expectError(() => client.redeploy(NEW_SPEC));
  expect(err.details).toMatchObject({ running_state: 'absent' });
  expect(err.message).toMatch(/ There was no old container to put back\. Container 'web' is absent, left for you to look at\.$/);
});
