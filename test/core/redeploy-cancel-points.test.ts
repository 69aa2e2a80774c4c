/**
 * Where a cancelled redeploy stopped, in the words of its error, and what it left: each cancel
 * point between two steps names itself ("before the old container was removed", "after the old
 * container was removed", "before the new container was started"), a cancel after the removal
 * removes no volume (the old data stays for the rollback), and with rollback off such a cancel
 * lets the redeploy finish. A cancel during the first reads ends each of them at once, and a
 * configuration read again after a 404 is not sent once the redeploy is cancelled.
 *
 * Each is reported at the step that did not run (`failedStep`), not at the last one that did.
 *
 * The cancel is fired when the client logs a request's answer, so it lands exactly between two
 * steps: the answer is in, the next step has not begun.
 */
import type { SecureEdgeClient } from '../../core';
import type { RunningSimulator } from '../../simulator';
import { expectError } from '../support/client';
import { CREATE, NEW_SPEC, WEB, changes, startRedeployDevice, stepNames, type RedeployDevice } from '../support/redeploy-device';

const STATUS = `${WEB}/status`;
const CONFIGURATION = `${WEB}/configuration`;
const NEXT_DETAILS = '/api/v1/docker/images/nginx/next/details';

let device: RedeployDevice;
let sim: RunningSimulator;
let client: SecureEdgeClient;
let controller: AbortController;

afterEach(() => device.close());

async function start(options: Parameters<typeof startRedeployDevice>[0] = {}) {
  device = await startRedeployDevice(options);
  ({ sim, client } = device);
  controller = new AbortController();
}

/** Abort once the client has logged the answer `answer` (e.g. "DELETE /path -> 200"), after `after` was logged, if given. */
function abortOnAnswer(answer: RegExp, after?: RegExp) {
  let armed = after === undefined;
  device.onLog = (line) => {
    if (!armed && after?.test(line)) armed = true;
    else if (armed && answer.test(line)) controller.abort();
  };
}

const answered = (method: string, path: string) => new RegExp(`^${method} ${path.replace(/\//g, '\\/')} -> 2\\d\\d `);

describe('a cancel between two steps says where it stopped', () => {
  test('once the old container has stopped: before its removal, and the old container runs again', async () => {
    await start();
    // The first status read after the stop shows `exited`: the wait ends with it, the removal is next.
    abortOnAnswer(answered('GET', STATUS), answered('POST', `${WEB}/stop`));
    const err = await expectError(() => client.redeploy(NEW_SPEC, { signal: controller.signal }));
    expect(err.code).toBe('CANCELLED');
    expect(err.message).toContain(': Cancelled: the redeploy was cancelled before the old container was removed. Rolled back:');
    // Reported at the step that did not run, for a flow that routes on failedStep.
    expect(err.details).toMatchObject({ failedStep: 'remove', rolledBack: true });
    expect(changes(sim)).toEqual([`POST ${WEB}/stop`, `POST ${WEB}/start`]);
    expect(sim.control.containers()).toEqual([expect.objectContaining({ name: 'web', tag: 'latest', state: 'running' })]);
  });

  test('once the old container is removed: before the create, and the old container is put back', async () => {
    await start();
    abortOnAnswer(answered('DELETE', WEB));
    const err = await expectError(() => client.redeploy(NEW_SPEC, { signal: controller.signal }));
    expect(err.message).toContain(': Cancelled: the redeploy was cancelled after the old container was removed. Rolled back:');
    expect(stepNames(err.details)).not.toContain('create');
    expect(err.details).toMatchObject({ failedStep: 'create', rolledBack: true });
    // One create: the rollback's, of the old container.
    expect(changes(sim).filter((c) => c === `${CREATE.method} ${CREATE.path}`)).toHaveLength(1);
    expect(sim.control.containers()).toEqual([expect.objectContaining({ name: 'web', tag: 'latest', state: 'running' })]);
  });

  test('with "Remove volumes", once the old container is removed: no volume is removed, the old data stays', async () => {
    await start();
    abortOnAnswer(answered('DELETE', WEB));
    const err = await expectError(() => client.redeploy(NEW_SPEC, { signal: controller.signal, removeVolumes: true }));
    expect(err.message).toContain(': Cancelled: the redeploy was cancelled after the old container was removed. Rolled back:');
    expect(stepNames(err.details)).not.toContain('remove-volume');
    expect(err.details).toMatchObject({ failedStep: 'remove-volume', rolledBack: true });
    expect(sim.control.volumes()).toEqual(['nginx-config']);
  });

  test('once the new container is created: before its start, and the old container is put back', async () => {
    await start();
    abortOnAnswer(answered('POST', CREATE.path));
    const err = await expectError(() => client.redeploy(NEW_SPEC, { signal: controller.signal }));
    expect(err.message).toContain(': Cancelled: the redeploy was cancelled before the new container was started. Rolled back:');
    // Reported at the step that did not run, for a flow that routes on failedStep.
    expect(err.details).toMatchObject({ failedStep: 'start', rolledBack: true });
    expect(stepNames(err.details)).not.toContain('start');
    expect(sim.control.containers()).toEqual([expect.objectContaining({ name: 'web', tag: 'latest', state: 'running' })]);
  });

  test('with rollback off and "Remove volumes", a cancel after the removal lets the redeploy finish, volumes removed', async () => {
    await start();
    abortOnAnswer(answered('DELETE', WEB));
    const report = await client.redeploy(NEW_SPEC, { signal: controller.signal, removeVolumes: true, rollback: false });
    expect(controller.signal.aborted).toBe(true);
    expect(report.steps.filter((s) => s.step === 'remove-volume').map((s) => [s.target, s.outcome])).toEqual([['nginx-config', 'removed']]);
    expect(sim.control.containers()).toEqual([expect.objectContaining({ name: 'web', tag: 'next', state: 'running' })]);
  });
});

/**
 * The three first reads go out side by side. One of them never gets an answer (the device sends
 * "102 Processing" forever); the cancel comes once the other two are answered. Each read must end
 * with the cancel, not with its own timeout.
 */
describe('a cancel during the first reads ends the read still waiting, and nothing is changed', () => {
  const reads: [string, string][] = [
    ['the status', STATUS],
    ['the new image’s details', NEXT_DETAILS],
    ['the configuration', CONFIGURATION],
  ];

  test.each(reads)('%s', async (_label, hanging) => {
    // No retries and a timeout well inside the test's: a read that ignored the cancel ends as TIMEOUT.
    await start({ client: { timeoutMs: 3000, retry: { retries: 0, baseDelayMs: 5, maxDelayMs: 20 } } });
    sim.control.injectOnce({ method: 'GET', path: hanging }, { kind: 'endless-1xx', intervalMs: 20 });
    const others = reads.map(([, path]) => path).filter((p) => p !== hanging);
    const seen = new Set<string>();
    device.onLog = (line) => {
      for (const p of others) if (answered('GET', p).test(line)) seen.add(p);
      if (seen.size === others.length) controller.abort();
    };
    const err = await expectError(() => client.redeploy(NEW_SPEC, { signal: controller.signal }));
    expect(err.code).toBe('CANCELLED');
    expect(err.details).toMatchObject({ changed: false });
    expect(changes(sim)).toEqual([]);
  });
});

test('a cancel before the configuration is read again (after a 404) sends no second read', async () => {
  await start();
  // The first configuration read is answered 404 (the container was being replaced as we looked),
  // so it is read again; the cancel comes once all three first reads are answered.
  sim.control.injectOnce({ method: 'GET', path: CONFIGURATION }, { kind: 'status', status: 404 });
  const waiting = new Set([STATUS, NEXT_DETAILS, CONFIGURATION]);
  device.onLog = (line) => {
    for (const p of waiting) if (line.startsWith(`GET ${p} -> `)) waiting.delete(p);
    if (waiting.size === 0) controller.abort();
  };
  const err = await expectError(() => client.redeploy(NEW_SPEC, { signal: controller.signal }));
  expect(err.code).toBe('CANCELLED');
  expect(err.details).toMatchObject({ failedStep: 'read-configuration', changed: false });
  expect(sim.control.requestCount({ method: 'GET', pathPrefix: CONFIGURATION })).toBe(1);
});
