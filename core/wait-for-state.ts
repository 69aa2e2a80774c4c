/** Wait until a container reaches one of the wanted states, polling with a deadline. */
import { SecureEdgeError } from './errors';
import { isPassingPollFailure, pollUntil, seconds, type PollTiming } from './poll';
import { DEFAULTS, RUNNING_STATES } from './rules';
import type { ContainerStatus, WaitResult } from './types';

export const DEFAULT_WAIT_TIMEOUT_MS = DEFAULTS.waitTimeoutMs;

export function checkStates(wanted: string | readonly string[]): string[] {
  const list = Array.isArray(wanted) ? [...wanted] : [wanted as string];
  if (list.length === 0) {
    throw new SecureEdgeError({
      code: 'INVALID_INPUT',
      field: 'state',
      message: 'Invalid input: state must name at least one state. Nothing was sent to the device.',
    });
  }
  for (const s of list) {
    if (!(RUNNING_STATES as readonly string[]).includes(s)) {
      throw new SecureEdgeError({
        code: 'INVALID_INPUT',
        field: 'state',
        message: `Invalid input: state must be one of ${RUNNING_STATES.join(', ')} (got ${JSON.stringify(String(s)).slice(0, 40)}). Nothing was sent to the device.`,
      });
    }
  }
  return list;
}

export interface WaitOptions {
  timeoutMs: number;
  timing: PollTiming;
  signal?: AbortSignal;
  /**
   * States that end the wait at once with a failure: after a start was answered, `exited` or
   * `dead` mean the program quit, and waiting out the deadline would only delay the bad news.
   */
  failOn?: readonly string[];
}

export async function waitForState(
  getStatus: () => Promise<ContainerStatus>,
  name: string,
  wanted: string[],
  options: WaitOptions,
): Promise<WaitResult> {
  const { timeoutMs, timing, signal, failOn = [] } = options;
  const started = Date.now();
  let last = 'unknown';
  let lastFailure: string | undefined;
  const result = await pollUntil(
    async () => {
      let status: ContainerStatus;
      try {
        status = await getStatus();
      } catch (err) {
        // One failed status read (a 500 while the device is busy) is no reason to give up the wait.
        if (!isPassingPollFailure(err)) throw err;
        lastFailure = (err as Error).message;
        return undefined;
      }
      lastFailure = undefined;
      last = status.running_state;
      if (wanted.includes(last)) return status;
      if (failOn.includes(last)) return status;
      return undefined;
    },
    started + timeoutMs,
    timing,
    signal,
    `the wait for container '${name}' to be ${wanted.join(' or ')} was stopped.`,
  );
  if (result.done && wanted.includes(result.value.running_state)) {
    return { name, running_state: result.value.running_state, waitedForStateMs: Date.now() - started };
  }
  if (result.done) {
    throw new SecureEdgeError({
      code: 'DEVICE_ERROR',
      message: `Container '${name}' is ${last} instead of ${wanted.join(' or ')}: its program quit after the start. Look at its logs in the device UI.`,
      details: { running_state: last, wanted, waitedForStateMs: Date.now() - started },
    });
  }
  throw new SecureEdgeError({
    code: 'TIMEOUT',
    message:
      `Container '${name}' did not reach ${wanted.join(' or ')} within ${seconds(timeoutMs)}; it is ${last}.` +
      (lastFailure ? ` The last status read failed: ${lastFailure}` : ''),
    details: { running_state: last, wanted, waitedForStateMs: Date.now() - started },
  });
}
