/**
 * The rollback at its edges. The old configuration it hands back when it fails is a create body
 * the device takes (its own networks, never `bridge`). Its deadline bounds every wait in it: the
 * stop of a half-made new container that will not stop, and the create of the old container that
 * the device answers 504 (the old container appears in time, or the rollback fails in time). The
 * half-made container's removal answered 404 means it is gone; any other refusal fails the
 * rollback. While it waits for a late new container, a failed state read is not taken for the
 * container. Before that, the wait for the old container's removal polls through a device that
 * is busy (500) but not through a plain refusal (400).
 */
import type { SecureEdgeClient } from '../../core';
import type { RunningSimulator } from '../../simulator';
import { expectError, testClient } from '../support/client';
import { CREATE, NEW_SPEC, NEXT, WEB, startRedeployDevice, stepsOf, type RedeployDevice } from '../support/redeploy-device';

let sim: RunningSimulator;
let client: SecureEdgeClient;
let close: RedeployDevice['close'];

beforeEach(async () => ({ sim, client, close } = await startRedeployDevice()));
afterEach(() => close());

const newStartFails = () => sim.control.setFaults({ startFaults: { 'nginx:next': 'fail' } });
const oldRunsAgain = () =>
  expect(sim.control.containers()).toEqual([expect.objectContaining({ name: 'web', tag: 'latest', state: 'running' })]);

/** The old image, as if pushed again: its first create copies it into Docker's cache for `createMs`. */
function oldImageUncached(createMs: number) {
  const latest = sim.control.images().find((i) => i.name === 'nginx' && i.tag === 'latest')!;
  sim.control.addImage({ ...latest, createMs });
  sim.control.setOptions({ gatewayTimeoutMs: 100 });
}

/** Run `act` for each request the device finished that matches, `times` times at most. */
function onRequest(method: string, path: string, status: (s: number) => boolean, act: () => void, times = 1) {
  let left = times;
  sim.control.setOptions({
    onRequest: (r) => {
      if (left > 0 && r.method === method && r.path === path && status(r.status)) {
        left--;
        act();
      }
    },
  });
}

test('a failed rollback hands back the old configuration on its own networks, without bridge', async () => {
  sim.control.injectOnce(CREATE, { kind: 'status', status: 500 });
  sim.control.injectOnce(CREATE, { kind: 'status', status: 500 });
  const err = await expectError(() => client.redeploy(NEW_SPEC));
  expect(err.details).toMatchObject({ rolledBack: false });
  expect((err.details?.oldConfiguration as { networks: unknown }).networks).toEqual([{ name: 'machine-builder' }]);
});

test('a half-made new container that will not stop fails the rollback at its deadline', async () => {
  sim.control.setFaults({ startFaults: { 'nginx:next': 'hang' } });
  // From the new container's create on, a stop takes a minute to show.
  onRequest(
    'POST',
    CREATE.path,
    (s) => s < 300,
    () => sim.control.setOptions({ stopDelayMs: 60_000 }),
  );
  const err = await expectError(() => client.redeploy(NEW_SPEC, { timeoutMs: 3000, rollbackTimeoutMs: 1000 }));
  expect(err.message).toContain("The rollback failed too, at step 'rollback-remove-new'");
  expect(err.details).toMatchObject({ failedStep: 'wait-running', rolledBack: false, rollbackError: { code: 'TIMEOUT' } });
});

describe('the old container’s create answered 504', () => {
  test('is waited for within the rollback’s time: it appears and the old container runs again', async () => {
    oldImageUncached(300);
    newStartFails();
    const err = await expectError(() => client.redeploy(NEW_SPEC));
    expect(err.details).toMatchObject({ rolledBack: true });
    expect(stepsOf(err.details)).toMatchObject({ 'rollback-create': 'created from the old configuration' });
    oldRunsAgain();
  });

  test('fails the rollback at its deadline when it takes longer', async () => {
    oldImageUncached(10_000);
    newStartFails();
    const err = await expectError(() => client.redeploy(NEW_SPEC, { rollbackTimeoutMs: 1500 }));
    expect(err.message).toContain("The rollback failed too, at step 'rollback-create'");
    expect(err.details).toMatchObject({ rolledBack: false, rollbackError: { code: 'CREATE_PENDING' } });
  });
});

describe('the removal of the half-made new container', () => {
  test('answered 404 because it is already gone: the rollback goes on', async () => {
    newStartFails();
    // Someone else removes the new container just as the rollback does: the rollback's removal is
    // answered 404, and the other removal is done.
    const other = testClient(sim);
    let otherRemoval: Promise<unknown> = Promise.resolve();
    let deletes = 0;
    sim.control.setOptions({
      onRequest: (r) => {
        if (r.method !== 'DELETE' || r.path !== WEB) return;
        deletes++;
        if (deletes === 1) sim.control.injectOnce({ method: 'DELETE', path: WEB }, { kind: 'status', status: 404 });
        if (deletes === 2) otherRemoval = other.removeContainer('web');
      },
    });
    try {
      const err = await expectError(() => client.redeploy(NEW_SPEC));
      expect(err.details).toMatchObject({ rolledBack: true });
      expect(stepsOf(err.details)).toMatchObject({ 'rollback-remove-new': 'removed (was created)' });
      oldRunsAgain();
    } finally {
      await otherRemoval;
      await other.close();
    }
  });

  test('refused otherwise: the rollback fails there, and says the container is still there', async () => {
    newStartFails();
    onRequest(
      'DELETE',
      WEB,
      (s) => s < 300,
      () => sim.control.injectOnce({ method: 'DELETE', path: WEB }, { kind: 'status', status: 500 }),
    );
    const err = await expectError(() => client.redeploy(NEW_SPEC, { rollbackTimeoutMs: 1000 }));
    expect(err.message).toContain("The rollback failed too, at step 'rollback-remove-new'");
    expect(err.details).toMatchObject({ rolledBack: false, rollbackError: { code: 'DEVICE_ERROR' }, running_state: 'created' });
    expect((err.details?.rollbackError as { message: string }).message).toMatch(/ The container is now 'created'\.$/);
  });
});

test('while the rollback waits for a late new container, a failed state read is not taken for the container', async () => {
  sim.control.setOptions({ gatewayTimeoutMs: 100 });
  sim.control.addImage({ ...NEXT, tag: 'big', createMs: 1200 });
  // The rollback's create is refused (the late container holds the name); the next state read fails.
  onRequest(
    'POST',
    CREATE.path,
    (s) => s === 409,
    () => sim.control.injectOnce({ method: 'GET', path: `${WEB}/status` }, { kind: 'status', status: 400 }),
  );
  const err = await expectError(() => client.redeploy({ ...NEW_SPEC, image: { name: 'nginx', tag: 'big' } }, { createTimeoutMs: 200 }));
  expect(err.details).toMatchObject({ failedStep: 'create', rolledBack: true });
  expect(stepsOf(err.details)).toMatchObject({
    'rollback-create': 'created from the old configuration (after removing the late new container)',
  });
  oldRunsAgain();
});

test('the old container’s create after the late new one is removed is bounded by the rollback’s deadline too', async () => {
  sim.control.addImage({ ...NEXT, tag: 'big', createMs: 1200 });
  oldImageUncached(20_000);
  const err = await expectError(() =>
    client.redeploy({ ...NEW_SPEC, image: { name: 'nginx', tag: 'big' } }, { createTimeoutMs: 200, rollbackTimeoutMs: 4000 }),
  );
  expect(err.details).toMatchObject({ failedStep: 'create', rolledBack: false, rollbackError: { code: 'CREATE_PENDING' } });
  expect(err.message).toContain("The rollback failed too, at step 'rollback-create'");
});

describe('the wait for the old container’s removal', () => {
  test('polls through a busy device (500)', async () => {
    onRequest(
      'DELETE',
      WEB,
      (s) => s < 300,
      () => sim.control.injectOnce({ method: 'GET', path: `${WEB}/status` }, { kind: 'status', status: 500 }),
    );
    const report = await client.redeploy(NEW_SPEC);
    expect(stepsOf(report.steps)).toMatchObject({ 'wait-removed': 'absent', 'wait-running': 'running' });
    expect(sim.control.containers()).toEqual([expect.objectContaining({ name: 'web', tag: 'next', state: 'running' })]);
  });

  test('ends at a plain refusal (400), and the old container is put back', async () => {
    onRequest(
      'DELETE',
      WEB,
      (s) => s < 300,
      () => sim.control.injectOnce({ method: 'GET', path: `${WEB}/status` }, { kind: 'status', status: 400 }),
    );
    const err = await expectError(() => client.redeploy(NEW_SPEC));
    expect(err.code).toBe('INVALID_INPUT');
    expect(err.details).toMatchObject({ failedStep: 'wait-removed', rolledBack: true });
    oldRunsAgain();
  });
});
