/**
 * The shipped example workflows in queue mode: activated on the main, their schedules fire there and the workers
 * run them; `n8n execute` and the editor's manual run still work. Registered by queue-mode.test.ts (one cluster).
 */
import { waitForEnd, waitForEndedExecutions, waitForExecutionCount } from '../../../tools/n8n-queue-mode/executions';
import { firingEvery, usingCredential } from '../../../tools/n8n-queue-mode/workflows';
import { parseExecuteOutput, succeeded, workflowError } from '../engine/run-data';
import { exampleWorkflow, secureEdgeCredential, CREDENTIAL_TYPE, SECUREEDGE_NODE } from '../engine/workflows';
import { cluster, credentialFor, device, expectRanOnWorkers, roleOf, seedContainer, TEST_MS, type Device } from './fixture';

const EXAMPLES = {
  nightly: exampleWorkflow('nightly-redeploy.json'),
  health: exampleWorkflow('health-check.json'),
  inventory: exampleWorkflow('inventory.json'),
};

const CONTAINERS_PATH = '/api/v1/docker/containers';

export function examplesOnWorkers(): void {
  test(
    'activated together on the main, the examples run on the workers (both get work), each on its schedule',
    async () => {
      // One device per example, each a little slow, so a run outlasts the moment both workers take a job.
      const devices: Record<keyof typeof EXAMPLES, Device> = {
        nightly: await device(),
        health: await device(),
        inventory: await device(),
      };
      await seedContainer(devices.nightly.sim, 'web', { name: 'nginx', tag: 'latest' }, [{ key: 'NGINX_PORT', value: 'old' }]);
      await seedContainer(devices.health.sim, 'web', { name: 'nginx', tag: 'latest' });
      await seedContainer(devices.health.sim, 'broker', { name: 'eclipse-mosquitto', tag: '2' });
      devices.health.sim.control.setContainerState('broker', 'exited');
      await seedContainer(devices.inventory.sim, 'web', { name: 'nginx', tag: 'latest' });
      const ids: Record<string, string> = {};
      for (const [key, d] of Object.entries(devices)) {
        d.sim.control.setFaults({ latencyMs: 150 });
        d.sim.control.clearRequests();
        const credential = await credentialFor(d, `device for the ${key} example`);
        const example = EXAMPLES[key as keyof typeof EXAMPLES];
        // Every 10 s on the clock: the schedules of workflows activated together fire at the same moment.
        ids[key] = await cluster().saveWorkflow(firingEvery(usingCredential(example, credential), 10));
      }

      // One at a time: three activations at once made n8n 2.41 fail one with "Error validating node parameters".
      for (const id of Object.values(ids)) await cluster().activate(id);
      try {
        await Promise.all(Object.values(ids).map((id) => waitForExecutionCount(cluster().rest, id, 1, 120_000)));
      } finally {
        // Taken down as soon as each has run; a schedule that fires once more meanwhile must succeed as well.
        await Promise.all(Object.values(ids).map((id) => cluster().deactivate(id)));
      }
      const workers = new Set<string>();
      for (const [key, id] of Object.entries(ids)) {
        const executions = await waitForEndedExecutions(cluster().rest, id, 1, 180_000);
        for (const e of executions) expect({ key, mode: e.mode, status: e.status }).toEqual({ key, mode: 'trigger', status: 'success' });
        for (const w of expectRanOnWorkers(executions.map((e) => e.id))) workers.add(roleOf(w));
        // The device heard only from workers: the main fired the schedule and did nothing on the device.
        const senders = [...new Set(devices[key as keyof typeof EXAMPLES].requests().map((r) => roleOf(r.origin)))];
        expect({ key, senders }).toEqual({ key, senders: expect.arrayContaining([expect.stringMatching(/^worker-\d$/)]) });
        expect({ key, notWorkers: senders.filter((s) => !/^worker-\d$/.test(s)) }).toEqual({ key, notWorkers: [] });
      }
      expect([...workers].sort()).toEqual(['worker-1', 'worker-2']);

      // What each example did on its device.
      expect(devices.nightly.sim.control.containers().filter((c) => c.name === 'web')).toEqual([
        expect.objectContaining({ state: 'running', image: 'nginx', tag: 'latest', env: [{ key: 'NGINX_PORT', value: '80' }] }),
      ]);
      expect(devices.health.sim.control.containers().find((c) => c.name === 'broker')?.state).toBe('running');
      const reads = devices.inventory
        .requests()
        .filter((r) => r.method === 'GET')
        .map((r) => r.path);
      expect(reads).toEqual(expect.arrayContaining(['/api/v1/docker/images', CONTAINERS_PATH, `${CONTAINERS_PATH}/web/configuration`]));
    },
    TEST_MS,
  );

  describe('run by hand', () => {
    let d: Device;

    beforeAll(async () => {
      d = await device();
      // The examples refer to one credential by id; it is imported with that id, as a user's export would be.
      const refs = Object.values(EXAMPLES).flatMap((w) =>
        w.nodes.filter((n) => n.type === SECUREEDGE_NODE).map((n) => n.credentials?.[CREDENTIAL_TYPE]),
      );
      const ref = refs[0];
      if (!ref || refs.some((r) => r?.id !== ref.id)) throw new Error('the examples should share one SecureEdge credential');
      await seedContainer(d.sim, 'web', { name: 'nginx', tag: 'latest' });
      await seedContainer(d.sim, 'broker', { name: 'eclipse-mosquitto', tag: '2' });
      await cluster().importCredentials([secureEdgeCredential(ref.id, ref.name, { url: d.origins.url, password: d.sim.password })]);
    }, TEST_MS);

    test(
      '`n8n execute` runs an example from the command line against the cluster database',
      async () => {
        d.sim.control.setContainerState('broker', 'exited');
        const id = await cluster().saveWorkflow(EXAMPLES.health);
        const execution = parseExecuteOutput(await cluster().cli(['execute', `--id=${id}`, '--rawOutput']));
        if (!succeeded(execution)) {
          throw new Error(`n8n execute failed: ${workflowError(execution)?.message}\n${execution.cli.stderr.slice(-3000)}`);
        }
        expect(d.sim.control.containers().find((c) => c.name === 'broker')?.state).toBe('running');
      },
      TEST_MS,
    );

    test(
      "the editor's manual run (Run now) works; n8n 2.41 runs it on the main",
      async () => {
        d.sim.control.setContainerState('broker', 'exited');
        d.sim.control.clearRequests();
        const id = await cluster().saveWorkflow(EXAMPLES.health);
        const { executionId } = await cluster().rest.post<{ executionId: string }>(`/rest/workflows/${id}/run`, {
          triggerToStartFrom: { name: 'Run now' },
        });
        const execution = await waitForEnd(cluster().rest, String(executionId), 120_000);
        expect(execution).toMatchObject({ mode: 'manual', status: 'success' });
        expect(cluster().workerThatRan(String(executionId))).toBeUndefined();
        expect(new Set(d.requests().map((r) => roleOf(r.origin)))).toEqual(new Set(['main']));
        expect(d.sim.control.containers().find((c) => c.name === 'broker')?.state).toBe('running');
      },
      TEST_MS,
    );
  });
}
