/**
 * The redeploy's first reads (the old state, the new image, the old configuration) and what each
 * of their failures says. The configuration is read only when something needs it (a rollback, or
 * "Remove volumes" to know the old container's volumes), once. A configuration read answered 404
 * (the container was being replaced by someone else as we looked) is read again; any other failure
 * ends the redeploy with nothing changed. An old image gone from the registry, an image the device
 * reports an error for, a registry that fails to answer, and an old configuration this package
 * cannot send back as a create each stop the redeploy before the stop, in words that say which.
 */
import type { SecureEdgeClient } from '../../core';
import type { RunningSimulator } from '../../simulator';
import { expectError } from '../support/client';
import { NEW_SPEC, NEXT, WEB, changes, startRedeployDevice, stepNames, stepsOf, type RedeployDevice } from '../support/redeploy-device';

const CONFIGURATION = `${WEB}/configuration`;
const configurationReads = () => sim.control.requestCount({ method: 'GET', pathPrefix: CONFIGURATION });

let sim: RunningSimulator;
let client: SecureEdgeClient;
let close: RedeployDevice['close'];

beforeEach(async () => ({ sim, client, close } = await startRedeployDevice()));
afterEach(() => close());

/** Nothing was sent but reads, and the old container runs as before. */
function expectUntouched() {
  expect(changes(sim)).toEqual([]);
  expect(sim.control.containers()).toEqual([expect.objectContaining({ name: 'web', tag: 'latest', state: 'running' })]);
}

describe('the old configuration is read only when needed, and once', () => {
  test('with rollback off and no "Remove volumes", it is not read at all', async () => {
    const report = await client.redeploy(NEW_SPEC, { rollback: false });
    expect(stepNames(report.steps)).toEqual([
      'status',
      'preflight',
      'stop',
      'wait-stopped',
      'remove',
      'wait-removed',
      'create',
      'start',
      'wait-running',
    ]);
    expect(configurationReads()).toBe(0);
  });

  test('with rollback off and "Remove volumes", it is read: the old container’s volumes are removed too', async () => {
    const spec = { ...NEW_SPEC, volumes: [{ name: 'fresh-data', destination: '/data' }] };
    const report = await client.redeploy(spec, { rollback: false, removeVolumes: true });
    expect(report.steps.filter((s) => s.step === 'remove-volume').map((s) => [s.target, s.outcome])).toEqual([
      ['nginx-config', 'removed'],
      ['fresh-data', 'already gone'],
    ]);
    expect(sim.control.volumes()).toEqual(['fresh-data']);
  });

  test('with rollback on, it is read once', async () => {
    await client.redeploy(NEW_SPEC);
    expect(configurationReads()).toBe(1);
  });

  test('a read answered 404 while the container is listed is read again, and the redeploy goes on', async () => {
    sim.control.injectOnce({ method: 'GET', path: CONFIGURATION }, { kind: 'status', status: 404 });
    const report = await client.redeploy(NEW_SPEC);
    expect(stepsOf(report.steps)).toMatchObject({ 'read-configuration': 'nginx:latest, 1 port(s), 1 volume(s)' });
    expect(configurationReads()).toBe(2);
    expect(report.running_state).toBe('running');
  });

  test('a read that fails otherwise ends the redeploy at that step, not read again, nothing changed', async () => {
    sim.control.injectOnce({ method: 'GET', path: CONFIGURATION }, { kind: 'status', status: 500 });
    const err = await expectError(() => client.redeploy(NEW_SPEC));
    expect(err.code).toBe('DEVICE_ERROR');
    expect(err.details).toMatchObject({ failedStep: 'read-configuration', changed: false });
    expect(configurationReads()).toBe(1);
    expectUntouched();
  });
});

describe('the images: what a failed check says', () => {
  test('an old image no longer in the registry: the old container could not be put back, so nothing is done', async () => {
    sim.control.removeImage('nginx', 'latest');
    const err = await expectError(() => client.redeploy(NEW_SPEC));
    expect(err.code).toBe('NOT_FOUND');
    expect(err.message).toBe(
      "Redeploy of 'web' stopped at step 'preflight': The old container's image 'nginx:latest' is no longer in the device's registry, " +
        'so the old container could not be put back if the redeploy failed. Push it again, or redeploy with rollback off. ' +
        "The old container 'web' was left as it was: nothing was stopped, removed or created.",
    );
    expectUntouched();
  });

  test('a new image the device reports an error for: the field is the image, the device’s words are in the details', async () => {
    sim.control.addImage({ ...NEXT, tag: 'broken', error: 'manifest unknown' });
    const err = await expectError(() => client.redeploy({ ...NEW_SPEC, image: { name: 'nginx', tag: 'broken' } }));
    expect(err.code).toBe('INVALID_INPUT');
    expect(err.field).toBe('image');
    expect(err.details).toMatchObject({ imageError: 'manifest unknown', failedStep: 'preflight', changed: false });
    expectUntouched();
  });

  test('a registry that fails to answer is a device error, not a missing image', async () => {
    sim.control.injectOnce({ method: 'GET', path: '/api/v1/docker/images/nginx/next/details' }, { kind: 'status', status: 500 });
    const err = await expectError(() => client.redeploy(NEW_SPEC));
    expect(err.code).toBe('DEVICE_ERROR');
    expect(err.message).not.toMatch(/registry/);
    expect(err.details).toMatchObject({ failedStep: 'preflight', changed: false });
    expectUntouched();
  });
});

test('an old configuration that cannot be sent back as a create stops the redeploy, and says which field', async () => {
  // The image's own environment has a key this package would refuse to send: the device merges it
  // into the configuration, so the old container could not be created again from it.
  const latest = sim.control.images().find((i) => i.name === 'nginx' && i.tag === 'latest')!;
  sim.control.addImage({ ...latest, environment: [...latest.environment, { key: 'BAD KEY', value: '1' }] });
  const err = await expectError(() => client.redeploy(NEW_SPEC));
  expect(err.code).toBe('INVALID_INPUT');
  expect(err.field).toBe('rollback');
  expect(err.message).toMatch(
    /^Redeploy of 'web' stopped at step 'preflight': The old container's configuration cannot be used to create it again \(environment_variables\.\d+\.key: [^)]+\), so it could not be put back if the redeploy failed\. Redeploy with rollback off to replace it anyway\. /,
  );
  expectUntouched();
});

test('a step still running when the redeploy stopped is reported as running', async () => {
  // The status read fails at once while the new image's details never come: the report is taken
  // with the image check still under way.
  sim.control.injectOnce({ method: 'GET', path: `${WEB}/status` }, { kind: 'status', status: 400 });
  sim.control.injectOnce({ method: 'GET', path: '/api/v1/docker/images/nginx/next/details' }, { kind: 'endless-1xx', intervalMs: 20 });
  const err = await expectError(() => client.redeploy(NEW_SPEC));
  expect(err.details?.steps).toEqual([
    { step: 'status', outcome: expect.stringMatching(/^failed: /), durationMs: expect.any(Number) },
    { step: 'preflight', outcome: 'running', durationMs: 0 },
  ]);
});
