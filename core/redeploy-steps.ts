/** The redeploy's step report: what each step found or did, and how long it took. */
import { SecureEdgeError, isSecureEdgeError } from './errors';
import type { RedeployStep, RedeployStepName } from './types';

/** A step failed: which one, and the core error it failed with. */
export class StepFailed extends Error {
  constructor(
    readonly step: RedeployStepName,
    readonly error: SecureEdgeError,
  ) {
    super(error.message);
  }
}

export function asSecureEdgeError(err: unknown): SecureEdgeError {
  if (err instanceof StepFailed) return err.error;
  return isSecureEdgeError(err) ? err : new SecureEdgeError({ code: 'DEVICE_ERROR', message: String((err as Error)?.message ?? err) });
}

export class StepLog {
  readonly steps: RedeployStep[] = [];

  /**
   * Run one step; its outcome (or `failed: CODE`) is recorded either way, in the order the steps
   * began (steps that run side by side keep a stable order in the report).
   */
  async run(step: RedeployStepName, work: () => Promise<string>, target?: string): Promise<string> {
    const t0 = Date.now();
    const entry: RedeployStep = { step, outcome: 'running', durationMs: 0, ...(target ? { target } : {}) };
    this.steps.push(entry);
    const record = (outcome: string) => {
      entry.outcome = outcome;
      entry.durationMs = Date.now() - t0;
    };
    try {
      const outcome = await work();
      record(outcome);
      return outcome;
    } catch (err) {
      const e = asSecureEdgeError(err);
      record(`failed: ${e.code}`);
      throw new StepFailed(step, e);
    }
  }

  copy(): RedeployStep[] {
    return this.steps.map((s) => ({ ...s }));
  }
}
