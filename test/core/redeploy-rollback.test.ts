/**
 * Safe redeploy: a redeploy that cannot succeed never leaves the machine without its container.
 * A failure at each step after the old container was touched puts it back with its configuration
 * and state; a failing preflight sends no change at all; a rollback that fails says so plainly.
 */
import type { ContainerSpecInput, RedeployOptions, SecureEdgeClient } from '../../core';
import type { RunningSimulator } from '../../simulator';
import { expectError } from '../support/client';
import { CREATE, NEW_SPEC, NEXT, changes as changesOn, startRedeployDevice } from '../support/redeploy-device';

let sim: RunningSimulator;
let client: SecureEdgeClient;
let close: () => Promise<void>;

beforeEach(async () => ({ sim, client, close } = await startRedeployDevice()));
afterEach(() => close());

/** Changes that reached the device (login excepted). */
const changes = () => changesOn(sim);

async function expectOldBack(before: unknown) {
  expect(await client.getContainerConfiguration('web')).toEqual(before);
  expect((await client.getContainerStatus('web')).running_state).toBe('running');
  expect(sim.control.containers().filter((c) => c.name === 'web')).toHaveLength(1);
  expect(sim.control.pendingContainers()).toEqual([]);
}

describe('a failure at each step after the removal puts the old container back as it was', () => {
  const cases: { why: string; code: string; arrange: () => Promise<void> | void; spec?: ContainerSpecInput; options?: RedeployOptions }[] =
    [
      {
        why: 'create refused with 409 (router port taken by another container)',
        code: 'CONFLICT',
        arrange: async () => {
          await client.createContainer({
            container: { name: 'other' },
            image: { name: 'nginx', tag: 'latest' },
            ports: [{ source: 80, destination: 9090, protocol: 'tcp' }],
          });
        },
        spec: { ...NEW_SPEC, ports: [{ source: 80, destination: 9090, protocol: 'tcp' }] },
      },
      { why: 'create answered 500', code: 'DEVICE_ERROR', arrange: () => sim.control.injectOnce(CREATE, { kind: 'status', status: 500 }) },
      {
        why: 'create answered 504 and the container never appears',
        code: 'CREATE_PENDING',
        arrange: () => sim.control.injectOnce(CREATE, { kind: 'status', status: 504 }),
        options: { createTimeoutMs: 300 },
      },
      { why: 'start answered 500', code: 'DEVICE_ERROR', arrange: () => sim.control.setFaults({ startFaults: { 'nginx:next': 'fail' } }) },
      {
        why: 'the new container exits instead of running',
        code: 'DEVICE_ERROR',
        arrange: () => sim.control.setFaults({ startFaults: { 'nginx:next': 'exit' } }),
      },
      {
        why: 'the wait for running times out (crash loop)',
        code: 'TIMEOUT',
        arrange: () => sim.control.setFaults({ startFaults: { 'nginx:next': 'hang' } }),
        // Long enough that, on a loaded machine, only the wait for running can run out.
        options: { timeoutMs: 4000 },
      },
    ];

  test.each(cases)('$why', async ({ code, arrange, spec, options }) => {
    const before = await client.getContainerConfiguration('web');
    await arrange();
    const err = await expectError(() => client.redeploy(spec ?? NEW_SPEC, { timeoutMs: 10_000, ...options }));

    expect(err.code).toBe(code);
    expect(err.message).toMatch(/Rolled back: the old container 'web' \(nginx:latest\) runs again as before/);
    expect(err.details).toMatchObject({ rolledBack: true });
    const steps = (err.details?.steps as { step: string; outcome: string }[]).map((s) => s.step);
    expect(steps).toEqual(
      expect.arrayContaining(['remove', 'rollback-remove-new', 'rollback-create', 'rollback-start', 'rollback-wait-running']),
    );
    expect(steps.indexOf('rollback-create')).toBeGreaterThan(steps.indexOf('remove'));
    await expectOldBack(before);
  });
});

test('a 504 create that appears only after its deadline is removed by the rollback before the old one is created', async () => {
  sim.control.setOptions({ gatewayTimeoutMs: 100 });
  sim.control.addImage({ ...NEXT, tag: 'big', createMs: 1200 });
  const before = await client.getContainerConfiguration('web');
  const err = await expectError(() => client.redeploy({ ...NEW_SPEC, image: { name: 'nginx', tag: 'big' } }, { createTimeoutMs: 200 }));
  expect(err.code).toBe('CREATE_PENDING');
  expect(err.details).toMatchObject({ rolledBack: true });
  const create = (err.details?.steps as { step: string; outcome: string }[]).find((s) => s.step === 'rollback-create');
  expect(create?.outcome).toMatch(/after removing the late new container/);
  await expectOldBack(before);
});

test('a stop that is answered but a removal refused starts the old container again (nothing was removed)', async () => {
  const before = await client.getContainerConfiguration('web');
  sim.control.injectOnce({ method: 'DELETE', path: '/api/v1/docker/containers/web' }, { kind: 'status', status: 500 });
  const err = await expectError(() => client.redeploy(NEW_SPEC));
  expect(err.details).toMatchObject({ failedStep: 'remove', rolledBack: true });
  expect((err.details?.steps as { step: string }[]).map((s) => s.step)).not.toContain('rollback-create');
  await expectOldBack(before);
});

describe('preflight: nothing is stopped, removed or created when it fails', () => {
  test('an image tag that is not in the registry: NOT_FOUND, no POST or DELETE', async () => {
    sim.control.clearRequests();
    const err = await expectError(() => client.redeploy({ ...NEW_SPEC, image: { name: 'nginx', tag: 'no-such-tag' } }));
    expect(err.code).toBe('NOT_FOUND');
    expect(err.message).toMatch(/'nginx:no-such-tag' is not in the device's registry/);
    expect(err.message).toMatch(/old container 'web' was left as it was/);
    expect(changes()).toEqual([]);
    expect(sim.control.containers()).toEqual([expect.objectContaining({ name: 'web', state: 'running', tag: 'latest' })]);
  });

  test('an image whose details report an error: INVALID_INPUT, no POST or DELETE', async () => {
    sim.control.addImage({ ...NEXT, tag: 'broken', error: 'manifest unknown' });
    sim.control.clearRequests();
    const err = await expectError(() => client.redeploy({ ...NEW_SPEC, image: { name: 'nginx', tag: 'broken' } }));
    expect(err.code).toBe('INVALID_INPUT');
    expect(err.message).toMatch(/manifest unknown/);
    expect(err.message).toMatch(/left as it was/);
    expect(changes()).toEqual([]);
  });

  test('an invalid spec: INVALID_INPUT before any request', async () => {
    sim.control.clearRequests();
    const err = await expectError(() => client.redeploy({ ...NEW_SPEC, ports: [{ source: 0, destination: 80, protocol: 'tcp' }] }));
    expect(err.code).toBe('INVALID_INPUT');
    expect(sim.control.requests).toEqual([]);
  });
});

test('when the rollback fails too, the message says plainly that the container is absent and what to do', async () => {
  sim.control.injectOnce(CREATE, { kind: 'status', status: 500 });
  sim.control.injectOnce(CREATE, { kind: 'status', status: 500 });
  const err = await expectError(() => client.redeploy(NEW_SPEC));
  expect(err.code).toBe('DEVICE_ERROR');
  expect(err.message).toMatch(/The rollback failed too, at step 'rollback-create'/);
  expect(err.message).toMatch(/'web' is ABSENT from the device: the machine runs without it/);
  expect(err.message).toMatch(/details\.oldConfiguration/);
  expect(err.details).toMatchObject({
    rolledBack: false,
    rollbackError: { code: 'DEVICE_ERROR' },
    oldConfiguration: { image: { name: 'nginx', tag: 'latest' } },
  });
  expect(sim.control.containers()).toEqual([]);
});

test('rollback: false keeps the vendor behaviour and says where the device stands', async () => {
  sim.control.injectOnce(CREATE, { kind: 'status', status: 500 });
  const err = await expectError(() => client.redeploy(NEW_SPEC, { rollback: false }));
  expect(err.message).toMatch(/Rollback is off/);
  expect(err.message).toMatch(/ABSENT/);
  expect(err.details).toMatchObject({ rolledBack: false });
  expect(sim.control.containers()).toEqual([]);
});

test('with Remove volumes, a rollback says the old data is not restored', async () => {
  sim.control.injectOnce(CREATE, { kind: 'status', status: 500 });
  const err = await expectError(() => client.redeploy(NEW_SPEC, { removeVolumes: true }));
  expect(err.details).toMatchObject({ rolledBack: true });
  expect(err.message).toMatch(/old data is not restored/);
  expect((await client.getContainerStatus('web')).running_state).toBe('running');
});

describe('cancelling mid-redeploy leaves the old or the new container running, never neither', () => {
  /** Abort as soon as the device has answered the first request matching `method path`. */
  function abortAfter(method: string, path: string, controller: AbortController) {
    sim.control.setOptions({ onRequest: (r) => (r.method === method && r.path === path ? controller.abort() : undefined) });
  }
  const points: [string, string, string][] = [
    ['the status read', 'GET', '/api/v1/docker/containers/web/status'],
    ['the stop', 'POST', '/api/v1/docker/containers/web/stop'],
    ['the removal', 'DELETE', '/api/v1/docker/containers/web'],
    ['the create', 'POST', '/api/v1/docker/containers'],
    ['the start of the new container', 'POST', '/api/v1/docker/containers/web/start'],
  ];

  test.each(points)('cancelled after %s', async (_label, method, path) => {
    sim.control.setOptions({ stopDelayMs: 50, startDelayMs: 50 });
    const controller = new AbortController();
    abortAfter(method, path, controller);
    let outcome: unknown;
    try {
      outcome = await client.redeploy(NEW_SPEC, { signal: controller.signal });
    } catch (err) {
      outcome = err;
    }
    expect(controller.signal.aborted).toBe(true);
    expect(outcome).toMatchObject({ code: 'CANCELLED' });
    // Longer than the stop and start delays: a state change still under way has shown by then.
    await new Promise((r) => setTimeout(r, 200));
    const web = sim.control.containers().filter((c) => c.name === 'web');
    expect(web).toEqual([expect.objectContaining({ state: 'running' })]);
    // Cancelled before the removal, or rolled back after it: the old container with its old image.
    expect(web[0].tag).toBe('latest');
  });

  test('cancelled before it starts: nothing is sent at all', async () => {
    const controller = new AbortController();
    controller.abort();
    sim.control.clearRequests();
    const err = await expectError(() => client.redeploy(NEW_SPEC, { signal: controller.signal }));
    expect(err.code).toBe('CANCELLED');
    expect(err.message).toMatch(/left as it was/);
    expect(changes()).toEqual([]);
  });

  test('with rollback off, a cancel after the stop still starts the old container again (a cancel is not a failed deploy)', async () => {
    sim.control.setOptions({ stopDelayMs: 50, startDelayMs: 50 });
    const controller = new AbortController();
    abortAfter('POST', '/api/v1/docker/containers/web/stop', controller);
    const err = await expectError(() => client.redeploy(NEW_SPEC, { signal: controller.signal, rollback: false }));
    expect(err.code).toBe('CANCELLED');
    await new Promise((r) => setTimeout(r, 200));
    expect(sim.control.containers()).toEqual([expect.objectContaining({ name: 'web', state: 'running', tag: 'latest' })]);
  });

  test('with rollback off, a cancel after the removal lets the new container come up', async () => {
    const controller = new AbortController();
    abortAfter('DELETE', '/api/v1/docker/containers/web', controller);
    const report = await client.redeploy(NEW_SPEC, { signal: controller.signal, rollback: false });
    expect(controller.signal.aborted).toBe(true);
    expect(report.running_state).toBe('running');
    expect(sim.control.containers()).toEqual([expect.objectContaining({ name: 'web', state: 'running', tag: 'next' })]);
  });
});
