/** Redeploy: the vendor's recipe without fixed sleeps, every step polled and reported. */
import type { SeedImage } from '../../simulator';
import { expectError, NGINX_SPEC, testClient } from '../support/client';
import { startTestSimulator } from '../support/simulator';
import { REPLACE_STEPS } from '../support/redeploy-steps';

test('redeploys a running container step by step and leaves it running', async () => {
  const sim = await startTestSimulator({ stopDelayMs: 100, startDelayMs: 100 });
  const client = testClient(sim);
  try {
    await client.createContainer(NGINX_SPEC);
    await client.startContainer('web');
    await client.waitForState('web', 'running', { timeoutMs: 2000 });
    sim.control.clearRequests();

    const newSpec = { ...NGINX_SPEC, environment_variables: [{ key: 'PORT', value: '9090' }] };
    const report = await client.redeploy(newSpec, { timeoutMs: 10_000 });

    expect(report).toMatchObject({ name: 'web', image: 'nginx:latest', replaced: true, running_state: 'running' });
    expect(report.steps.map((s) => s.step)).toEqual(REPLACE_STEPS);
    for (const s of report.steps) expect(s.durationMs).toBeGreaterThanOrEqual(0);
    expect(sim.control.containers()).toEqual([
      expect.objectContaining({ name: 'web', state: 'running', env: [{ key: 'PORT', value: '9090' }] }),
    ]);
    // Exactly one of each action reached the device.
    expect(sim.control.requestCount({ method: 'POST', pathPrefix: '/api/v1/docker/containers/web/stop' })).toBe(1);
    expect(sim.control.requestCount({ method: 'DELETE' })).toBe(1);
    expect(sim.control.requestCount({ method: 'POST', pathPrefix: '/api/v1/docker/containers/web/start' })).toBe(1);
  } finally {
    await client.close();
    await sim.close();
  }
});

test('a first deploy skips stop and remove; removeVolumes removes old and new named volumes', async () => {
  const sim = await startTestSimulator();
  const client = testClient(sim);
  try {
    const first = await client.redeploy(NGINX_SPEC);
    expect(first.replaced).toBe(false);
    expect(first.steps.map((s) => s.step)).toEqual(['status', 'preflight', 'create', 'start', 'wait-running']);

    const spec2 = { ...NGINX_SPEC, volumes: [{ name: 'fresh-data', destination: '/data' }] };
    const second = await client.redeploy(spec2, { removeVolumes: true });
    const volumeSteps = second.steps.filter((s) => s.step === 'remove-volume');
    expect(volumeSteps.map((s) => [s.target, s.outcome])).toEqual([
      ['nginx-config', 'removed'],
      ['fresh-data', 'already gone'],
    ]);
    expect(sim.control.volumes()).toEqual(['fresh-data']);
  } finally {
    await client.close();
    await sim.close();
  }
});

test('a redeploy through a 504 create waits for the container instead of sleeping', async () => {
  const big: SeedImage = {
    name: 'acme/big-app',
    tag: '2.0',
    size: 246_000_000,
    platforms: ['linux/arm64/v8'],
    environment: [],
    createMs: 500,
  };
  const sim = await startTestSimulator({ gatewayTimeoutMs: 100, images: [big] });
  const client = testClient(sim);
  try {
    const report = await client.redeploy(
      { container: { name: 'big' }, image: { name: 'acme/big-app', tag: '2.0' } },
      { createTimeoutMs: 5000 },
    );
    expect(report.steps.find((s) => s.step === 'create')?.outcome).toMatch(/answer 504/);
    expect(report.running_state).toBe('running');
    expect(sim.control.requestCount({ method: 'POST', pathPrefix: '/api/v1/docker/containers' })).toBe(2); // create + start
  } finally {
    await client.close();
    await sim.close();
  }
});

test('a container that never runs fails the redeploy at wait-running with the steps so far', async () => {
  const sim = await startTestSimulator({ startDelayMs: 60_000 });
  const client = testClient(sim);
  try {
    const err = await expectError(() => client.redeploy(NGINX_SPEC, { timeoutMs: 500 }));
    expect(err.code).toBe('TIMEOUT');
    expect(err.message).toMatch(/stopped at step 'wait-running'/);
    expect(err.details).toMatchObject({ failedStep: 'wait-running', running_state: 'created' });
    expect((err.details?.steps as { step: string }[]).map((s) => s.step)).toEqual([
      'status',
      'preflight',
      'create',
      'start',
      'wait-running',
    ]);
    // A first deploy has no old container to put back; the new one is left for a look.
    expect(err.message).toMatch(/no old container to put back/);
  } finally {
    await client.close();
    await sim.close();
  }
});
