/** Container -> Ensure in n8n-core's WorkflowExecute: fields or JSON, Dry Run, one item per container, failures per container. */
import type { RunningSimulator } from '../../../simulator';
import { NGINX_SPEC } from '../../support/client';
import { startTestSimulator } from '../../support/simulator';
import { fromList, N8nHarness } from '../harness';

let sim: RunningSimulator;
let n8n: N8nHarness;

beforeEach(async () => {
  sim = await startTestSimulator();
  n8n = await N8nHarness.create();
  n8n.addDevice(sim);
});
afterEach(() => sim.close());

const changing = () =>
  sim.control.requests.filter((r) => r.method !== 'GET' && r.path !== '/auth/login').map((r) => `${r.method} ${r.path}`);
const MQTT = { container: { name: 'broker' }, image: { name: 'eclipse-mosquitto', tag: '2' } };

async function ensure(parameters: Record<string, unknown>, extra: { continueOnFail?: boolean } = {}) {
  const result = await n8n.run([{}], [{ parameters: { resource: 'container', operation: 'ensure', ...parameters }, ...extra }]);
  return { items: result.output('SecureEdge'), error: result.error('SecureEdge') };
}

const byFields = {
  specMode: 'fields',
  containerName: fromList('web'),
  imageName: fromList('nginx'),
  imageTag: fromList('latest'),
  ports: { port: [{ containerPort: 80, routerPort: 8080, protocol: 'tcp' }] },
  environmentVariables: { variable: [{ key: 'PORT', value: '8081' }] },
  networks: 'machine-builder',
};

test('by fields: creates and starts a missing container; run again, it is unchanged and nothing is sent', async () => {
  const first = await ensure(byFields);
  expect(first.error).toBeUndefined();
  expect(first.items!.map((i) => i.json)).toEqual([
    expect.objectContaining({
      name: 'web',
      action: 'create',
      reasons: ['missing'],
      outcome: 'done',
      running_state: 'running',
      dryRun: false,
    }),
  ]);
  expect(sim.control.containers()).toEqual([
    expect.objectContaining({ name: 'web', state: 'running', env: [{ key: 'PORT', value: '8081' }] }),
  ]);

  sim.control.clearRequests();
  const second = await ensure(byFields);
  expect(second.items!.map((i) => i.json)).toEqual([
    expect.objectContaining({ name: 'web', action: 'none', reasons: [], outcome: 'unchanged' }),
  ]);
  expect(changing()).toEqual([]);
});

test('JSON with a list and prune, as a Dry Run: one item per container, and nothing changes', async () => {
  await ensure(byFields);
  sim.control.clearRequests();
  const desired = {
    containers: [{ ...NGINX_SPEC, volumes: [], environment_variables: [{ key: 'PORT', value: '9090' }] }, MQTT],
    prune: false,
  };
  const dry = await ensure({ specMode: 'json', specJson: JSON.stringify(desired), options: { dryRun: true } });
  expect(dry.items!.map((i) => [i.json.name, i.json.action, i.json.outcome, i.json.dryRun])).toEqual([
    ['web', 'redeploy', 'planned', true],
    ['broker', 'create', 'planned', true],
  ]);
  expect(dry.items![0].json.reasons).toEqual(['environment: PORT differs']);
  expect(dry.items!.every((i) => i.pairedItem && (i.pairedItem as { item: number }).item === 0)).toBe(true);
  expect(changing()).toEqual([]);

  const applied = await ensure({ specMode: 'json', specJson: JSON.stringify(desired) });
  expect(applied.items!.map((i) => [i.json.name, i.json.action, i.json.outcome])).toEqual([
    ['web', 'redeploy', 'done'],
    ['broker', 'create', 'done'],
  ]);
  expect((applied.items![0].json.report as { steps: unknown[] }).steps.length).toBeGreaterThan(3);
  expect(sim.control.containers().map((c) => [c.name, c.state])).toEqual([
    ['web', 'running'],
    ['broker', 'running'],
  ]);
});

test('a stopped container is started, not recreated', async () => {
  await ensure(byFields);
  sim.control.setContainerState('web', 'exited');
  sim.control.clearRequests();
  const { items } = await ensure(byFields);
  expect(items![0].json).toMatchObject({ action: 'start', outcome: 'done', running_state: 'running' });
  expect(changing()).toEqual(['POST /api/v1/docker/containers/web/start']);
});

test('a failing container: the node fails naming it, or with Continue On Fail gives an error item beside the others', async () => {
  const desired = [{ container: { name: 'bad' }, image: { name: 'nginx', tag: 'no-such-tag' } }, MQTT];
  const failed = await ensure({ specMode: 'json', specJson: JSON.stringify(desired) });
  expect(failed.error?.message).toMatch(/Ensure failed for 'bad' \(create\)/);
  expect(sim.control.containers().map((c) => c.name)).toEqual(['broker']);

  const kept = await ensure({ specMode: 'json', specJson: JSON.stringify(desired) }, { continueOnFail: true });
  expect(kept.error).toBeUndefined();
  expect(kept.items!.map((i) => i.json)).toEqual([
    {
      error: expect.stringMatching(/no-such-tag/),
      details: expect.objectContaining({ code: 'NOT_FOUND', name: 'bad', action: 'create', outcome: 'failed' }),
    },
    expect.objectContaining({ name: 'broker', action: 'none', outcome: 'unchanged' }),
  ]);
});

test('with the error output, the failed container goes there and the others stay on the main output', async () => {
  const desired = [{ container: { name: 'bad' }, image: { name: 'nginx', tag: 'no-such-tag' } }, MQTT];
  const result = await n8n.run(
    [{}],
    [
      {
        parameters: { resource: 'container', operation: 'ensure', specMode: 'json', specJson: JSON.stringify(desired) },
        onError: 'continueErrorOutput',
      },
    ],
  );
  const [main, errors] = result.outputs('SecureEdge')!;
  expect(main!.map((i) => i.json.name)).toEqual(['broker']);
  expect(errors!.map((i) => (i.json.details as { name: string }).name)).toEqual(['bad']);
});

test('bad input is refused naming the field, before anything is sent', async () => {
  sim.control.clearRequests();
  const port = await ensure({
    specMode: 'json',
    specJson: JSON.stringify([{ ...MQTT, ports: [{ source: 1, destination: 70000, protocol: 'tcp' }] }]),
  });
  expect(port.error?.message).toMatch(/containers\[0\]\.ports\[0\]\.destination/);
  const name = await ensure({ ...byFields, containerName: fromList('../x') });
  expect(name.error?.message).toMatch(/Container: container name must start with a letter or digit/);
  expect(sim.control.requests).toEqual([]);
});
