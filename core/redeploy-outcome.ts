/**
 * How a failed redeploy is reported: the original error's code, a message that says first what
 * failed and then, plainly, where the machine stands (old container untouched, running again,
 * or absent and what to do), and details a flow can route on (`rolledBack`, `failedStep`, `steps`).
 */
import { SecureEdgeError } from './errors';
import type { ContainerSpec } from './schemas';
import type { RedeployStep, RedeployStepName } from './types';

export interface Failure {
  name: string;
  step: RedeployStepName;
  error: SecureEdgeError;
  steps: RedeployStep[];
}

function redeployError(f: Failure, tail: string, details: Record<string, unknown>): SecureEdgeError {
  const e = f.error;
  return new SecureEdgeError({
    code: e.code,
    status: e.status,
    method: e.method,
    path: e.path,
    field: e.field,
    // Stryker disable next-line MethodExpression: every tail ends in a full stop, so trimEnd and trimStart both change nothing.
    message: `Redeploy of '${f.name}' stopped at step '${f.step}': ${e.message} ${tail}`.trimEnd(),
    details: { ...e.details, failedStep: f.step, steps: f.steps, ...details },
  });
}

/** Failed before anything was changed (preflight, a read, a cancel before the stop). */
export function untouched(f: Failure): SecureEdgeError {
  return redeployError(f, `The old container '${f.name}' was left as it was: nothing was stopped, removed or created.`, { changed: false });
}

/** Failed, and the rollback put the old container back. */
export function rolledBack(f: Failure, old: { spec?: ContainerSpec; state: string }, volumesRemoved: boolean): SecureEdgeError {
  const image = old.spec ? ` (${old.spec.image.name}:${old.spec.image.tag})` : '';
  const how =
    old.state === 'running' || old.state === 'restarting' || old.state === 'paused'
      ? 'runs again'
      : `is back (${old.state === 'exited' || old.state === 'dead' ? 'created, not started, as it was not running' : old.state})`;
  const data = volumesRemoved ? ' Its named volumes were removed by "Remove volumes" and are empty now: the old data is not restored.' : '';
  return redeployError(f, `Rolled back: the old container '${f.name}'${image} ${how} as before, with its old configuration.${data}`, {
    rolledBack: true,
  });
}

/** Failed, and the rollback failed too: say plainly that the machine runs without its container, and what to do. */
export function rollbackFailed(
  f: Failure,
  old: ContainerSpec,
  rollback: { step: RedeployStepName; error: SecureEdgeError },
  stateNow: string | undefined,
): SecureEdgeError {
  const image = `${old.image.name}:${old.image.tag}`;
  const absent = stateNow === 'absent' || stateNow === undefined;
  const where = absent
    ? `Container '${f.name}' is ABSENT from the device${stateNow === undefined ? ' (as far as could be read)' : ''}: the machine runs without it.`
    : stateNow === 'running'
      ? `Container '${f.name}' is running now, but the rollback did not finish.`
      : `Container '${f.name}' exists but is '${stateNow}', not running.`;
  const todo = absent
    ? `Create it again from details.oldConfiguration (image ${image}; use it as the create body) and start it, or fix the cause and redeploy.`
    : `Check that it is the old container (its configuration against details.oldConfiguration) and start it if needed, or fix the cause and redeploy.`;
  return redeployError(f, `The rollback failed too, at step '${rollback.step}': ${rollback.error.message} ${where} ${todo}`, {
    rolledBack: false,
    rollbackError: rollback.error.toJSON(),
    oldConfiguration: old,
    ...(stateNow !== undefined ? { running_state: stateNow } : {}),
  });
}

/** Failed after the old container was changed, with rollback off (the vendor's behaviour). */
export function leftAsIs(f: Failure, stateNow: string | undefined, old: ContainerSpec | undefined): SecureEdgeError {
  const where =
    stateNow === undefined
      ? `The state of '${f.name}' could not be read.`
      : `Container '${f.name}' is now ${stateNow === 'absent' ? 'ABSENT from the device' : `'${stateNow}'`}.`;
  return redeployError(f, `Rollback is off, so nothing was put back. ${where}`, {
    rolledBack: false,
    ...(old ? { oldConfiguration: old } : {}),
    ...(stateNow !== undefined ? { running_state: stateNow } : {}),
  });
}

/** Failed on a first deploy: there was no old container to put back. */
export function nothingToRollBack(f: Failure, stateNow: string | undefined): SecureEdgeError {
  const where =
    stateNow === undefined
      ? ''
      : ` Container '${f.name}' is ${stateNow === 'absent' ? 'absent' : `'${stateNow}'`}, left for you to look at.`;
  return redeployError(f, `There was no old container to put back.${where}`, {
    ...(stateNow !== undefined ? { running_state: stateNow } : {}),
  });
}
