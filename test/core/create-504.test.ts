/** The documented 504 on a first create of a large image: never re-sent, waited for, or CREATE_PENDING. */
import type { SeedImage } from '../../simulator';
import { createDeadlineMs } from '../../core';
import { expectError, testClient } from '../support/client';
import { startTestSimulator } from '../support/simulator';

const BIG: SeedImage = {
  name: 'acme/big-app',
  tag: '2.0',
  size: 246_000_000,
  platforms: ['linux/arm64/v8'],
  environment: [],
  createMs: 600,
};
const spec = { container: { name: 'big' }, image: { name: 'acme/big-app', tag: '2.0' } };

async function setup() {
  const sim = await startTestSimulator({ gatewayTimeoutMs: 150, images: [BIG] });
  return { sim, client: testClient(sim) };
}

test('a 504 create is sent once and returns when the container appears', async () => {
  const { sim, client } = await setup();
  try {
    const result = await client.createContainer(spec, { createTimeoutMs: 5000 });
    expect(result).toMatchObject({ name: 'big', created: true, createAnswer: 504 });
    expect(result.waitedForCreateMs).toBeGreaterThan(0);
    expect(sim.control.requestCount({ method: 'POST', pathPrefix: '/api/v1/docker/containers' })).toBe(1);
    expect(sim.control.containers().map((c) => c.name)).toEqual(['big']);
    // The second container of the same image is fast: the image is in Docker's cache now.
    const second = await client.createContainer({ ...spec, container: { name: 'big2' } });
    expect(second.createAnswer).toBe(200);
  } finally {
    await client.close();
    await sim.close();
  }
});

test('past the deadline it is CREATE_PENDING, still with exactly one POST', async () => {
  const { sim, client } = await setup();
  try {
    const err = await expectError(() => client.createContainer(spec, { createTimeoutMs: 200 }));
    expect(err.code).toBe('CREATE_PENDING');
    expect(err.message).toMatch(/Do not create it again/);
    expect(sim.control.requestCount({ method: 'POST', pathPrefix: '/api/v1/docker/containers' })).toBe(1);
    expect(sim.control.pendingContainers()).toEqual(['big']);
    await new Promise((r) => setTimeout(r, 600));
    expect(sim.control.containers().map((c) => c.name)).toEqual(['big']);
  } finally {
    await client.close();
    await sim.close();
  }
});

test('a create whose answer is lost is treated like a 504, never re-sent', async () => {
  const { sim, client } = await setup();
  try {
    sim.control.injectOnce({ method: 'POST', path: '/api/v1/docker/containers' }, { kind: 'drop-after' });
    const result = await client.createContainer(
      { container: { name: 'web' }, image: { name: 'acme/big-app', tag: '2.0' } },
      { createTimeoutMs: 5000 },
    );
    expect(result.createAnswer).toBe('lost');
    expect(sim.control.requestCount({ method: 'POST', pathPrefix: '/api/v1/docker/containers' })).toBe(1);
  } finally {
    await client.close();
    await sim.close();
  }
});

test('without an explicit deadline, it grows with the image size', () => {
  expect(createDeadlineMs(69_622_746)).toBe(60_000);
  expect(createDeadlineMs(2_000_000_000)).toBeGreaterThan(createDeadlineMs(500_000_000));
  expect(createDeadlineMs(500_000_000)).toBeGreaterThan(60_000);
});
