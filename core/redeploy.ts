/**
 * Redeploy = what the vendor's script does (status, stop, remove, remove volumes, create, start)
 * without its fixed sleeps, and without its flaw: a redeploy that cannot succeed never leaves the
 * machine without its container.
 *
 *  1. Look (reads only): the old state, the new image in the registry with no error, the old
 *     configuration. A failure here changes nothing.
 *  2. Stop the old container and wait until it has stopped. A failure or cancel starts it again.
 *  3. Remove it, (remove volumes), create the new one, start it, wait until it runs. A failure or
 *     cancel removes the half-made new container and creates, starts and waits for the old one.
 *
 * Cancellation (options.signal): reads and waits stop at once; a change request already sent is
 * never abandoned; a cancel after the stop is answered by putting the old container back.
 */
import { cancelledError, throwIfCancelled } from './cancel';
import { SecureEdgeError, isSecureEdgeError } from './errors';
import { QUIT, RUNNING_LIKE, STOPPED, type RedeployDeps } from './redeploy-deps';
import { leftAsIs, nothingToRollBack, rollbackFailed, rolledBack, untouched } from './redeploy-outcome';
import { StepFailed, StepLog, asSecureEdgeError } from './redeploy-steps';
import { DEFAULT_ROLLBACK_TIMEOUT_MS, rollBack, specFromConfiguration, waitUntilAbsent, type RollbackPlan } from './rollback';
import { DEFAULTS } from './rules';
import type { ContainerSpec } from './schemas';
import type { ContainerConfiguration, RedeployReport, RedeployStepName } from './types';

export type { RedeployDeps } from './redeploy-deps';
export { DEFAULT_ROLLBACK_TIMEOUT_MS } from './rollback';

export interface RedeployOptions {
  /** Also remove the named volumes of the old container and of the new spec (start clean). Default false. A rollback then brings the old container back on empty volumes. */
  removeVolumes?: boolean;
  /** Deadline for the redeploy (not its rollback). Default 5 minutes. */
  timeoutMs?: number;
  /** Deadline for a create the device answered 504. Default: from the image size, within the overall deadline. */
  createTimeoutMs?: number;
  /** Put the old container back when the redeploy fails after touching it. Default true; false is the vendor's behaviour. */
  rollback?: boolean;
  /** Deadline for the rollback, counted from its start. Default 2 minutes. */
  rollbackTimeoutMs?: number;
  /** Cancel: the redeploy ends at a safe point (see the file comment) with CANCELLED. */
  signal?: AbortSignal;
}

export const DEFAULT_REDEPLOY_TIMEOUT_MS = DEFAULTS.redeployTimeoutMs;
export const DEFAULT_ROLLBACK = true;

interface Look {
  before: string;
  config?: ContainerConfiguration;
  restore?: ContainerSpec;
}

export async function redeploy(deps: RedeployDeps, spec: ContainerSpec, options: RedeployOptions): Promise<RedeployReport> {
  const name = spec.container.name;
  const started = Date.now();
  const deadline = started + (options.timeoutMs ?? DEFAULT_REDEPLOY_TIMEOUT_MS);
  const remaining = () => Math.max(1, deadline - Date.now());
  const rollbackOn = options.rollback ?? DEFAULT_ROLLBACK;
  const signal = options.signal;
  const log = new StepLog();

  // ---- 1. look: reads only; any failure leaves the old container as it was ----
  let look: Look;
  try {
    look = await lookFirst(deps, spec, options, log, rollbackOn);
    throwIfCancelled(signal, 'the redeploy was cancelled before anything was changed.');
  } catch (err) {
    throw untouched(failure(name, err, log, 'status'));
  }
  const { before } = look;
  const replaced = before !== 'absent';
  const wasRunning = RUNNING_LIKE.includes(before);
  const plan: RollbackPlan = { name, spec: look.restore, state: before, removed: false, createMayBePending: false };
  let stopped = false;

  // A cancel between steps is reported at the step that did not run: a flow may route on failedStep.
  const cancelPoint = (next: RedeployStepName, what: string) => {
    if (signal?.aborted) throw new StepFailed(next, cancelledError(`the redeploy was cancelled ${what}.`));
  };
  try {
    // ---- 2. stop: a cancel or failure from here on starts the old container again ----
    if (replaced) {
      if (wasRunning) {
        await log.run('stop', async () => {
          stopped = true;
          const r = await deps.stopContainer(name);
          return r.confirmedByState ? `stopped (confirmed by state ${r.running_state})` : 'stopped';
        });
        await log.run(
          'wait-stopped',
          async () => (await deps.waitForState(name, STOPPED, { timeoutMs: remaining(), signal })).running_state,
        );
      }
      cancelPoint('remove', 'before the old container was removed');
      // ---- 3. remove and replace: from here a cancel waits for the next step boundary ----
      await log.run('remove', async () => {
        try {
          await deps.removeContainer(name);
          plan.removed = true;
          return 'removed';
        } catch (err) {
          // Gone, or perhaps gone (no state could be read): the rollback then removes whatever carries the name and recreates the old one.
          const state = isSecureEdgeError(err) ? err.details?.running_state : undefined;
          plan.removed = state === undefined || state === 'absent';
          if (isSecureEdgeError(err) && err.code === 'NOT_FOUND') return 'already gone';
          throw err;
        }
      });
      await log.run('wait-removed', async () => {
        await waitUntilAbsent(deps, name, deadline);
        return 'absent';
      });
    }
    // With rollback on, a cancel in the waits below is answered by putting the old container back.
    const waitSignal = rollbackOn ? signal : undefined;
    for (const volume of volumesToRemove(spec, look, options)) {
      if (rollbackOn) cancelPoint('remove-volume', 'after the old container was removed');
      await log.run('remove-volume', () => removeVolume(deps, volume), volume);
    }
    if (rollbackOn) cancelPoint('create', 'after the old container was removed');
    await log.run('create', async () => {
      const createTimeoutMs = Math.min(options.createTimeoutMs ?? Number.POSITIVE_INFINITY, remaining());
      try {
        const r = await deps.createContainer(spec, { createTimeoutMs: Number.isFinite(createTimeoutMs) ? createTimeoutMs : undefined });
        return r.createAnswer === 504 || r.createAnswer === 'lost'
          ? `created (answer ${r.createAnswer}, appeared after ${(r.waitedForCreateMs / 1000).toFixed(1)} s)`
          : 'created';
      } catch (err) {
        // A 504 or lost create that did not appear in time may still appear: the rollback must expect it.
        if (isSecureEdgeError(err) && (err.code === 'CREATE_PENDING' || err.details?.sent !== false)) plan.createMayBePending = true;
        throw err;
      }
    });
    if (rollbackOn) cancelPoint('start', 'before the new container was started');
    await log.run('start', async () => ((await deps.startContainer(name)).confirmedByState ? 'started (confirmed by state)' : 'started'));
    const finalState = await log.run(
      'wait-running',
      async () => (await deps.waitForState(name, 'running', { timeoutMs: remaining(), failOn: QUIT, signal: waitSignal })).running_state,
    );
    return {
      name,
      image: `${spec.image.name}:${spec.image.tag}`,
      replaced,
      running_state: finalState,
      steps: log.steps,
      durationMs: Date.now() - started,
    };
  } catch (err) {
    const f = failure(name, err, log, 'stop');
    const touched = stopped || plan.removed || !replaced;
    if (!touched) throw untouched(f);
    if (!replaced) throw nothingToRollBack({ ...f, steps: log.copy() }, await stateNow(deps, name));
    // A cancel before the removal starts the old container again even with rollback off: a cancel is not a failed deploy.
    const cancelledBeforeRemoval = f.error.code === 'CANCELLED' && !plan.removed;
    if (!(rollbackOn || cancelledBeforeRemoval)) throw leftAsIs({ ...f, steps: log.copy() }, await stateNow(deps, name), plan.spec);
    try {
      await rollBack(deps, plan, log, Date.now() + (options.rollbackTimeoutMs ?? DEFAULT_ROLLBACK_TIMEOUT_MS));
    } catch (rollbackErr) {
      const rb = rollbackErr instanceof StepFailed ? rollbackErr : new StepFailed('rollback-create', asSecureEdgeError(rollbackErr));
      throw rollbackFailed({ ...f, steps: log.copy() }, plan.spec ?? spec, { step: rb.step, error: rb.error }, await stateNow(deps, name));
    }
    throw rolledBack({ ...f, steps: log.copy() }, { spec: plan.spec, state: before }, options.removeVolumes === true && plan.removed);
  }
}

/** Step 1: the old state, the new image, and (for a rollback or volume removal) the old configuration, read side by side. */
async function lookFirst(
  deps: RedeployDeps,
  spec: ContainerSpec,
  options: RedeployOptions,
  log: StepLog,
  rollbackOn: boolean,
): Promise<Look> {
  const name = spec.container.name;
  const signal = options.signal;
  const needConfig = rollbackOn || options.removeVolumes === true;
  // Three GETs at once: a redeploy should end close to the device's own work.
  const status = log.run('status', () => deps.stateOrAbsent(name, { signal }));
  const image = log.run('preflight', () => checkImage(deps, spec.image, signal, 'new'));
  const config = needConfig
    ? deps
        .getContainerConfiguration(name, { signal })
        .catch((err) => (isSecureEdgeError(err) && err.code === 'NOT_FOUND' ? undefined : Promise.reject(err)))
    : Promise.resolve(undefined);
  const [before] = await Promise.all([status, image, config.catch(() => undefined)]);
  if (before === 'absent') return { before };
  let configuration: ContainerConfiguration | undefined;
  let restore: ContainerSpec | undefined;
  if (needConfig) {
    await log.run('read-configuration', async () => {
      configuration = await config;
      if (!configuration) configuration = await deps.getContainerConfiguration(name, { signal });
      const c = configuration;
      return `${c.image.name}:${c.image.tag}, ${c.ports.length} port(s), ${c.volumes.length} volume(s)`;
    });
  }
  if (rollbackOn && configuration) {
    const old = configuration;
    await log.run(
      'preflight',
      async () => {
        const made = specFromConfiguration(old);
        if (!made.ok) {
          throw new SecureEdgeError({
            code: 'INVALID_INPUT',
            field: 'rollback',
            message: `The old container's configuration cannot be used to create it again (${made.reason}), so it could not be put back if the redeploy failed. Redeploy with rollback off to replace it anyway.`,
          });
        }
        restore = made.spec;
        if (old.image.name === spec.image.name && old.image.tag === spec.image.tag) return 'old image is the new image';
        return checkImage(deps, old.image, signal, 'old');
      },
      'rollback',
    );
  }
  return { before, config: configuration, restore };
}

/** The image must be in the registry, with no error in its details. */
async function checkImage(
  deps: RedeployDeps,
  image: { name: string; tag: string },
  signal: AbortSignal | undefined,
  which: 'new' | 'old',
): Promise<string> {
  const ref = `${image.name}:${image.tag}`;
  let details;
  try {
    details = await deps.getImageDetails(image.name, image.tag, { signal });
  } catch (err) {
    if (!isSecureEdgeError(err) || err.code !== 'NOT_FOUND') throw err;
    throw new SecureEdgeError({
      ...err,
      code: 'NOT_FOUND',
      message:
        which === 'new'
          ? `Image '${ref}' is not in the device's registry. Push it first: docker push <device>:5000/${ref}.`
          : `The old container's image '${ref}' is no longer in the device's registry, so the old container could not be put back if the redeploy failed. Push it again, or redeploy with rollback off.`,
    });
  }
  if (details.error) {
    throw new SecureEdgeError({
      code: 'INVALID_INPUT',
      field: 'image',
      message: `Image '${ref}' is in the device's registry but the device reports an error for it: "${details.error}". Push it again.`,
      details: { imageError: details.error },
    });
  }
  return `${ref} in the registry (${(details.size / 1_000_000).toFixed(1)} MB)`;
}

function volumesToRemove(spec: ContainerSpec, look: Look, options: RedeployOptions): string[] {
  if (!options.removeVolumes) return [];
  const volumes = new Set<string>();
  look.config?.volumes.forEach((v) => volumes.add(v.name));
  spec.volumes.forEach((v) => volumes.add(v.name));
  return [...volumes];
}

async function removeVolume(deps: RedeployDeps, volume: string): Promise<string> {
  try {
    await deps.removeVolume(volume);
    return 'removed';
  } catch (err) {
    if (isSecureEdgeError(err) && err.code === 'NOT_FOUND') return 'already gone';
    throw err;
  }
}

function failure(name: string, err: unknown, log: StepLog, fallback: RedeployStepName) {
  const step = err instanceof StepFailed ? err.step : fallback;
  return { name, step, error: asSecureEdgeError(err), steps: log.copy() };
}

/** The container's state after a failure, for the message; undefined when it cannot be read. */
async function stateNow(deps: RedeployDeps, name: string): Promise<string | undefined> {
  return deps.stateOrAbsent(name).catch(() => undefined);
}
