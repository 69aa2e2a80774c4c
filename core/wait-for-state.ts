/** Wait until a container reaches one of the wanted states, polling with a deadline. */
import { SecureEdgeError } from './errors';
import { isPassingPollFailure, pollUntil, seconds, type PollTiming } from './poll';
import { DEFAULTS, RUNNING_STATES } from './rules';
import type { ContainerStatus, WaitResult } from './types';

export const DEFAULT_WAIT_TIMEOUT_MS = DEFAULTS.waitTimeoutMs;

export function checkStates(wanted: string | readonly string[]): string[] {
  const list = Array.isArray(wanted) ? [...wanted] : [wanted as string];
  if (list.length === 0) {
    throw new SecureEdgeError({ code: 'INVALID_INPUT', field: 'state', message: 'Invalid input: state must name at least one state. Nothing was sent to the device.' });
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

export async function waitForState(
  getStatus: () => Promise<ContainerStatus>,
  name: string,
  wanted: string[],
  timeoutMs: number,
  timing: PollTiming,
): Promise<WaitResult> {
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
      return wanted.includes(last) ? status : undefined;
    },
    started + timeoutMs,
    timing,
  );
  if (result.done) return { name, running_state: result.value.running_state, waitedMs: Date.now() - started };
  throw new SecureEdgeError({
    code: 'TIMEOUT',
    message:
      `Container '${name}' did not reach ${wanted.join(' or ')} within ${seconds(timeoutMs)}; it is ${last}.` +
      (lastFailure ? ` The last status read failed: ${lastFailure}` : ''),
    details: { running_state: last, wanted, waitedMs: Date.now() - started },
  });
}
