/**
 * A redeploy whose change requests were done but whose answers were lost, or answered in a way
 * the device's state contradicts: each step's report says what the state showed. A stop or start
 * whose answer was lost is "confirmed by state" (in the redeploy and in its rollback), and a
 * removal answered 404 while the container is still listed is caught by the wait for its absence,
 * whose failure names the container; the rollback then puts the old one back.
 */
import type { SecureEdgeClient } from '../../core';
import type { RunningSimulator, SeedImage } from '../../simulator';
import { expectError, NGINX_SPEC, testClient } from '../support/client';
import { startTestSimulator } from '../support/simulator';

const NEXT: SeedImage = { name: 'nginx', tag: 'next', size: 70_000_000, platforms: ['linux/arm64/v8'], environment: [] };
const NEW_SPEC = { ...NGINX_SPEC, image: { name: 'nginx', tag: 'next' } };
const WEB = '/api/v1/docker/containers/web';

let sim: RunningSimulator;
let client: SecureEdgeClient;

beforeEach(async () => {
  sim = await startTestSimulator();
  sim.control.addImage(NEXT);
  client = testClient(sim);
  await client.createContainer(NGINX_SPEC);
  await client.startContainer('web');
});
afterEach(async () => {
  await client.close();
  await sim.close();
});

type Step = { step: string; outcome: string };
const stepsOf = (steps: unknown) => Object.fromEntries((steps as Step[]).map((s) => [s.step, s.outcome]));

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
  sim.control.injectOnce({ method: 'POST', path: '/api/v1/docker/containers' }, { kind: 'status', status: 500 });
  sim.control.injectOnce({ method: 'POST', path: `${WEB}/start` }, { kind: 'drop-after' });
  const err = await expectError(() => client.redeploy(NEW_SPEC));
  expect(err.details).toMatchObject({ rolledBack: true });
  expect(stepsOf(err.details?.steps)).toMatchObject({
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
  const steps = stepsOf(err.details?.steps);
  expect(steps).toMatchObject({ remove: 'already gone', 'wait-removed': 'failed: TIMEOUT' });
  expect(err.message).toContain("Container 'web' was still listed after its removal.");
  // The rollback removed what carried the name and put the old container back.
  expect(steps).toMatchObject({ 'rollback-remove-new': 'removed (was exited)', 'rollback-start': 'started' });
  expect(sim.control.containers()).toEqual([expect.objectContaining({ name: 'web', tag: 'latest', state: 'running' })]);
});
