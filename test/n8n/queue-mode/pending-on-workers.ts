/**
 * PENDING, NOT RUN (the file name does not match jest's *.test.ts): the production runs on the workers. On the
 * last run the webhook workflows were activated but n8n 2.41 answered 404 "webhook not registered" to their
 * production URL, and the schedule tests stopped at a REST page limit since fixed; rename to *.test.ts once they
 * pass. The secureEdgeTrigger part (issue 11) is not written yet.
 *
 * The SecureEdge nodes in n8n's queue mode: real Redis, real Postgres, the pinned n8n 2.41.1 as one main and two
 * workers (`--concurrency=1`), each with this package installed into its own `~/.n8n/nodes`, against simulated
 * devices over real HTTP on 127.0.0.1 (tools/n8n-queue-mode). What an operator scaling n8n out for a plant relies on:
 * - the shipped example workflows, activated on the main, run on the workers (a worker's log names each execution);
 * - a worker logs in once per device session, not once per execution;
 * - a worker killed with SIGKILL in the middle of a redeploy never leaves two `web` containers, and the next run
 *   leaves exactly one, running, whatever n8n did with the stalled job;
 * - `n8n execute` and the editor's manual runs still work.
 */
import type { RunningSimulator } from '../../../simulator';
import { QueueCluster } from '../../../tools/n8n-queue-mode/cluster';
import { waitForEnd, waitForEndedExecutions, waitForExecutionCount } from '../../../tools/n8n-queue-mode/executions';
import { missingQueueModeTools } from '../../../tools/n8n-queue-mode/services';
import { firingEvery, REDEPLOY_WEB, STATUS_OF_WEB, webhookToSecureEdge } from '../../../tools/n8n-queue-mode/workflows';
import { testClient } from '../../support/client';
import { recordForScan } from '../../support/secrets';
import { startTestSimulator } from '../../support/simulator';
import { parseExecuteOutput, succeeded, workflowError } from '../engine/run-data';
import { exampleWorkflow, secureEdgeCredential, CREDENTIAL_TYPE, SECUREEDGE_NODE, type WorkflowImport } from '../engine/workflows';

const SETUP_MS = 40 * 60_000; // installs n8n on a fresh clone; boots three n8n processes
const TEST_MS = 300_000;

let cluster: QueueCluster;
const simulators: RunningSimulator[] = [];

async function simulator(options: Parameters<typeof startTestSimulator>[0] = {}): Promise<RunningSimulator> {
  const sim = await startTestSimulator(options);
  simulators.push(sim);
  return sim;
}

/** A credential for a device of the test's own, so its request and login counts are exact. */
async function credentialFor(sim: RunningSimulator, name: string): Promise<{ id: string; name: string }> {
  const created = await cluster.rest.post<{ id: string; name: string }>('/rest/credentials', {
    name,
    type: CREDENTIAL_TYPE,
    data: { url: sim.url, username: 'admin', password: sim.password, ignoreSSLIssues: false },
  });
  return { id: created.id, name: created.name };
}

async function seedContainer(
  sim: RunningSimulator,
  name: string,
  image: { name: string; tag: string },
  env: Array<{ key: string; value: string }> = [],
) {
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
    await client.waitForState(name, ['running']);
  } finally {
    await client.close();
  }
}

/** Each execution ran on exactly one worker (its log says so), none on the main; returns the workers' names. */
function expectRanOnWorkers(executionIds: string[]): Set<string> {
  const ranOn = new Set<string>();
  for (const id of executionIds) {
    const runners = cluster.processes.filter((p) => p.startedExecutions().includes(id)).map((p) => p.name);
    expect({ id, runners }).toEqual({ id, runners: [expect.stringMatching(/^worker-\d$/)] });
    ranOn.add(runners[0]);
  }
  return ranOn;
}

beforeAll(async () => {
  const missing = missingQueueModeTools();
  if (missing.length) throw new Error(`queue mode needs ${missing.join(' and ')}; .ci/run installs them`);
  cluster = await QueueCluster.start({ workers: 2, concurrency: 1, observe: recordForScan });
}, SETUP_MS);

afterAll(async () => {
  await cluster?.dispose();
  await Promise.all(simulators.map((s) => s.close()));
}, 120_000);

describe('the example workflows, activated on the main', () => {
  const EXAMPLES = {
    nightly: exampleWorkflow('nightly-redeploy.json'),
    health: exampleWorkflow('health-check.json'),
    inventory: exampleWorkflow('inventory.json'),
  };
  let sim: RunningSimulator;

  beforeAll(async () => {
    sim = await simulator();
    // The examples refer to one credential by id; it is imported with that id, as a user's export would be.
    const refs = Object.values(EXAMPLES).flatMap((w) =>
      w.nodes.filter((n) => n.type === SECUREEDGE_NODE).map((n) => n.credentials?.[CREDENTIAL_TYPE]),
    );
    const ref = refs[0];
    if (!ref || refs.some((r) => r?.id !== ref.id)) throw new Error('the examples should share one SecureEdge credential');
    await cluster.importCredentials([secureEdgeCredential(ref.id, ref.name, { url: sim.url, password: sim.password })]);
  }, TEST_MS);

  /**
   * Saves the example with its schedule set to every 20 s, activates it, and deactivates it as soon as it has run
   * (a slow deactivation may let it fire once more: every run must then succeed too).
   */
  async function runOnSchedule(example: WorkflowImport) {
    const id = await cluster.saveWorkflow(firingEvery(example, 20));
    await cluster.activate(id);
    try {
      await waitForExecutionCount(cluster.rest, id, 1, 120_000);
    } finally {
      await cluster.deactivate(id);
    }
    const executions = await waitForEndedExecutions(cluster.rest, id, 1);
    for (const execution of executions) expect(execution).toMatchObject({ mode: 'trigger', status: 'success' });
    expectRanOnWorkers(executions.map((e) => e.id));
    return executions;
  }

  test(
    'nightly redeploy: the schedule fires on the main, a worker replaces web with the spec in the workflow',
    async () => {
      await seedContainer(sim, 'web', { name: 'nginx', tag: 'latest' }, [{ key: 'NGINX_PORT', value: 'old' }]);
      sim.control.clearRequests();

      await runOnSchedule(EXAMPLES.nightly);
      expect(sim.control.containers().filter((c) => c.name === 'web')).toEqual([
        expect.objectContaining({ state: 'running', image: 'nginx', tag: 'latest', env: [{ key: 'NGINX_PORT', value: '80' }] }),
      ]);
    },
    TEST_MS,
  );

  test(
    'health check: a worker starts the watched container that stopped',
    async () => {
      await seedContainer(sim, 'broker', { name: 'eclipse-mosquitto', tag: '2' });
      sim.control.setContainerState('broker', 'exited');

      await runOnSchedule(EXAMPLES.health);
      expect(sim.control.containers().find((c) => c.name === 'broker')?.state).toBe('running');
    },
    TEST_MS,
  );

  test(
    'inventory: a worker reads every image and every container',
    async () => {
      sim.control.clearRequests();
      await runOnSchedule(EXAMPLES.inventory);
      const reads = sim.control.requests.filter((r) => r.method === 'GET').map((r) => r.path);
      expect(reads).toEqual(expect.arrayContaining(['/api/v1/docker/images', '/api/v1/docker/containers']));
      for (const c of sim.control.containers()) expect(reads).toContain(`/api/v1/docker/containers/${c.name}/configuration`);
    },
    TEST_MS,
  );

  test(
    '`n8n execute` runs an example from the command line against the cluster database',
    async () => {
      sim.control.setContainerState('broker', 'exited');
      const id = await cluster.saveWorkflow(EXAMPLES.health);
      const execution = parseExecuteOutput(await cluster.cli(['execute', `--id=${id}`, '--rawOutput']));
      if (!succeeded(execution)) {
        throw new Error(`n8n execute failed: ${workflowError(execution)?.message}\n${execution.cli.stderr.slice(-3000)}`);
      }
      expect(sim.control.containers().find((c) => c.name === 'broker')?.state).toBe('running');
    },
    TEST_MS,
  );

  test(
    "the editor's manual run (Run now) works; n8n 2.41 runs it on the main",
    async () => {
      sim.control.setContainerState('broker', 'exited');
      const id = await cluster.saveWorkflow(EXAMPLES.health);
      const { executionId } = await cluster.rest.post<{ executionId: string }>(`/rest/workflows/${id}/run`, {
        triggerToStartFrom: { name: 'Run now' },
      });
      const execution = await waitForEnd(cluster.rest, String(executionId), 120_000);
      expect(execution).toMatchObject({ mode: 'manual', status: 'success' });
      expect(cluster.workerThatRan(String(executionId))).toBeUndefined();
      expect(sim.control.containers().find((c) => c.name === 'broker')?.state).toBe('running');
    },
    TEST_MS,
  );
});

test(
  'each worker logs in once per device session, not once per execution',
  async () => {
    // A device a little slow to answer, so queued jobs spread over both workers.
    const sim = await simulator();
    await seedContainer(sim, 'web', { name: 'nginx', tag: 'latest' });
    sim.control.setFaults({ latencyMs: 150 });
    const credential = await credentialFor(sim, 'device for the login count');
    const id = await cluster.saveWorkflow(webhookToSecureEdge('queue mode: logins', 'queue-logins', credential, STATUS_OF_WEB));
    await cluster.activate(id);
    sim.control.clearRequests();

    const batch = 8;
    await Promise.all(Array.from({ length: batch }, () => cluster.webhook('queue-logins')));
    let executions = await waitForEndedExecutions(cluster.rest, id, batch);
    expect(executions.map((e) => e.status)).toEqual(Array(batch).fill('success'));
    let workers = expectRanOnWorkers(executions.map((e) => e.id));
    expect(workers.size).toBe(2);
    expect(sim.control.loginCount()).toBe(workers.size);

    // A second batch reuses the sessions the workers already hold.
    await Promise.all(Array.from({ length: batch }, () => cluster.webhook('queue-logins')));
    executions = await waitForEndedExecutions(cluster.rest, id, 2 * batch);
    expect(executions.map((e) => e.status)).toEqual(Array(2 * batch).fill('success'));
    workers = expectRanOnWorkers(executions.map((e) => e.id));
    expect(sim.control.loginCount()).toBe(workers.size);
    await cluster.deactivate(id);
  },
  TEST_MS,
);

describe('a worker killed (SIGKILL) in the middle of a redeploy', () => {
  /**
   * The device is slow (every answer takes 400 ms, stop and start 1.5 s), so the kill lands while the redeploy is
   * under way: the moment the device receives the request named here (it carries it out after the kill).
   */
  const KILL_POINTS = [
    { step: 'remove', method: 'DELETE', path: '/api/v1/docker/containers/web' },
    { step: 'create', method: 'POST', path: '/api/v1/docker/containers' },
  ];

  test.each(KILL_POINTS)(
    'killed as the device receives the $step: never two web, and the next run leaves exactly one, running',
    async ({ step, method, path }) => {
      const sim = await simulator({ stopDelayMs: 1500, startDelayMs: 1500 });
      await seedContainer(sim, 'web', { name: 'nginx', tag: 'latest' }, [{ key: 'GENERATION', value: 'old' }]);
      sim.control.setFaults({ latencyMs: 400 });
      const credential = await credentialFor(sim, `device for the kill at ${step}`);
      const hookPath = `queue-kill-${step}`;
      const id = await cluster.saveWorkflow(webhookToSecureEdge(`queue mode: kill at ${step}`, hookPath, credential, REDEPLOY_WEB));
      await cluster.activate(id);
      sim.control.clearRequests();

      const started = cluster.workers.map((w) => w.startedExecutions().length);
      await cluster.webhook(hookPath);
      const arrived = () => sim.control.requests.some((r) => r.method === method && r.path === path);
      const deadline = Date.now() + 120_000;
      let victimIndex = -1;
      while (Date.now() < deadline && !(victimIndex >= 0 && arrived())) {
        victimIndex = cluster.workers.findIndex((w, i) => w.startedExecutions().length > started[i]);
        await new Promise((r) => setTimeout(r, 5));
      }
      expect(victimIndex).toBeGreaterThanOrEqual(0);
      expect(arrived()).toBe(true);
      const victim = cluster.workers[victimIndex];
      const executionId = victim.startedExecutions()[started[victimIndex]];
      await victim.kill();

      // Whatever n8n does with the stalled job (n8n 2.41 gives it to no other worker: Bull's maxStalledCount is 0),
      // the device never holds two web containers while it decides.
      await waitForEnd(cluster.rest, executionId, 45_000);
      expect(sim.control.containers().filter((c) => c.name === 'web').length).toBeLessThanOrEqual(1);
      await cluster.startWorker(victimIndex);

      // The plant's next run (the schedule, or a retry) picks the redeploy up from whatever state the device is in.
      await cluster.webhook(hookPath);
      const executions = await waitForEndedExecutions(cluster.rest, id, 2, 180_000);
      expect(executions.find((e) => e.id !== executionId)).toMatchObject({ status: 'success' });
      expect(sim.control.containers().filter((c) => c.name === 'web')).toEqual([
        expect.objectContaining({ state: 'running', image: 'nginx', tag: 'latest' }),
      ]);
      // At most one create per run: nothing was sent twice.
      const creates = sim.control.requests.filter((r) => r.method === 'POST' && r.path === '/api/v1/docker/containers');
      expect(creates.length).toBeLessThanOrEqual(2);
      await cluster.deactivate(id);
    },
    TEST_MS,
  );
});
