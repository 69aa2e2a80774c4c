/**
 * The execution records in the cluster's database, read through the main's REST API as the editor's Executions
 * list reads them. n8n 2.41 does not store which worker ran an execution; the worker's own log does
 * ("Worker started execution <id>"), see QueueCluster.workerThatRan.
 */
import type { ClusterRest as N8nRest } from './rest';

export interface ExecutionSummary {
  id: string;
  workflowId: string;
  mode: string;
  status: string;
  finished?: boolean;
  startedAt?: string | null;
  stoppedAt?: string | null;
}

/** Statuses after which n8n does nothing more with an execution. */
export const FINAL_STATUSES = new Set(['success', 'error', 'crashed', 'canceled']);

export async function executionsOf(rest: N8nRest, workflowId: string): Promise<ExecutionSummary[]> {
  const filter = encodeURIComponent(JSON.stringify({ workflowId }));
  const page = await rest.get<{ results: ExecutionSummary[] }>(`/rest/executions?filter=${filter}&limit=100`);
  return page.results.map((e) => ({ ...e, id: String(e.id) }));
}

/** Waits until the workflow has `count` executions, all ended; returns them, oldest first. */
export async function waitForEndedExecutions(
  rest: N8nRest,
  workflowId: string,
  count: number,
  timeoutMs = 90_000,
): Promise<ExecutionSummary[]> {
  const deadline = Date.now() + timeoutMs;
  let seen: ExecutionSummary[] = [];
  while (Date.now() < deadline) {
    seen = await executionsOf(rest, workflowId);
    if (seen.length >= count && seen.every((e) => FINAL_STATUSES.has(e.status))) return seen.sort((a, b) => Number(a.id) - Number(b.id));
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(
    `workflow ${workflowId}: expected ${count} ended executions within ${timeoutMs / 1000} s, saw ${JSON.stringify(seen.map((e) => [e.id, e.status]))}`,
  );
}

/** Waits until the workflow has at least `count` executions, ended or not. */
export async function waitForExecutionCount(rest: N8nRest, workflowId: string, count: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await executionsOf(rest, workflowId)).length < count) {
    if (Date.now() > deadline) throw new Error(`workflow ${workflowId}: fewer than ${count} executions after ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export async function getExecution(rest: N8nRest, id: string): Promise<ExecutionSummary> {
  return rest.get<ExecutionSummary>(`/rest/executions/${id}`);
}

/** Waits until the execution has ended (any final status) or `timeoutMs` passed; returns what it saw last. */
export async function waitForEnd(rest: N8nRest, id: string, timeoutMs: number): Promise<ExecutionSummary> {
  const deadline = Date.now() + timeoutMs;
  let last = await getExecution(rest, id);
  while (!FINAL_STATUSES.has(last.status) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250));
    last = await getExecution(rest, id);
  }
  return last;
}
