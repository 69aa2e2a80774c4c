/**
 * The example workflows in n8n-workflows/, imported into the real n8n 2.41.1 CLI exactly as shipped, run through their
 * "Run now" Manual Trigger against the simulator. The only thing the test supplies is the credential they refer to
 * (the "SecureEdge account" a user would fill in), pointing at the simulator.
 */
import type { RunningSimulator } from '../../simulator';
import { testClient } from '../support/client';
import { startTestSimulator } from '../support/simulator';
import { N8nEngine, tail } from './engine/harness';
import { jsonOf, ran, succeeded, workflowError, type Execution } from './engine/run-data';
import { exampleWorkflow, secureEdgeCredential, CREDENTIAL_TYPE, SECUREEDGE_NODE, type WorkflowImport } from './engine/workflows';

const ENGINE_SETUP_MS = 30 * 60_000; // includes installing n8n on a fresh clone
const EXECUTION_MS = 120_000;

const EXAMPLES = {
  nightly: exampleWorkflow('nightly-redeploy.json'),
  ensure: exampleWorkflow('nightly-ensure.json'),
  health: exampleWorkflow('health-check.json'),
  inventory: exampleWorkflow('inventory.json'),
};

let sim: RunningSimulator;
let engine: N8nEngine;

/** The one credential the examples use, as its id and name are written in them. */
function referencedCredential(workflows: WorkflowImport[]): { id: string; name: string } {
  const refs = workflows.flatMap((w) => w.nodes.filter((n) => n.type === SECUREEDGE_NODE).map((n) => n.credentials?.[CREDENTIAL_TYPE]));
  const ids = new Set(refs.map((r) => r?.id));
  if (ids.size !== 1 || !refs[0]) throw new Error(`the examples should share one SecureEdge credential, found ${[...ids].join(', ')}`);
  return refs[0];
}

async function run(example: WorkflowImport): Promise<Execution> {
  const execution = await engine.execute(example.id);
  if (!succeeded(execution)) {
    throw new Error(`${example.name} failed: ${workflowError(execution)?.message ?? 'no run'}\n${tail(execution.cli)}`);
  }
  return execution;
}

async function createContainer(name: string, image: { name: string; tag: string }, env: Array<{ key: string; value: string }> = []) {
  const client = testClient(sim);
  try {
    await client.createContainer({
      container: { name },
      image,
      ports: [],
      volumes: [],
      networks: [{ name: 'machine-builder' }],
      environment_variables: env,
    });
    await client.startContainer(name);
  } finally {
    await client.close();
  }
}

beforeAll(async () => {
  sim = await startTestSimulator();
  engine = await N8nEngine.create('examples');
  const all = Object.values(EXAMPLES);
  const credential = referencedCredential(all);
  await engine.importCredentials([secureEdgeCredential(credential.id, credential.name, { url: sim.url, password: sim.password })]);
  await engine.importWorkflows(all);
}, ENGINE_SETUP_MS);

afterAll(async () => {
  await engine?.dispose();
  await sim?.close();
});

describe('nightly redeploy', () => {
  test(
    'replaces the running web container with the spec in the workflow and reports the steps',
    async () => {
      await createContainer('web', { name: 'nginx', tag: 'latest' }, [{ key: 'NGINX_PORT', value: 'old' }]);

      const execution = await run(EXAMPLES.nightly);
      const [deployed] = jsonOf(execution, 'Deployed');
      expect(deployed).toMatchObject({ container: 'web', running_state: 'running', replaced: true });
      expect(String(deployed.steps)).toMatch(/stop: .*remove: .*create: .*start: /);
      expect(ran(execution, 'Alert message')).toBe(false);

      const web = sim.control.containers().find((c) => c.name === 'web');
      expect(web).toMatchObject({
        state: 'running',
        image: 'nginx',
        tag: 'latest',
        ports: [{ source: 80, destination: 8080, protocol: 'tcp' }],
        volumes: [{ name: 'web-content', destination: '/usr/share/nginx/html' }],
        networks: ['machine-builder'],
        env: [{ key: 'NGINX_PORT', value: '80' }],
      });
    },
    EXECUTION_MS,
  );

  test(
    'a failed redeploy goes down the error output to the alert, and the disabled "Send alert" sends nothing',
    async () => {
      // The device fails the create once (an image copy gone wrong, say).
      sim.control.injectOnce(
        { method: 'POST', path: '/api/v1/docker/containers' },
        { kind: 'status', status: 500, body: '{"error":"no space left on device"}', contentType: 'application/json' },
      );

      const execution = await run(EXAMPLES.nightly);
      expect(ran(execution, 'Deployed')).toBe(false);
      const [alert] = jsonOf(execution, 'Alert message');
      expect(alert.text).toMatch(/^Nightly redeploy of web failed on \d{4}-/);
      expect(alert.text).toContain('no space left on device');
      // A disabled node passes its input through; nothing was sent anywhere.
      expect(jsonOf(execution, 'Send alert')).toEqual([alert]);
    },
    EXECUTION_MS,
  );
});

describe('nightly ensure', () => {
  test(
    'brings web to the spec, and the next night restarts nothing',
    async () => {
      // Start from a web that drifted (an old environment), whatever the tests before left on the device.
      const client = testClient(sim);
      try {
        await client.stopContainer('web').catch(() => undefined);
        await client.removeContainer('web').catch(() => undefined);
      } finally {
        await client.close();
      }
      await createContainer('web', { name: 'nginx', tag: 'latest' }, [{ key: 'NGINX_PORT', value: 'old' }]);
      sim.control.setContainerState('web', 'running');

      const first = await run(EXAMPLES.ensure);
      const [result] = jsonOf(first, 'Result');
      expect(result).toMatchObject({ container: 'web', action: 'redeploy', outcome: 'done', running_state: 'running' });
      expect(String(result.reasons)).toMatch(/environment: NGINX_PORT differs/);
      expect(ran(first, 'Alert message')).toBe(false);

      sim.control.clearRequests();
      const second = await run(EXAMPLES.ensure);
      expect(jsonOf(second, 'Result')).toEqual([
        { container: 'web', action: 'none', outcome: 'unchanged', running_state: 'running', reasons: '' },
      ]);
      expect(sim.control.requests.filter((r) => r.method !== 'GET' && r.path !== '/auth/login')).toEqual([]);
    },
    EXECUTION_MS,
  );

  test(
    'a container that cannot be brought to the spec goes down the error output to the alert',
    async () => {
      sim.control.setContainerState('web', 'exited');
      sim.control.injectOnce(
        { method: 'POST', path: '/api/v1/docker/containers/web/start' },
        { kind: 'status', status: 500, body: '{"error":"cannot start"}', contentType: 'application/json' },
      );
      const execution = await run(EXAMPLES.ensure);
      expect(ran(execution, 'Result')).toBe(false);
      const [alert] = jsonOf(execution, 'Alert message');
      expect(alert.text).toMatch(/^Nightly ensure of web failed on \d{4}-/);
    },
    EXECUTION_MS,
  );
});

describe('health check', () => {
  test(
    'starts the watched container that is not running and leaves the running one alone',
    async () => {
      await createContainer('web', { name: 'nginx', tag: 'latest' }).catch(() => undefined); // may exist from above
      await createContainer('broker', { name: 'eclipse-mosquitto', tag: '2' });
      sim.control.setContainerState('web', 'running');
      sim.control.setContainerState('broker', 'exited');
      sim.control.clearRequests();

      const execution = await run(EXAMPLES.health);
      expect(jsonOf(execution, 'Restarted')).toEqual([{ container: 'broker', was: 'exited', running_state: 'running' }]);
      expect(jsonOf(execution, 'Healthy')).toEqual([{ name: 'web', running_state: 'running' }]);
      expect(ran(execution, 'Alert message')).toBe(false);

      expect(sim.control.containers().find((c) => c.name === 'broker')?.state).toBe('running');
      const starts = sim.control.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/start')).map((r) => r.path);
      expect(starts).toEqual(['/api/v1/docker/containers/broker/start']);
    },
    EXECUTION_MS,
  );

  test(
    'a watched container that does not exist goes down the error output to the alert; the others are still checked',
    async () => {
      const client = testClient(sim);
      try {
        await client.stopContainer('web');
        await client.waitForState('web', ['exited', 'dead']);
        await client.removeContainer('web');
      } finally {
        await client.close();
      }
      sim.control.setContainerState('broker', 'running');

      const execution = await run(EXAMPLES.health);
      const [alert] = jsonOf(execution, 'Alert message');
      expect(alert.container).toBe('web');
      expect(alert.text).toMatch(/^Health check could not read container web: .*web/);
      expect(jsonOf(execution, 'Healthy')).toEqual([{ name: 'broker', running_state: 'running' }]);
      expect(ran(execution, 'Start container')).toBe(false);
    },
    EXECUTION_MS,
  );
});

test(
  'inventory lists every image with its details and every container with state, image and ports, in one item',
  async () => {
    sim.control.setContainerState('broker', 'exited');

    const execution = await run(EXAMPLES.inventory);
    const [inventory] = jsonOf(execution, 'Inventory');

    const images = sim.control.images();
    expect(inventory.images).toEqual(
      images.map((img) => ({
        image: `${img.name}:${img.tag}`,
        size_mb: Math.round(img.size / 1e6),
        platforms: img.platforms.join(', '),
        error: img.error ?? null,
      })),
    );
    const containers = sim.control.containers();
    expect(inventory.containers).toEqual(
      expect.arrayContaining(
        containers.map((c) => ({
          container: c.name,
          running_state: c.state,
          image: `${c.image}:${c.tag}`,
          ports: c.ports.map((p) => `${p.destination}->${p.source}/${p.protocol}`).join(', '),
        })),
      ),
    );
    expect(inventory.containers).toHaveLength(containers.length);
    expect(inventory.notRunning).toEqual(['broker']);
  },
  EXECUTION_MS,
);
