/**
 * A slow device (every answer delayed) and a device that answers a share of requests with
 * 500/502/503 (seeded, so a failure can be replayed). Each change is sent once per call: either
 * it is done and reported done, or the error has a code and, where it could be read, the state
 * the container was left in — which must be the device's real state.
 */
import { isSecureEdgeError, type SecureEdgeError } from '../../core';
import { expectError, NGINX_SPEC, testClient } from '../support/client';
import { recordForScan } from '../support/secrets';
import { startTestSimulator } from '../support/simulator';
import { answered, C, Cleanup, received } from './helpers';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

async function setup(options: Parameters<typeof startTestSimulator>[0] = {}, clientOptions: Parameters<typeof testClient>[1] = {}) {
  const sim = await startTestSimulator(options);
  const client = testClient(sim, clientOptions);
  cleanup.add(() => sim.close());
  cleanup.add(() => client.close());
  return { sim, client };
}

const NEW_SPEC = { ...NGINX_SPEC, environment_variables: [{ key: 'PORT', value: '9090' }] };

describe('a slow device', () => {
  test('every answer 150 ms late: a full redeploy succeeds, each change once', async () => {
    const { sim, client } = await setup({}, { timeoutMs: 2000 });
    await client.createContainer(NGINX_SPEC);
    await client.startContainer('web');
    sim.control.clearRequests();
    sim.control.setFaults({ latencyMs: 150 });

    const report = await client.redeploy(NEW_SPEC, { timeoutMs: 20_000 });
    recordForScan('redeploy report', report);

    expect(report.running_state).toBe('running');
    for (const [m, p] of [
      ['POST', `${C}/web/stop`],
      ['DELETE', `${C}/web`],
      ['POST', C],
      ['POST', `${C}/web/start`],
    ]) {
      expect([m, p, received(sim, m, p)]).toEqual([m, p, 1]);
    }
  });

  test('slower than the timeout: a start is not sent again, and the error says the outcome is unknown', async () => {
    const { sim, client } = await setup({}, { timeoutMs: 100, retry: { retries: 1, baseDelayMs: 5, maxDelayMs: 5 } });
    await client.createContainer(NGINX_SPEC);
    sim.control.clearRequests();
    // Ten times the timeout, so a busy test machine cannot blur the line between late and on time.
    sim.control.setFaults({ latencyMs: 1000 });

    const err = await expectError(() => client.startContainer('web'));
    expect(err.code).toBe('TIMEOUT');
    expect(err.message).toMatch(/POST \/api\/v1\/docker\/containers\/web\/start was lost.*may or may not have done it/);

    // The device finishes the start it was sent; the client never sent a second one.
    sim.control.setFaults({ latencyMs: 0 });
    await client.waitForState('web', 'running', { timeoutMs: 3000 });
    expect(received(sim, 'POST', `${C}/web/start`)).toBe(1);
  });
});

describe('a share of 500/502/503 answers (seeded)', () => {
  test('120 starts, stops and reads: every change sent once per call, every error coded and truthful about the state', async () => {
    const { sim, client } = await setup({ seed: 5150 });
    await client.createContainer(NGINX_SPEC);
    sim.control.setFaults({ errorRate: 0.3, errorStatuses: [500, 502, 503] });
    const tally = { done: 0, failed: 0, reads: 0, readFailures: 0 };

    for (let i = 0; i < 120; i++) {
      if (i % 3 === 2) {
        try {
          await client.getContainerStatus('web');
          tally.reads++;
        } catch (err) {
          recordForScan('read failure', err);
          expect(isSecureEdgeError(err) && err.code).toBe('DEVICE_ERROR');
          tally.readFailures++;
        }
        continue;
      }
      const stateBefore = sim.control.containers()[0].state;
      const wasRunning = stateBefore === 'running';
      const action = wasRunning ? 'stop' : 'start';
      const path = `${C}/web/${action}`;
      const before = received(sim, 'POST', path);
      try {
        const result = await (wasRunning ? client.stopContainer('web') : client.startContainer('web'));
        recordForScan('action result', result);
        expect(sim.control.containers()[0].state).toBe(wasRunning ? 'exited' : 'running');
        tally.done++;
      } catch (err) {
        recordForScan('action failure', err);
        const e = err as SecureEdgeError;
        expect(isSecureEdgeError(e)).toBe(true);
        expect(e.code).toBe('DEVICE_ERROR');
        expect([500, 502, 503]).toContain(e.status);
        // An injected error did nothing; if the client could read the state, it reported the real one.
        const real = sim.control.containers()[0].state;
        expect(real).toBe(stateBefore);
        if (e.details?.running_state !== undefined) {
          expect(e.details.running_state).toBe(real);
          expect(e.message).toContain(`now '${real}'`);
        }
        tally.failed++;
      }
      expect(received(sim, 'POST', path) - before).toBe(1);
    }
    console.log(`500/502/503 at 30%: ${JSON.stringify(tally)}`);
    // The faults really happened, and most work still got done.
    expect(tally.failed).toBeGreaterThan(0);
    expect(tally.done).toBeGreaterThan(tally.failed);
    expect(tally.reads).toBeGreaterThan(tally.readFailures);
  });

  test('ten nightly redeploys at 20% errors: each ends running or stops at a named step; no change is ever done twice', async () => {
    const { sim, client } = await setup({ seed: 8086 });
    await client.createContainer(NGINX_SPEC);
    await client.startContainer('web');
    sim.control.setFaults({ errorRate: 0.2 });
    const outcomes: string[] = [];

    for (let night = 0; night < 10; night++) {
      sim.control.clearRequests();
      let steps: Array<{ step: string }> = [];
      try {
        const report = await client.redeploy(NEW_SPEC, { timeoutMs: 10_000 });
        steps = report.steps;
        recordForScan('redeploy report', report);
        expect(sim.control.containers()).toEqual([expect.objectContaining({ name: 'web', state: 'running' })]);
        outcomes.push('running');
      } catch (err) {
        recordForScan('redeploy failure', err);
        const e = err as SecureEdgeError;
        expect(isSecureEdgeError(e)).toBe(true);
        steps = (e.details?.steps as Array<{ step: string }> | undefined) ?? [];
        expect(e.details?.failedStep).toEqual(expect.any(String));
        expect(e.message).toContain(`stopped at step '${e.details?.failedStep}'`);
        outcomes.push(`${e.details?.failedStep}: ${e.code}`);
      }
      // Each change is answered at most once, except that a rollback may send its own (another
      // change: removing the half-made new container, creating and starting the old one again).
      const rollbacks = (step: string) => steps.filter((s) => s.step === step).length;
      for (const [m, p, rollbackStep] of [
        ['POST', `${C}/web/stop`, 'rollback-stop'],
        ['DELETE', `${C}/web`, 'rollback-remove-new'],
        ['POST', C, 'rollback-create'],
        ['POST', `${C}/web/start`, 'rollback-start'],
      ]) {
        expect([m, p, answered(sim, m, p) <= 1 + rollbacks(rollbackStep)]).toEqual([m, p, true]);
      }
    }
    console.log(`redeploys at 20% errors: ${outcomes.join(', ')}`);
    expect(outcomes).toContain('running');
    // Whatever happened, the last good night left one container: never two, never a half-made one.
    expect(sim.control.containers().length).toBeLessThanOrEqual(1);
  });
});
