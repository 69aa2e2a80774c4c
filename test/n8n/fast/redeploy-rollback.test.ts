/**
 * Safe redeploy through n8n-core's WorkflowExecute: a rolled-back failure is an item with
 * details.rolledBack under Continue On Fail; a preflight failure sends no change; the Rollback
 * option off keeps the vendor's behaviour; cancelling the execution mid-redeploy leaves the old
 * container running.
 */
import { N8nHarness } from '../harness';
import type { RunningSimulator } from '../../../simulator';
import { startTestSimulator } from '../../support/simulator';
import { seedContainers } from '../../node-red/seed';

let sim: RunningSimulator;
let n8n: N8nHarness;
let credential: string;

beforeAll(async () => {
  n8n = await N8nHarness.create();
});
beforeEach(async () => {
  sim = await startTestSimulator();
  sim.control.addImage({ name: 'nginx', tag: 'next', size: 1_000_000, platforms: ['linux/arm64/v8'], environment: [] });
  await seedContainers(sim, ['web'], { start: true });
  credential = n8n.addDevice(sim);
});
afterEach(() => sim.close());

const spec = (tag: string) =>
  JSON.stringify({ container: { name: 'web' }, image: { name: 'nginx', tag }, networks: [{ name: 'machine-builder' }] });
const redeploy = (tag: string, options: Record<string, unknown> = {}) => ({
  parameters: { resource: 'container', operation: 'redeploy', specMode: 'json', specJson: spec(tag), options: { timeout: 30, ...options } },
  continueOnFail: true,
  credential,
});
const web = () => sim.control.containers().filter((c) => c.name === 'web');
const changes = () => sim.control.requests.filter((r) => r.method !== 'GET' && r.path !== '/auth/login');

test('a new container that exits is rolled back; the item carries details.rolledBack', async () => {
  sim.control.setFaults({ startFaults: { 'nginx:next': 'exit' } });
  const result = await n8n.run([{}], [redeploy('next')]);
  const [item] = result.output('SecureEdge')!;
  expect(item.json.error).toMatch(/Rolled back: the old container 'web' \(nginx:latest\) runs again/);
  expect(item.json.details).toMatchObject({ code: 'DEVICE_ERROR', rolledBack: true, failedStep: 'wait-running' });
  expect(web()).toEqual([expect.objectContaining({ tag: 'latest', state: 'running' })]);
});

test('a missing tag fails the preflight with NOT_FOUND and sends no POST or DELETE', async () => {
  sim.control.clearRequests();
  const result = await n8n.run([{}], [redeploy('no-such-tag')]);
  const [item] = result.output('SecureEdge')!;
  expect(item.json.details).toMatchObject({ code: 'NOT_FOUND', changed: false });
  expect(item.json.error).toMatch(/left as it was/);
  expect(changes()).toEqual([]);
});

test('Rollback off: the vendor behaviour, rolledBack false and the container absent', async () => {
  sim.control.injectOnce({ method: 'POST', path: '/api/v1/docker/containers' }, { kind: 'status', status: 500 });
  const result = await n8n.run([{}], [redeploy('next', { rollback: false })]);
  const [item] = result.output('SecureEdge')!;
  expect(item.json.details).toMatchObject({ rolledBack: false });
  expect(web()).toEqual([]);
});

test('cancelling the execution after the removal puts the old container back', async () => {
  sim.control.setOptions({ stopDelayMs: 50, startDelayMs: 50 });
  let cancel: (() => void) | undefined;
  let cancelled = false;
  sim.control.setOptions({
    onRequest: (r) => {
      if (!cancelled && r.method === 'DELETE' && cancel) {
        cancelled = true;
        cancel();
      }
    },
  });
  await n8n.run([{}], [redeploy('next')], { onStart: (c) => (cancel = c) }).catch(() => undefined);
  expect(cancelled).toBe(true);
  // n8n ends a cancelled execution at once; the node's redeploy goes on to its safe point in the background.
  const until = Date.now() + 15_000;
  while (
    !(
      web()[0]?.state === 'running' && sim.control.requestCount({ method: 'POST', pathPrefix: '/api/v1/docker/containers/web/start' }) > 0
    ) &&
    Date.now() < until
  ) {
    await new Promise((r) => setTimeout(r, 20));
  }
  await new Promise((r) => setTimeout(r, 300));
  expect(web()).toEqual([expect.objectContaining({ tag: 'latest', state: 'running' })]);
});
