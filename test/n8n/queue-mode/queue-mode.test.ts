/**
 * The SecureEdge nodes in n8n's queue mode: real Redis, real Postgres, the pinned n8n 2.41.1 as one main and two
 * workers (`--concurrency=1`), each with this package installed into its own `~/.n8n/nodes`, against a simulated
 * device over real HTTP on 127.0.0.1 (tools/n8n-queue-mode): the cluster starts, and `n8n execute` and the editor's
 * manual runs of the shipped examples still work. The production runs on the workers (examples on their schedule,
 * one login per worker, a worker killed mid-redeploy) are in pending-on-workers.ts until they pass.
 */
import type { RunningSimulator } from '../../../simulator';
import { QueueCluster } from '../../../tools/n8n-queue-mode/cluster';
import { waitForEnd } from '../../../tools/n8n-queue-mode/executions';
import { missingQueueModeTools } from '../../../tools/n8n-queue-mode/services';
import { testClient } from '../../support/client';
import { recordForScan } from '../../support/secrets';
import { startTestSimulator } from '../../support/simulator';
import { parseExecuteOutput, succeeded, workflowError } from '../engine/run-data';
import { exampleWorkflow, secureEdgeCredential, CREDENTIAL_TYPE, SECUREEDGE_NODE } from '../engine/workflows';

const SETUP_MS = 40 * 60_000; // installs n8n on a fresh clone; boots three n8n processes
const TEST_MS = 300_000;

let cluster: QueueCluster;
const simulators: RunningSimulator[] = [];

async function simulator(options: Parameters<typeof startTestSimulator>[0] = {}): Promise<RunningSimulator> {
  const sim = await startTestSimulator(options);
  simulators.push(sim);
  return sim;
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
    // The containers the health check watches: web running, broker made to stop by each test.
    const client = testClient(sim);
    try {
      for (const [name, image] of [
        ['web', { name: 'nginx', tag: 'latest' }],
        ['broker', { name: 'eclipse-mosquitto', tag: '2' }],
      ] as const) {
        await client.createContainer({
          container: { name },
          image,
          ports: [],
          volumes: [],
          networks: [{ name: 'machine-builder' }],
          environment_variables: [],
        });
        await client.startContainer(name);
        await client.waitForState(name, ['running']);
      }
    } finally {
      await client.close();
    }
    await cluster.importCredentials([secureEdgeCredential(ref.id, ref.name, { url: sim.url, password: sim.password })]);
  }, TEST_MS);

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
