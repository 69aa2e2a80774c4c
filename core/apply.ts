/**
 * Desired state, part two: carry a plan out. Each container's action is done with the client's
 * own calls (the safe redeploy with its preflight and rollback for a changed configuration;
 * create, start and wait for a missing one; start and wait for a stopped one; stop and remove for
 * a pruned one). Containers are done one after another, removals first (they free names and
 * router ports), and one failure does not stop the others: the result says per container what
 * was done or why not. A container that is already as desired is not touched.
 */
import { SecureEdgeError, isSecureEdgeError } from './errors';
import { plan, type DesiredState, type DesiredStateInput, type EnsureAction, type PlanDeps, type PlanEntry } from './plan';
import type { RedeployOptions } from './redeploy';
import type { ContainerSpecInput } from './schemas';
import type { ContainerActionResult, CreateResult, RedeployReport, WaitResult } from './types';

/** The calls apply() makes; SecureEdgeClient has them all. */
export interface ApplyDeps extends PlanDeps {
  createContainer(spec: ContainerSpecInput): Promise<CreateResult>;
  startContainer(name: string): Promise<ContainerActionResult>;
  stopContainer(name: string): Promise<ContainerActionResult>;
  removeContainer(name: string): Promise<ContainerActionResult>;
  waitForState(name: string, state: string | readonly string[], options?: { timeoutMs?: number }): Promise<WaitResult>;
  redeploy(spec: ContainerSpecInput, options?: RedeployOptions): Promise<RedeployReport>;
}

export interface ApplyOptions {
  /** Plan only: nothing is changed on the device (only GETs are sent). */
  dryRun?: boolean;
  /** Passed to each redeploy (timeouts, rollback, removeVolumes). */
  redeploy?: RedeployOptions;
  /** How long to wait for a started container to run. Default 60 s. */
  waitTimeoutMs?: number;
  /** Checked between containers: once aborted, the containers not yet begun are reported as skipped. */
  signal?: AbortSignal;
  /** Told when a container's work begins and ends (progress output). */
  onProgress?: (event: { name: string; action: EnsureAction; phase: 'begin' | 'end'; outcome?: EnsureOutcome }) => void;
}

/** `done`: the action was carried out; `unchanged`: nothing needed; `planned`: dry run; `failed`; `skipped`: aborted before it began. */
export type EnsureOutcome = 'done' | 'unchanged' | 'planned' | 'failed' | 'skipped';

export interface EnsureEntry extends Omit<PlanEntry, 'spec'> {
  outcome: EnsureOutcome;
  /** The state after the action (when it was done). */
  running_state: string;
  /** The redeploy's step report, for a redeploy. */
  report?: RedeployReport;
  /** What went wrong, secret-free (SecureEdgeError.toJSON()). */
  error?: Record<string, unknown>;
  durationMs: number;
}

export interface EnsureResult {
  dryRun: boolean;
  /** No container failed or was skipped. */
  ok: boolean;
  /** Containers whose action is not `none`. */
  changes: number;
  containers: EnsureEntry[];
}

export const DEFAULT_ENSURE_WAIT_MS = 60_000;
const RUNNING_LIKE = ['running', 'restarting', 'paused'];
const STOPPED = ['exited', 'created', 'dead'];
/** Order of work: free names and ports first, then replace, then add, then start. */
const ORDER: EnsureAction[] = ['remove', 'redeploy', 'create', 'start', 'none'];

function errorJson(err: unknown): Record<string, unknown> {
  if (isSecureEdgeError(err)) return err.toJSON();
  return new SecureEdgeError({ code: 'DEVICE_ERROR', message: String((err as Error)?.message ?? err) }).toJSON();
}

async function carryOut(deps: ApplyDeps, entry: PlanEntry, options: ApplyOptions): Promise<Partial<EnsureEntry>> {
  const waitTimeoutMs = options.waitTimeoutMs ?? DEFAULT_ENSURE_WAIT_MS;
  const untilRunning = async (name: string) => (await deps.waitForState(name, 'running', { timeoutMs: waitTimeoutMs })).running_state;
  switch (entry.action) {
    case 'create':
      await deps.createContainer(entry.spec!);
      await deps.startContainer(entry.name);
      return { running_state: await untilRunning(entry.name) };
    case 'start':
      await deps.startContainer(entry.name);
      return { running_state: await untilRunning(entry.name) };
    case 'redeploy': {
      // An absent signal stays undefined: redeploy reads it as "not cancellable".
      const redeployOptions: RedeployOptions & { signal?: AbortSignal } = { ...options.redeploy, signal: options.signal };
      const report = await deps.redeploy(entry.spec!, redeployOptions);
      return { running_state: report.running_state, report };
    }
    case 'remove': {
      try {
        if (RUNNING_LIKE.includes(entry.running_state)) {
          await deps.stopContainer(entry.name);
          await deps.waitForState(entry.name, STOPPED, { timeoutMs: waitTimeoutMs });
        }
        await deps.removeContainer(entry.name);
      } catch (err) {
        // Gone already (someone else removed it): that is what was wanted.
        if (!(isSecureEdgeError(err) && err.code === 'NOT_FOUND')) throw err;
      }
      return { running_state: 'absent' };
    }
    default:
      return {};
  }
}

/** Plan, then (unless dryRun) carry the plan out. Input is validated before anything is sent. */
export async function apply(deps: ApplyDeps, desired: DesiredStateInput | DesiredState, options: ApplyOptions = {}): Promise<EnsureResult> {
  const planned = await plan(deps, desired);
  const dryRun = options.dryRun === true;
  const byName = new Map<string, EnsureEntry>();
  const work = [...planned.entries].sort((a, b) => ORDER.indexOf(a.action) - ORDER.indexOf(b.action));
  for (const entry of work) {
    // The spec stays out of the result: it is the caller's own input, and its env values may be secrets.
    const base: EnsureEntry = {
      name: entry.name,
      action: entry.action,
      reasons: entry.reasons,
      running_state: entry.running_state,
      outcome: 'unchanged',
      durationMs: 0,
    };
    if (entry.action === 'none') {
      byName.set(entry.name, base);
      continue;
    }
    if (dryRun) {
      byName.set(entry.name, { ...base, outcome: 'planned' });
      continue;
    }
    if (options.signal?.aborted) {
      byName.set(entry.name, {
        ...base,
        outcome: 'skipped',
        error: errorJson(new SecureEdgeError({ code: 'TIMEOUT', message: 'Cancelled before this container was begun.' })),
      });
      continue;
    }
    options.onProgress?.({ name: entry.name, action: entry.action, phase: 'begin' });
    const t0 = Date.now();
    let done: EnsureEntry;
    try {
      done = { ...base, ...(await carryOut(deps, entry, options)), outcome: 'done', durationMs: Date.now() - t0 };
    } catch (err) {
      done = { ...base, outcome: 'failed', error: errorJson(err), durationMs: Date.now() - t0 };
    }
    byName.set(entry.name, done);
    options.onProgress?.({ name: entry.name, action: entry.action, phase: 'end', outcome: done.outcome });
  }
  // Report in the desired state's order (prunes last), whatever order the work was done in.
  const containers = planned.entries.map((e) => byName.get(e.name)!);
  return { dryRun, ok: containers.every((c) => c.outcome !== 'failed' && c.outcome !== 'skipped'), changes: planned.changes, containers };
}
