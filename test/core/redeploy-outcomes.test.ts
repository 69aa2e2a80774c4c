/**
 * Where a failed redeploy leaves the machine, in the words of its error, for each way it can end:
 * rolled back to a container that was not running (it comes back created, not started), a
 * rollback that failed but left a container that is not running, rollback off, and a first deploy
 * with nothing to roll back. The old container's state before the redeploy decides what "as
 * before" means; each case is arranged on the simulator and its message and details checked. When
 * the state after the failure cannot be read, or the rollback started the old container but could
 * not confirm it, the message says exactly that instead of guessing.
 */
import type { SecureEdgeClient } from '../../core';
import type { RunningSimulator, SeedImage } from '../../simulator';
import { expectError, NGINX_SPEC, testClient } from '../support/client';
import { startTestSimulator } from '../support/simulator';

const NEXT: SeedImage = {
  name: 'nginx',
  tag: 'next',
  size: 70_000_000,
  platforms: ['linux/arm64/v8'],
  environment: [{ key: 'NGINX_VERSION', value: '1.29' }],
};
const NEW_SPEC = { ...NGINX_SPEC, image: { name: 'nginx', tag: 'next' }, environment_variables: [{ key: 'PORT', value: '9000' }] };

let sim: RunningSimulator;
let client: SecureEdgeClient;

beforeEach(async () => {
  sim = await startTestSimulator();
  sim.control.addImage(NEXT);
  client = testClient(sim);
});
afterEach(async () => {
  await client.close();
  await sim.close();
});

const newStartFails = () => sim.control.setFaults({ startFaults: { 'nginx:next': 'fail' } });

test('an exited container is put back created, not started, and the message says so', async () => {
  await client.createContainer(NGINX_SPEC);
  await client.startContainer('web');
  await client.stopContainer('web');
  await client.waitForState('web', 'exited', { timeoutMs: 2000 });
  newStartFails();
  const err = await expectError(() => client.redeploy(NEW_SPEC));
  expect(err.message).toMatch(
    /^Redeploy of 'web' stopped at step 'start': .* Rolled back: the old container 'web' \(nginx:latest\) is back \(created, not started, as it was not running\) as before, with its old configuration\.$/,
  );
  expect(err.details).toMatchObject({ rolledBack: true, failedStep: 'start' });
  expect(sim.control.containers()).toEqual([expect.objectContaining({ name: 'web', tag: 'latest', state: 'created' })]);
});

test('a container that was only created comes back created', async () => {
  await client.createContainer(NGINX_SPEC);
  newStartFails();
  const err = await expectError(() => client.redeploy(NEW_SPEC));
  expect(err.message).toMatch(
    /Rolled back: the old container 'web' \(nginx:latest\) is back \(created\) as before, with its old configuration\.$/,
  );
  expect(sim.control.containers()).toEqual([expect.objectContaining({ name: 'web', tag: 'latest', state: 'created' })]);
});

test('a running container runs again, and the message says so', async () => {
  await client.createContainer(NGINX_SPEC);
  await client.startContainer('web');
  newStartFails();
  const err = await expectError(() => client.redeploy(NEW_SPEC));
  expect(err.message).toMatch(/Rolled back: the old container 'web' \(nginx:latest\) runs again as before, with its old configuration\.$/);
  expect(sim.control.containers()).toEqual([expect.objectContaining({ name: 'web', tag: 'latest', state: 'running' })]);
});

test('a rollback that fails after recreating the old container says it exists but is not running, and what to check', async () => {
  await client.createContainer(NGINX_SPEC);
  await client.startContainer('web');
  sim.control.setFaults({ startFaults: { 'nginx:next': 'fail', 'nginx:latest': 'fail' } });
  const err = await expectError(() => client.redeploy(NEW_SPEC));
  expect(err.message).toMatch(/The rollback failed too, at step 'rollback-start': /);
  expect(err.message).toMatch(
    / Container 'web' exists but is 'created', not running\. Check that it is the old container \(its configuration against details\.oldConfiguration\) and start it if needed, or fix the cause and redeploy\.$/,
  );
  expect(err.details).toMatchObject({
    rolledBack: false,
    running_state: 'created',
    oldConfiguration: { image: { name: 'nginx', tag: 'latest' } },
  });
});

test('with rollback off, the message and details say where the device stands', async () => {
  await client.createContainer(NGINX_SPEC);
  await client.startContainer('web');
  newStartFails();
  const err = await expectError(() => client.redeploy(NEW_SPEC, { rollback: false }));
  expect(err.message).toMatch(/ Rollback is off, so nothing was put back\. Container 'web' is now 'created'\.$/);
  expect(err.details).toMatchObject({ rolledBack: false, running_state: 'created' });
});

test('a first deploy that fails has nothing to roll back and names the state it left', async () => {
  newStartFails();
  const err = await expectError(() => client.redeploy(NEW_SPEC));
  expect(err.message).toMatch(/ There was no old container to put back\. Container 'web' is 'created', left for you to look at\.$/);
  expect(err.details).toMatchObject({ running_state: 'created', failedStep: 'start' });
  expect(err.details).not.toHaveProperty('rolledBack');
});

test('a failed preflight says in its details that nothing was changed', async () => {
  await client.createContainer(NGINX_SPEC);
  await client.startContainer('web');
  const err = await expectError(() => client.redeploy({ ...NEW_SPEC, image: { name: 'nginx', tag: 'no-such-tag' } }));
  expect(err.message).toMatch(/ The old container 'web' was left as it was: nothing was stopped, removed or created\.$/);
  expect(err.details).toMatchObject({ changed: false });
});

test('with rollback off, a cancel after the stop starts the old container again and says so (no image known)', async () => {
  await client.createContainer(NGINX_SPEC);
  await client.startContainer('web');
  const controller = new AbortController();
  sim.control.setOptions({
    onRequest: (r) => (r.method === 'POST' && r.path === '/api/v1/docker/containers/web/stop' ? controller.abort() : undefined),
  });
  const err = await expectError(() => client.redeploy(NEW_SPEC, { signal: controller.signal, rollback: false }));
  expect(err.code).toBe('CANCELLED');
  expect(err.message).toMatch(/ Rolled back: the old container 'web' runs again as before, with its old configuration\.$/);
  expect(err.details).toMatchObject({ rolledBack: true });
});

test.each(['restarting', 'paused'] as const)('a %s container counts as running: the rollback says it runs again', async (state) => {
  await client.createContainer(NGINX_SPEC);
  await client.startContainer('web');
  sim.control.setContainerState('web', state);
  newStartFails();
  const err = await expectError(() => client.redeploy(NEW_SPEC));
  expect(err.message).toMatch(/Rolled back: the old container 'web' \(nginx:latest\) runs again as before, with its old configuration\.$/);
});

test('each step of a failed redeploy is in the details, the failed one as "failed: CODE"', async () => {
  await client.createContainer(NGINX_SPEC);
  await client.startContainer('web');
  newStartFails();
  const err = await expectError(() => client.redeploy(NEW_SPEC));
  const steps = (err.details?.steps ?? []) as { step: string; outcome: string }[];
  expect(steps.find((s) => s.step === 'start')).toMatchObject({ outcome: 'failed: DEVICE_ERROR' });
  expect(steps.map((s) => s.step)).toEqual(expect.arrayContaining(['stop', 'remove', 'create', 'start']));
});

/**
 * When the device stops answering right after the failure, the state cannot be read for the
 * message: it must say so rather than guess. The simulator fails every call (login excepted) from
 * the moment the request named here is answered.
 */
describe('when the state after the failure cannot be read', () => {
  const failEverythingAfter = (method: string, path: string) =>
    sim.control.setOptions({
      onRequest: (r) =>
        r.method === method && r.path === path ? sim.control.setFaults({ errorRate: 1, errorStatuses: [500] }) : undefined,
    });

  test('a first deploy says only that there was nothing to put back', async () => {
    sim.control.injectOnce({ method: 'POST', path: '/api/v1/docker/containers' }, { kind: 'status', status: 500 });
    failEverythingAfter('POST', '/api/v1/docker/containers');
    const err = await expectError(() => client.redeploy(NEW_SPEC));
    expect(err.message).toMatch(/ There was no old container to put back\.$/);
    expect(err.details).not.toHaveProperty('running_state');
  });

  test('with rollback off, it says the state could not be read', async () => {
    await client.createContainer(NGINX_SPEC);
    await client.startContainer('web');
    newStartFails();
    failEverythingAfter('POST', '/api/v1/docker/containers/web/start');
    const err = await expectError(() => client.redeploy(NEW_SPEC, { rollback: false }));
    expect(err.message).toMatch(/ Rollback is off, so nothing was put back\. The state of 'web' could not be read\.$/);
    expect(err.details).toMatchObject({ rolledBack: false });
    expect(err.details).not.toHaveProperty('running_state');
  });

  test('a failed rollback calls the container absent "as far as could be read"', async () => {
    await client.createContainer(NGINX_SPEC);
    await client.startContainer('web');
    newStartFails();
    failEverythingAfter('POST', '/api/v1/docker/containers/web/start');
    const err = await expectError(() => client.redeploy(NEW_SPEC));
    expect(err.message).toMatch(/The rollback failed too, at step '[a-z-]+': /);
    expect(err.message).toMatch(
      / Container 'web' is ABSENT from the device \(as far as could be read\): the machine runs without it\. Create it again from details\.oldConfiguration /,
    );
    expect(err.details).toMatchObject({ rolledBack: false });
    expect(err.details).not.toHaveProperty('running_state');
  });
});

test('a rollback that started the old container but could not confirm it says it runs, unfinished', async () => {
  await client.createContainer(NGINX_SPEC);
  await client.startContainer('web');
  // The stop is refused (nothing removed), so the rollback starts the old container again; the
  // first status read of its wait is then answered 400, which ends the wait and the rollback.
  sim.control.injectOnce({ method: 'POST', path: '/api/v1/docker/containers/web/stop' }, { kind: 'status', status: 500 });
  sim.control.setOptions({
    onRequest: (r) =>
      r.method === 'POST' && r.path === '/api/v1/docker/containers/web/start'
        ? sim.control.injectOnce({ method: 'GET', path: '/api/v1/docker/containers/web/status' }, { kind: 'status', status: 400 })
        : undefined,
  });
  const err = await expectError(() => client.redeploy(NEW_SPEC));
  expect(err.message).toMatch(/The rollback failed too, at step 'rollback-wait-running': /);
  expect(err.message).toMatch(
    / Container 'web' is running now, but the rollback did not finish\. Check that it is the old container \(its configuration against details\.oldConfiguration\) and start it if needed/,
  );
  expect(err.details).toMatchObject({ rolledBack: false, running_state: 'running' });
});
