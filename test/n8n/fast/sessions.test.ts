/**
 * The node's own session is core's (pooled, so it outlives a run): at most one login however many
 * items, and a session the device drops mid-execution (401 or 403) is renewed without n8n's help.
 */
import { byName, N8nHarness } from '../harness';
import type { RunningSimulator } from '../../../simulator';
import { startTestSimulator } from '../../support/simulator';

let sim: RunningSimulator;
let n8n: N8nHarness;

beforeAll(async () => {
  sim = await startTestSimulator();
  n8n = await N8nHarness.create();
  n8n.addDevice(sim);
  for (const name of ['alpha', 'beta', 'gamma']) {
    const spec = { container: { name }, image: { name: 'nginx', tag: 'latest' } };
    await n8n.run([{}], [{ parameters: { resource: 'container', operation: 'create', specMode: 'json', specJson: JSON.stringify(spec) } }]);
  }
});
afterAll(() => sim.close());

const names = (n: number) => Array.from({ length: n }, (_, i) => ({ name: ['alpha', 'beta', 'gamma'][i % 3] }));
const statusStep = (options: object = {}) => ({
  parameters: { resource: 'container', operation: 'getStatus', containerName: byName('={{ $json.name }}'), options },
});

test.each([1, 5])('30 items with %i in parallel: one login, results in input order', async (concurrency) => {
  // The pooled session from the earlier runs is ended, so this run must log in: once, not per item.
  sim.control.expireAllSessions();
  const logins = sim.control.loginCount();
  const result = await n8n.run(names(30), [statusStep({ concurrency })]);
  expect(result.error('SecureEdge')).toBeUndefined();
  const items = result.output('SecureEdge')!;
  expect(items.map((i) => i.json.name)).toEqual(names(30).map((n) => n.name));
  expect(items.map((i) => (i.pairedItem as { item: number }).item)).toEqual(names(30).map((_, i) => i));
  expect(sim.control.loginCount()).toBe(logins + 1);
});

/** Resolves once the device has answered a status request with 200: the node then holds a session. */
async function sessionInUse(): Promise<void> {
  while (!sim.control.requests.some((r) => r.path.endsWith('/status') && r.status === 200)) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

test.each([401, 403] as const)('a session the device ends with %i during a wait is renewed by core', async (rejection) => {
  // The container turns running long after the node's first check, so the session ends mid-wait.
  sim.control.setOptions({ sessionRejection: rejection, startDelayMs: 2000 });
  try {
    await n8n.run([{}], [{ parameters: { resource: 'container', operation: 'stop', containerName: byName('alpha') } }]);
    await n8n.run([{}], [{ parameters: { resource: 'container', operation: 'start', containerName: byName('alpha') } }]);
    sim.control.clearRequests();
    const running = n8n.run(
      [{}],
      [
        {
          parameters: {
            resource: 'container',
            operation: 'waitForState',
            containerName: byName('alpha'),
            states: ['running'],
            options: { timeout: 20 },
          },
        },
      ],
    );
    await sessionInUse();
    sim.control.expireAllSessions();
    const result = await running;
    expect(result.error('SecureEdge')).toBeUndefined();
    expect(result.output('SecureEdge')![0].json).toMatchObject({ name: 'alpha', running_state: 'running' });
    expect(sim.control.requests.filter((r) => r.status === rejection)).toHaveLength(1);
    expect(sim.control.requests.filter((r) => r.path === '/auth/login')).toHaveLength(1);
  } finally {
    sim.control.setOptions({ sessionRejection: 401, startDelayMs: 0 });
  }
});
