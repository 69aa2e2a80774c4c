/**
 * Every SecureEdge operation, run by the real n8n 2.41.1 CLI (`n8n execute`) against the simulator, with this
 * package installed into n8n the way n8n installs a community node. Also: parameters from a previous node's items
 * (expressions), Continue On Fail with a bad item among good ones, the error n8n shows when it is off, a create the
 * device answers with 504, and a wrong password.
 */
import { defaultSeedImages, type RunningSimulator } from '../../simulator';
import { testClient } from '../support/client';
import { startTestSimulator } from '../support/simulator';
import { N8nEngine, tail } from './engine/harness';
import { jsonOf, nodeError, pairedIndexes, succeeded, workflowError, type Execution } from './engine/run-data';
import { byName, codeItems, manualTrigger, secureEdge, secureEdgeCredential, workflow } from './engine/workflows';

const ENGINE_SETUP_MS = 30 * 60_000; // includes installing n8n on a fresh clone
const EXECUTION_MS = 120_000;

const GOOD = { id: 'opsDeviceCred01', name: 'SecureEdge (simulator)' };
const WRONG = { id: 'opsWrongCred001', name: 'SecureEdge (wrong password)' };

/** A large image whose first create outlasts the device's gateway timeout: 504, then it appears. */
const SLOW_IMAGE = { name: 'nodered/node-red', tag: '4.1' };

const WORKFLOWS = [
  workflow(
    'opsImages000001',
    'Images: list, then details of each',
    [
      manualTrigger(),
      secureEdge('Get Many Images', GOOD, { resource: 'image', operation: 'getAll', returnAll: true }),
      secureEdge('Get Image Details', GOOD, {
        resource: 'image',
        operation: 'getDetails',
        imageName: byName('={{ $json.name }}'),
        imageTag: byName('={{ $json.tag }}'),
      }),
    ],
    [
      ['Start', 'Get Many Images'],
      ['Get Many Images', 'Get Image Details'],
    ],
  ),
  workflow(
    'opsLifecycle001',
    'Container lifecycle: create, start, wait, status, configuration, list, stop, remove, remove volume',
    [
      manualTrigger(),
      secureEdge('Create', GOOD, {
        resource: 'container',
        operation: 'create',
        specMode: 'fields',
        containerName: 'web',
        imageName: byName('nginx'),
        imageTag: byName('latest'),
        ports: { port: [{ containerPort: 80, routerPort: 8080, protocol: 'tcp' }] },
        volumes: { volume: [{ volumeName: 'nginx-config', containerPath: '/etc/nginx' }] },
        environmentVariables: { variable: [{ key: 'PORT', value: '8081' }] },
        networks: 'machine-builder',
      }),
      secureEdge('Start Container', GOOD, {
        resource: 'container',
        operation: 'start',
        containerName: byName('={{ $json.name }}'),
      }),
      secureEdge('Wait Until Running', GOOD, {
        resource: 'container',
        operation: 'waitForState',
        containerName: byName('={{ $json.name }}'),
        states: ['running'],
        options: { timeout: 30 },
      }),
      secureEdge('Get Status', GOOD, {
        resource: 'container',
        operation: 'getStatus',
        containerName: byName('={{ $json.name }}'),
      }),
      secureEdge('Get Configuration', GOOD, {
        resource: 'container',
        operation: 'getConfiguration',
        containerName: byName("={{ $('Create').item.json.name }}"),
      }),
      secureEdge('Get Many Containers', GOOD, { resource: 'container', operation: 'getAll', returnAll: true }),
      secureEdge('Stop Container', GOOD, { resource: 'container', operation: 'stop', containerName: byName('web') }),
      secureEdge('Wait Until Exited', GOOD, {
        resource: 'container',
        operation: 'waitForState',
        containerName: byName('web'),
        states: ['exited', 'dead'],
      }),
      secureEdge('Remove Container', GOOD, { resource: 'container', operation: 'remove', containerName: byName('web') }),
      secureEdge('Remove Volume', GOOD, { resource: 'volume', operation: 'remove', volumeName: 'nginx-config' }),
    ],
    [
      ['Start', 'Create'],
      ['Create', 'Start Container'],
      ['Start Container', 'Wait Until Running'],
      ['Wait Until Running', 'Get Status'],
      ['Get Status', 'Get Configuration'],
      ['Get Configuration', 'Get Many Containers'],
      ['Get Many Containers', 'Stop Container'],
      ['Stop Container', 'Wait Until Exited'],
      ['Wait Until Exited', 'Remove Container'],
      ['Remove Container', 'Remove Volume'],
    ],
  ),
  workflow(
    'opsRedeployJson1',
    'Redeploy from a JSON spec, removing volumes',
    [
      manualTrigger(),
      secureEdge('Redeploy', GOOD, {
        resource: 'container',
        operation: 'redeploy',
        specMode: 'json',
        specJson: JSON.stringify({
          container: { name: 'broker' },
          image: { name: 'eclipse-mosquitto', tag: '2' },
          ports: [{ source: 1883, destination: 1883, protocol: 'tcp' }],
          volumes: [{ name: 'broker-data', destination: '/mosquitto/data' }],
          networks: [{ name: 'machine-builder' }],
          environment_variables: [{ key: 'GENERATION', value: 'two' }],
        }),
        options: { removeVolumes: true, timeout: 60 },
      }),
    ],
    [['Start', 'Redeploy']],
  ),
  workflow(
    'opsCreate504000',
    'Create from a large image: the device answers 504 and goes on creating',
    [
      manualTrigger(),
      secureEdge('Create Large', GOOD, {
        resource: 'container',
        operation: 'create',
        specMode: 'fields',
        containerName: 'flows',
        imageName: byName(SLOW_IMAGE.name),
        imageTag: byName(SLOW_IMAGE.tag),
        networks: 'machine-builder',
        options: { createTimeout: 60 },
      }),
    ],
    [['Start', 'Create Large']],
  ),
  workflow(
    'opsContinueFail1',
    'Continue On Fail: a bad container name among good ones',
    [
      manualTrigger(),
      codeItems('Names', [{ container: 'alpha' }, { container: 'no-such-container' }, { container: 'beta' }]),
      secureEdge(
        'Status Of Each',
        GOOD,
        {
          resource: 'container',
          operation: 'getStatus',
          containerName: byName('={{ $json.container }}'),
          // All three at once: they still share one login, and each answer stays paired with its own item.
          options: { concurrency: 3 },
        },
        { onError: 'continueRegularOutput' },
      ),
    ],
    [
      ['Start', 'Names'],
      ['Names', 'Status Of Each'],
    ],
  ),
  workflow(
    'opsStopOnFail01',
    'Without Continue On Fail: the bad item stops the workflow',
    [
      manualTrigger(),
      codeItems('Names', [{ container: 'alpha' }, { container: 'no-such-container' }, { container: 'beta' }]),
      secureEdge('Status Of Each', GOOD, {
        resource: 'container',
        operation: 'getStatus',
        containerName: byName('={{ $json.container }}'),
      }),
    ],
    [
      ['Start', 'Names'],
      ['Names', 'Status Of Each'],
    ],
  ),
  workflow(
    'opsWrongPasswd1',
    'A credential with a wrong password',
    [manualTrigger(), secureEdge('List Containers', WRONG, { resource: 'container', operation: 'getAll', returnAll: true })],
    [['Start', 'List Containers']],
  ),
];

let sim: RunningSimulator;
let engine: N8nEngine;

/** Runs a workflow and fails with n8n's own output when n8n printed no run at all. */
async function execute(id: string): Promise<Execution> {
  const execution = await engine.execute(id);
  if (!execution.run) throw new Error(`n8n printed no run for ${id}:\n${tail(execution.cli)}`);
  return execution;
}

function expectSuccess(execution: Execution): void {
  if (!succeeded(execution)) {
    throw new Error(`workflow failed: ${workflowError(execution)?.message ?? 'no error in the run'}\n${tail(execution.cli)}`);
  }
}

beforeAll(async () => {
  sim = await startTestSimulator({
    gatewayTimeoutMs: 300,
    images: defaultSeedImages().map((img) => (img.name === SLOW_IMAGE.name ? { ...img, createMs: 1200 } : img)),
  });
  engine = await N8nEngine.create('operations');
  // The node's debug lines (one per request) are printed, and so read by the secret scan.
  engine.logLevel = 'debug';
  await engine.importCredentials([
    secureEdgeCredential(GOOD.id, GOOD.name, { url: sim.url, password: sim.password }),
    secureEdgeCredential(WRONG.id, WRONG.name, { url: sim.url, password: `${sim.password}-not` }),
  ]);
  await engine.importWorkflows(WORKFLOWS);
}, ENGINE_SETUP_MS);

afterAll(async () => {
  await engine?.dispose();
  await sim?.close();
});

test(
  'Image Get Many, then Get Details with name and tag from each previous item',
  async () => {
    const execution = await execute('opsImages000001');
    expectSuccess(execution);

    const seeded = sim.control.images();
    expect(jsonOf(execution, 'Get Many Images')).toEqual(seeded.map((img) => ({ name: img.name, tag: img.tag })));
    const details = jsonOf(execution, 'Get Image Details');
    expect(details.map((d) => [d.name, d.tag, d.size, d.platforms])).toEqual(
      seeded.map((img) => [img.name, img.tag, img.size, img.platforms]),
    );
    expect(pairedIndexes(execution, 'Get Image Details')).toEqual(seeded.map((_, i) => i));
    // The node's debug lines were printed (so the secret scan read every request line of this run).
    expect(`${execution.cli.stdout}\n${execution.cli.stderr}`).toMatch(/SecureEdge: GET \/api\/v1\/docker\/images -> 200/);
  },
  EXECUTION_MS,
);

test(
  'Container Create, Start, Wait for State, Get Status, Get Configuration, Get Many, Stop, Remove; Volume Remove',
  async () => {
    const execution = await execute('opsLifecycle001');
    expectSuccess(execution);

    expect(jsonOf(execution, 'Create')).toEqual([expect.objectContaining({ name: 'web', created: true, createAnswer: 200 })]);
    expect(jsonOf(execution, 'Start Container')).toEqual([expect.objectContaining({ name: 'web', action: 'start' })]);
    expect(jsonOf(execution, 'Wait Until Running')).toEqual([expect.objectContaining({ name: 'web', running_state: 'running' })]);
    expect(jsonOf(execution, 'Get Status')).toEqual([{ name: 'web', running_state: 'running' }]);

    const [configuration] = jsonOf(execution, 'Get Configuration');
    expect(configuration).toMatchObject({
      container: { name: 'web' },
      image: { name: 'nginx', tag: 'latest' },
      ports: [{ source: 80, destination: 8080, protocol: 'tcp' }],
      volumes: [{ name: 'nginx-config', destination: '/etc/nginx' }],
    });
    expect(configuration.environment_variables).toEqual(expect.arrayContaining([{ key: 'PORT', value: '8081' }]));
    expect((configuration.networks as Array<{ name: string }>).map((n) => n.name)).toEqual(expect.arrayContaining(['machine-builder']));

    expect(jsonOf(execution, 'Get Many Containers')).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'web' })]));
    expect(jsonOf(execution, 'Stop Container')).toEqual([expect.objectContaining({ name: 'web', action: 'stop' })]);
    expect(jsonOf(execution, 'Wait Until Exited')).toEqual([expect.objectContaining({ name: 'web', running_state: 'exited' })]);
    expect(jsonOf(execution, 'Remove Container')).toEqual([expect.objectContaining({ name: 'web', action: 'remove' })]);
    expect(jsonOf(execution, 'Remove Volume')).toEqual([{ name: 'nginx-config', action: 'remove-volume' }]);

    // The device agrees: nothing of it is left.
    expect(sim.control.containers().map((c) => c.name)).not.toContain('web');
    expect(sim.control.volumes()).not.toContain('nginx-config');
  },
  EXECUTION_MS,
);

test(
  'Redeploy from a JSON spec replaces the running container and its volume',
  async () => {
    const client = testClient(sim);
    try {
      await client.createContainer({
        container: { name: 'broker' },
        image: { name: 'eclipse-mosquitto', tag: '2' },
        ports: [],
        volumes: [{ name: 'broker-data', destination: '/mosquitto/data' }],
        networks: [{ name: 'machine-builder' }],
        environment_variables: [{ key: 'GENERATION', value: 'one' }],
      });
      await client.startContainer('broker');
    } finally {
      await client.close();
    }

    const execution = await execute('opsRedeployJson1');
    expectSuccess(execution);

    const [report] = jsonOf(execution, 'Redeploy');
    expect(report).toMatchObject({ name: 'broker', replaced: true, running_state: 'running' });
    const steps = (report.steps as Array<{ step: string }>).map((s) => s.step);
    expect(steps).toEqual(expect.arrayContaining(['stop', 'remove', 'remove-volume', 'create', 'start', 'wait-running']));

    const broker = sim.control.containers().find((c) => c.name === 'broker');
    expect(broker).toMatchObject({ state: 'running', env: [{ key: 'GENERATION', value: 'two' }] });
    expect(broker?.ports).toEqual([{ source: 1883, destination: 1883, protocol: 'tcp' }]);
  },
  EXECUTION_MS,
);

test(
  'a create the device answers with 504 is waited for, never sent twice',
  async () => {
    const createsBefore = sim.control.requestCount({ method: 'POST', pathPrefix: '/api/v1/docker/containers' });
    const execution = await execute('opsCreate504000');
    expectSuccess(execution);

    expect(jsonOf(execution, 'Create Large')).toEqual([expect.objectContaining({ name: 'flows', created: true, createAnswer: 504 })]);
    expect(sim.control.requestCount({ method: 'POST', pathPrefix: '/api/v1/docker/containers' }) - createsBefore).toBe(1);
    expect(sim.control.containers().find((c) => c.name === 'flows')).toMatchObject({
      image: SLOW_IMAGE.name,
      tag: SLOW_IMAGE.tag,
    });
  },
  EXECUTION_MS,
);

describe('a bad item among good ones', () => {
  beforeAll(async () => {
    const client = testClient(sim);
    try {
      for (const name of ['alpha', 'beta']) {
        await client.createContainer({
          container: { name },
          image: { name: 'nginx', tag: 'latest' },
          ports: [],
          volumes: [],
          networks: [],
          environment_variables: [],
        });
      }
      await client.startContainer('alpha');
    } finally {
      await client.close();
    }
  });

  test(
    'Continue On Fail puts the coded error on the bad item, pairs every item, and logs in once (items in parallel)',
    async () => {
      const loginsBefore = sim.control.loginCount();
      const execution = await execute('opsContinueFail1');
      expectSuccess(execution);

      const out = jsonOf(execution, 'Status Of Each');
      expect(out).toHaveLength(3);
      expect(out[0]).toEqual({ name: 'alpha', running_state: 'running' });
      expect(out[1]).toMatchObject({ details: { code: 'NOT_FOUND', status: 404 } });
      expect(String(out[1].error)).toContain('no-such-container');
      expect(out[2]).toEqual({ name: 'beta', running_state: 'created' });
      expect(pairedIndexes(execution, 'Status Of Each')).toEqual([0, 1, 2]);
      // One client for the node's run: one login for all three items.
      expect(sim.control.loginCount() - loginsBefore).toBe(1);
    },
    EXECUTION_MS,
  );

  test(
    'without it, the workflow stops with an error naming the node, the item and the container',
    async () => {
      const execution = await execute('opsStopOnFail01');
      expect(execution.cli.code).not.toBe(0);

      const error = nodeError(execution, 'Status Of Each');
      expect(error).toBeDefined();
      expect(error?.message).toContain('no-such-container');
      expect(error?.context?.itemIndex).toBe(1);
      expect(workflowError(execution)?.node?.name).toBe('Status Of Each');
      // What n8n logs for the person running it says the same.
      expect(`${execution.cli.stdout}${execution.cli.stderr}`).toContain('no-such-container');
    },
    EXECUTION_MS,
  );
});

test(
  'a wrong password fails with a message that says so, and nothing reaches the device but the login',
  async () => {
    sim.control.clearRequests();
    const execution = await execute('opsWrongPasswd1');
    expect(execution.cli.code).not.toBe(0);

    const error = nodeError(execution, 'List Containers');
    expect(error?.message).toMatch(/password/i);
    expect(error?.description).toMatch(/credential/i);
    expect(sim.control.requests.map((r) => `${r.method} ${r.path.split('?')[0]}`)).toEqual(expect.arrayContaining(['POST /auth/login']));
    expect(sim.control.requests.filter((r) => r.path.startsWith('/api/')).every((r) => !r.hadSession)).toBe(true);
  },
  EXECUTION_MS,
);
