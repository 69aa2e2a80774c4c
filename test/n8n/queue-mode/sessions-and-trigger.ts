/**
 * What is per process in queue mode: each worker holds its own device session (one login per worker, however many
 * executions it runs), and the SecureEdge Trigger polls on the main only while its executions run on the workers.
 * Every request is traced to the process that sent it (fixture.ts, ConnectionOrigins). Registered by
 * queue-mode.test.ts (one cluster).
 */
import { waitForEndedExecutions, waitForExecutionCount } from '../../../tools/n8n-queue-mode/executions';
import { pollingEvery, STATUS_OF_WEB, usingCredential, webhookToSecureEdge } from '../../../tools/n8n-queue-mode/workflows';
import { exampleWorkflow } from '../engine/workflows';
import { cluster, credentialFor, device, expectRanOnWorkers, roleOf, seedContainer, TEST_MS } from './fixture';

const LOGIN = { method: 'POST', path: '/auth/login' };
const LIST = { method: 'GET', path: '/api/v1/docker/containers' };

/** How many requests matching `what` each sender made: `{ 'worker-1#42': 1, ... }`. */
function countBySender(requests: Array<{ method: string; path: string; origin: string }>, what: { method: string; path: string }) {
  const counts: Record<string, number> = {};
  for (const r of requests) if (r.method === what.method && r.path === what.path) counts[r.origin] = (counts[r.origin] ?? 0) + 1;
  return counts;
}

export function sessionsPerWorker(): void {
  test(
    'each worker logs in once per device session, not once per execution; the main never logs in',
    async () => {
      // A device a little slow to answer, so queued jobs spread over both workers.
      const d = await device();
      await seedContainer(d.sim, 'web', { name: 'nginx', tag: 'latest' });
      d.sim.control.setFaults({ latencyMs: 150 });
      const credential = await credentialFor(d, 'device for the login count');
      const id = await cluster().saveWorkflow(webhookToSecureEdge('queue mode: logins', 'queue-logins', credential, STATUS_OF_WEB));
      await cluster().activate(id);
      d.sim.control.clearRequests();

      const batch = 8;
      await Promise.all(Array.from({ length: batch }, () => cluster().webhook('queue-logins')));
      const first = await waitForEndedExecutions(cluster().rest, id, batch);
      expect(first.map((e) => e.status)).toEqual(Array(batch).fill('success'));
      const workers = expectRanOnWorkers(first.map((e) => e.id));
      expect([...workers].map(roleOf).sort()).toEqual(['worker-1', 'worker-2']);
      const loginsAfterFirst = countBySender(d.requests(), LOGIN);
      expect(loginsAfterFirst).toEqual(Object.fromEntries([...workers].map((w) => [w, 1])));

      // A second batch reuses the sessions the workers already hold: not one more login.
      await Promise.all(Array.from({ length: batch }, () => cluster().webhook('queue-logins')));
      const all = await waitForEndedExecutions(cluster().rest, id, 2 * batch);
      expect(all.map((e) => e.status)).toEqual(Array(2 * batch).fill('success'));
      for (const w of expectRanOnWorkers(all.map((e) => e.id))) expect(workers).toContain(w);
      expect(countBySender(d.requests(), LOGIN)).toEqual(loginsAfterFirst);
      // Every status read came with a session and from a worker.
      const reads = d.requests().filter((r) => r.path !== LOGIN.path);
      expect(reads.length).toBeGreaterThanOrEqual(2 * batch);
      expect(reads.filter((r) => !r.hadSession || !/^worker-\d$/.test(roleOf(r.origin)))).toEqual([]);
      await cluster().deactivate(id);
    },
    TEST_MS,
  );
}

export function triggerOnMain(): void {
  test(
    'the SecureEdge Trigger polls on the main only, and its executions run on the workers',
    async () => {
      const d = await device();
      await seedContainer(d.sim, 'web', { name: 'nginx', tag: 'latest' });
      const credential = await credentialFor(d, 'device for the trigger');
      const example = exampleWorkflow('restart-then-alert.json');
      const id = await cluster().saveWorkflow(pollingEvery(usingCredential(example, credential), 5));
      d.sim.control.clearRequests();

      // Activation runs the first poll on the main (the baseline: no execution for what is already there).
      await cluster().activate(id);
      try {
        const deadline = Date.now() + 30_000;
        while (Object.keys(countBySender(d.requests(), LIST)).length === 0 && Date.now() < deadline)
          await new Promise((r) => setTimeout(r, 100));
        d.sim.control.setContainerState('web', 'exited');
        await waitForExecutionCount(cluster().rest, id, 1, 60_000);
      } finally {
        await cluster().deactivate(id);
      }
      const executions = await waitForEndedExecutions(cluster().rest, id, 1, 120_000);
      expect(executions).toEqual([expect.objectContaining({ mode: 'trigger', status: 'success' })]);
      const [worker] = expectRanOnWorkers(executions.map((e) => e.id));
      expect(d.sim.control.containers().find((c) => c.name === 'web')?.state).toBe('running');

      const requests = d.requests();
      // Polls (the container list, then each container's status): the main, at activation and every 5 s after.
      const polls = countBySender(requests, LIST);
      expect(Object.keys(polls).map(roleOf)).toEqual(['main']);
      expect(Object.values(polls)[0]).toBeGreaterThanOrEqual(2);
      // The main only reads; the restart came from the worker that ran the execution, which never listed.
      const byMain = requests.filter((r) => roleOf(r.origin) === 'main');
      expect(byMain.filter((r) => r.method !== 'GET' && r.path !== LOGIN.path)).toEqual([]);
      const byWorkers = requests.filter((r) => /^worker-\d$/.test(roleOf(r.origin)));
      expect(byWorkers.filter((r) => r.method === 'POST' && r.path.endsWith('/web/start')).map((r) => r.origin)).toEqual([worker]);
      expect(byWorkers.filter((r) => r.method === LIST.method && r.path === LIST.path)).toEqual([]);
      expect(requests.filter((r) => r.origin === 'unknown')).toEqual([]);
    },
    TEST_MS,
  );
}
