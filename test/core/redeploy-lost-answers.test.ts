/**
 * A redeploy whose change requests were done but whose answers were lost, or answered in a way
 * the device's state contradicts: each step's report says what the state showed. A stop or start
 * whose answer was lost is "confirmed by state" (in the redeploy and in its rollback), and a
 * removal answered 404 while the container is still listed is caught by the wait for its absence,
 * whose failure names the container; the rollback then puts the old one back.
 */
import type { SecureEdgeClient } from '../../core';
import type { RunningSimulator } from '../../simulator';
import { expectError } from '../support/client';
import { CREATE, NEW_SPEC, WEB, startRedeployDevice, stepsOf } from '../support/redeploy-device';

let sim: RunningSimulator;
let client: SecureEdgeClient;
let close: () => Promise<void>;

beforeEach(async () => ({ sim, client, close } = await startRedeployDevice()));
afterEach(() => close());

test('a stop and a start whose answers were lost are reported as confirmed by the state', async () => {
  sim.control.injectOnce({ method: 'POST', path: `${WEB}/stop` }, { kind: 'drop-after' });
  sim.control.injectOnce({ method: 'POST', path: `${WEB}/start` }, { kind: 'drop-after' });
  const report = await client.redeploy(NEW_SPEC);
  expect(stepsOf(report.steps)).toMatchObject({
    stop: 'stopped (confirmed by state exited)',
    start: 'started (confirmed by state)',
    'wait-running': 'running',
  });
  expect(sim.control.containers()).toEqual([expect.objectContaining({ name: 'web', tag: 'next', state: 'running' })]);
});

test('the rollback’s start whose answer was lost is reported as confirmed by the state', async () => {
  sim.control.injectOnce(CREATE, { kind: 'status', status: 500 });
  sim.control.injectOnce({ method: 'POST', path: `${WEB}/start` }, { kind: 'drop-after' });
  const err = await expectError(() => client.redeploy(NEW_SPEC));
  expect(err.details).toMatchObject({ rolledBack: true });
  expect(stepsOf(err.details)).toMatchObject({
    'rollback-create': 'created from the old configuration',
    'rollback-start': 'started (confirmed by state)',
    'rollback-wait-running': 'running',
  });
  expect(sim.control.containers()).toEqual([expect.objectContaining({ name: 'web', tag: 'latest', state: 'running' })]);
});

test('a removal answered 404 while the container is still listed fails the wait for its absence, by name', async () => {
  // Answered "not found" but not done: the old container is still there.
  sim.control.injectOnce({ method: 'DELETE', path: WEB }, { kind: 'status', status: 404 });
  const err = await expectError(() => client.redeploy(NEW_SPEC, { timeoutMs: 1500 }));
  const steps = stepsOf(err.details);
  expect(steps).toMatchObject({ remove: 'already gone', 'wait-removed': 'failed: TIMEOUT' });
  expect(err.message).toContain("Container 'web' was still listed after its removal.");
  // The rollback removed what carried the name and put the old container back.
  expect(steps).toMatchObject({ 'rollback-remove-new': 'removed (was exited)', 'rollback-start': 'started' });
  expect(sim.control.containers()).toEqual([expect.objectContaining({ name: 'web', tag: 'latest', state: 'running' })]);
});
