/**
 * The one rule for a change (start, stop, remove) whose answer failed or was lost: do not send it
 * again blindly, read the container's state instead, as the vendor's script does after a failed
 * start. The state either shows the change done (a success, `confirmedByState`), shows why it was
 * refused, or is added to the error so the caller knows where the device stands.
 */
import { isSecureEdgeError, type SecureEdgeError } from './errors';
import { readingStateHelps } from './failure-rules';

export interface StateJudgement<T> {
  /** The result to report when `state` shows the change was done anyway. */
  done(state: string): T | undefined;
  /** A clearer error when `state` explains the refusal (e.g. "running: stop it first"). */
  refused?(state: string, err: SecureEdgeError): SecureEdgeError | undefined;
}

export async function recoverByReadingState<T>(err: unknown, readState: () => Promise<string>, judge: StateJudgement<T>): Promise<T> {
  if (!isSecureEdgeError(err) || !readingStateHelps(err)) throw err;
  const state = await readState().catch(() => undefined);
  if (state === undefined) throw err;
  const result = judge.done(state);
  if (result !== undefined) return result;
  throw judge.refused?.(state, err) ?? withState(err, state);
}

/** Add what the device said about the container after a failure to the error. */
export function withState(err: SecureEdgeError, state: string): SecureEdgeError {
  return err.with({
    message: `${err.message} The container is now ${state === 'absent' ? 'absent' : `'${state}'`}.`,
    details: { ...err.details, running_state: state },
  });
}
