/**
 * The create step's answers and what the rollback makes of them. A create whose answer was lost
 * says so, and after how long the container appeared; the report's times are those of its steps.
 * A create that was sent and failed may still be going on in the device, so a conflict on the
 * rollback's own create is waited out (then the old container is created again); a create that
 * was never sent, or that was answered and done, leaves nothing behind, so the same conflict ends
 * the rollback at once.
 */
import type { SecureEdgeClient } from '../../core';
import type { RunningSimulator } from '../../simulator';
import { expectError } from '../support/client';
import { fakeOnlyDate } from '../support/clock';
import { CREATE, NEW_SPEC, changes, startRedeployDevice, stepsOf, type RedeployDevice } from '../support/redeploy-device';

let sim: RunningSimulator;
let client: SecureEdgeClient;
let close: RedeployDevice['close'];

beforeEach(async () => ({ sim, client, close } = await startRedeployDevice()));
afterEach(async () => {
  jest.useRealTimers();
  await close();
});

const creates = () => changes(sim).filter((c) => c === `${CREATE.method} ${CREATE.path}`).length;

/** Answer the rollback's create (the second one) with a conflict, once. */
function refuseSecondCreate() {
  let seen = 0;
  sim.control.setOptions({
    onRequest: (r) => {
      if (r.method === CREATE.method && r.path === CREATE.path && ++seen === 1)
        sim.control.injectOnce(CREATE, { kind: 'status', status: 409 });
    },
  });
}

test('a create whose answer was lost says so and after how long the container appeared; the times add up', async () => {
  // Only Date is faked, and moved only here: while the device is asked whether the container
  // exists, 1.5 s pass. Every other step takes no time at all on this clock.
  const clock = fakeOnlyDate();
  sim.control.injectOnce(CREATE, { kind: 'drop-after' });
  sim.control.setOptions({ onRequest: (r) => (r.method === 'GET' && r.path === CREATE.path ? clock.advance(1500) : undefined) });
  const report = await client.redeploy(NEW_SPEC);
  expect(stepsOf(report.steps)).toMatchObject({ create: 'created (answer lost, appeared after 1.5 s)' });
  expect(report.steps.map((s) => [s.step, s.durationMs])).toEqual(report.steps.map((s) => [s.step, s.step === 'create' ? 1500 : 0]));
  expect(report.durationMs).toBe(1500);
});

test('a new container created as asked leaves nothing pending: a conflict on the rollback’s create ends it at once', async () => {
  sim.control.setFaults({ startFaults: { 'nginx:next': 'fail' } });
  refuseSecondCreate();
  const err = await expectError(() => client.redeploy(NEW_SPEC, { rollbackTimeoutMs: 1000 }));
  expect(err.message).toContain("The rollback failed too, at step 'rollback-create'");
  expect(err.details).toMatchObject({ rolledBack: false, rollbackError: { code: 'CONFLICT' } });
  expect(creates()).toBe(2);
});

test('a create that was sent and failed may still go on: a conflict on the rollback’s create is waited out, then it creates again', async () => {
  sim.control.injectOnce(CREATE, { kind: 'status', status: 500 });
  sim.control.injectOnce(CREATE, { kind: 'status', status: 409 });
  const err = await expectError(() => client.redeploy(NEW_SPEC, { rollbackTimeoutMs: 500 }));
  expect(err.details).toMatchObject({ failedStep: 'create', rolledBack: true });
  expect(stepsOf(err.details)).toMatchObject({
    'rollback-create': 'created from the old configuration (after removing the late new container)',
  });
  expect(creates()).toBe(3);
  expect(sim.control.containers()).toEqual([expect.objectContaining({ name: 'web', tag: 'latest', state: 'running' })]);
});

test('a create that was never sent (its login failed) leaves nothing pending: the same conflict ends the rollback at once', async () => {
  // The session is refused for the create and the new login fails: the create was not sent.
  sim.control.injectOnce(CREATE, { kind: 'status', status: 401 });
  sim.control.injectOnce({ method: 'POST', path: '/auth/login' }, { kind: 'status', status: 500 });
  sim.control.injectOnce(CREATE, { kind: 'status', status: 409 });
  const err = await expectError(() => client.redeploy(NEW_SPEC, { rollbackTimeoutMs: 1000 }));
  expect(err.details).toMatchObject({ failedStep: 'create', sent: false, rolledBack: false, rollbackError: { code: 'CONFLICT' } });
  expect(err.message).toContain("The rollback failed too, at step 'rollback-create'");
  expect(creates()).toBe(2);
});
