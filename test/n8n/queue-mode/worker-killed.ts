/**
 * A worker killed (SIGKILL) in the middle of a redeploy. n8n 2.41 sets Bull's maxStalledCount to 0: the stalled job
 * is run by no other worker, so the device is left as the kill left it (web stopped, web gone, or the new web
 * created but not started). The plant's next run (here: the same webhook, as the next schedule would) must pick the
 * redeploy up from that state and leave exactly one `web`, running; and no request may be sent twice.
 * Registered by queue-mode.test.ts (one cluster); runs last, as it kills and restarts workers.
 */
import type { N8nProcess } from '../../../tools/n8n-queue-mode/n8n-process';
import { originLabel } from '../../../tools/n8n-queue-mode/connection-origins';
import { executionsOf, FINAL_STATUSES, waitForEnd, type ExecutionSummary } from '../../../tools/n8n-queue-mode/executions';
import { REDEPLOY_WEB, webhookToSecureEdge } from '../../../tools/n8n-queue-mode/workflows';
import { cluster, credentialFor, device, seedContainer, TEST_MS } from './fixture';

const WEB = '/api/v1/docker/containers/web';
const CREATE = { method: 'POST', path: '/api/v1/docker/containers' };

/** The moment of the kill: when the device receives this request (it carries it out after the kill). */
const KILL_POINTS = [
  { step: 'stop', method: 'POST', path: `${WEB}/stop`, left: 'web stopped, old configuration' },
  { step: 'remove', method: 'DELETE', path: WEB, left: 'no web' },
  { step: 'create', ...CREATE, left: 'the new web created, not started' },
];
const CHANGES = new Set(['POST', 'DELETE', 'PUT']);

/** The first run of the workflow other than the killed one to end (the killed one may never end in n8n's records). */
async function nextRunAfter(workflowId: string, killedRun: string, timeoutMs = 180_000): Promise<ExecutionSummary> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const next = (await executionsOf(cluster().rest, workflowId)).find((e) => e.id !== killedRun && FINAL_STATUSES.has(e.status));
    if (next) return next;
    if (Date.now() > deadline)
      throw new Error(`workflow ${workflowId}: no run after the killed ${killedRun} ended within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Sleeps until `ready()` or `timeoutMs`; polls every 5 ms so the kill lands right after the request arrives. */
async function until(ready: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!ready()) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 5));
  }
  return true;
}

export function workerKilledMidRedeploy(): void {
  /** A worker killed by an earlier case, coming back in the background (as an orchestrator restarts it). */
  let restarting: Promise<N8nProcess> | undefined;

  afterAll(async () => {
    await restarting?.catch(() => undefined);
  }, TEST_MS);

  test.each(KILL_POINTS)(
    'killed as the device receives the $step ($left): the next run leaves exactly one web, running',
    async ({ step, method, path }) => {
      // A slow device (every answer 300 ms, stop and start take 1 s), so the kill lands while the redeploy is under way.
      const d = await device({ stopDelayMs: 1000, startDelayMs: 1000 });
      await seedContainer(d.sim, 'web', { name: 'nginx', tag: 'latest' }, [{ key: 'GENERATION', value: 'old' }]);
      d.sim.control.setFaults({ latencyMs: 300 });
      const credential = await credentialFor(d, `device for the kill at ${step}`);
      const hookPath = `queue-kill-${step}`;
      const id = await cluster().saveWorkflow(webhookToSecureEdge(`queue mode: kill at ${step}`, hookPath, credential, REDEPLOY_WEB));
      await cluster().activate(id);
      await restarting; // both workers up: the job may go to either
      restarting = undefined;
      d.sim.control.clearRequests();

      const started = cluster().workers.map((w) => w.startedExecutions().length);
      await cluster().webhook(hookPath);
      const victimIndex = () => cluster().workers.findIndex((w, i) => w.startedExecutions().length > started[i]);
      const arrived = () => d.sim.control.requests.some((r) => r.method === method && r.path === path);
      expect(await until(() => victimIndex() >= 0 && arrived(), 120_000)).toBe(true);
      const index = victimIndex();
      const victim = cluster().workers[index];
      const killedRun = victim.startedExecutions()[started[index]];
      await victim.kill();
      const killedAt = Date.now();
      restarting = cluster().startWorker(index);

      // The next run (the schedule's next firing, or a retry): the surviving worker takes it.
      await cluster().webhook(hookPath);
      const next = await nextRunAfter(id, killedRun);
      expect(next).toMatchObject({ status: 'success' });
      const changesAfterNextRun = d.sim.control.requests.filter((r) => CHANGES.has(r.method)).length;

      // Whatever n8n does with the stalled job, give it the time to do it: 15 s from the kill (lock 10 s, stalled
      // check every 5 s, see cluster.ts).
      const killed = await waitForEnd(cluster().rest, killedRun, Math.max(0, killedAt + 15_000 - Date.now()));
      const webs = d.sim.control.containers().filter((c) => c.name === 'web');
      expect({ killedRunStatus: killed.status, webs }).toEqual({
        killedRunStatus: killed.status,
        webs: [expect.objectContaining({ state: 'running', image: 'nginx', tag: 'latest' })],
      });
      // The new configuration (REDEPLOY_WEB sets no GENERATION), not the old container left running.
      expect(webs[0].env).not.toContainEqual({ key: 'GENERATION', value: 'old' });
      // Nothing sent twice: one create per run at most, and nothing changed on the device after the next run.
      const creates = d.requests().filter((r) => r.method === CREATE.method && r.path === CREATE.path);
      expect(creates.map((r) => r.origin)).toEqual(
        step === 'create'
          ? [originLabel(victim), expect.not.stringMatching(originLabel(victim))]
          : [expect.stringMatching(/^worker-\d#\d+$/)],
      );
      expect(d.sim.control.requests.filter((r) => CHANGES.has(r.method)).length).toBe(changesAfterNextRun);
      await cluster().deactivate(id);
    },
    TEST_MS,
  );
}
