/**
 * Container -> Ensure: bring the device to the spec (by fields, or JSON: one spec, a list, or
 * `{containers, prune}`), touching only what differs; with Dry Run, only say what would change.
 * One output item per container with its action, reasons and outcome. A failed container fails
 * the item (after the others were done), unless Continue On Fail, where it is an item with `error`.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { apply, SecureEdgeError, type DesiredStateInput, type EnsureEntry, type SecureEdgeClient } from '../../core';
import { readOptions, readSpec, type Timing } from './parameters';

/** What Ensure needs of an item's context (operations.ts's ItemContext has it). */
interface EnsureContext {
  fn: IExecuteFunctions;
  itemIndex: number;
  timing: Timing;
  client: SecureEdgeClient;
}

function desiredOf(ctx: EnsureContext): DesiredStateInput {
  const spec: unknown = readSpec(ctx.fn, ctx.itemIndex);
  if (Array.isArray(spec)) return { containers: spec };
  if (typeof spec === 'object' && spec !== null && 'containers' in spec) return spec as DesiredStateInput;
  return { containers: [spec as never] };
}

/**
 * A done, unchanged or planned container: its entry as the item. A failed one: n8n's error-item
 * shape (see errors.ts), only `error` (the message) and `details` (the code and the container's
 * entry), so "On Error: Continue (using error output)" routes it to the error output.
 */
function itemOf(entry: EnsureEntry, dryRun: boolean): IDataObject {
  const { error, ...rest } = entry;
  if (!error) return { ...(rest as unknown as IDataObject), dryRun };
  const { message, ...details } = error;
  delete details.name;
  return { error: String(message), details: { ...details, ...(rest as unknown as IDataObject), dryRun } as IDataObject };
}

export async function ensureContainers(ctx: EnsureContext): Promise<IDataObject[]> {
  const options = readOptions(ctx.fn, ctx.itemIndex);
  const desired = desiredOf(ctx);
  const timeoutMs = ctx.timing.operationTimeoutMs;
  const result = await apply(ctx.client, desired, {
    dryRun: options.dryRun === true,
    redeploy: { timeoutMs, createTimeoutMs: ctx.timing.createTimeoutMs },
    waitTimeoutMs: timeoutMs,
  });
  const failed = result.containers.filter((c) => c.outcome === 'failed' || c.outcome === 'skipped');
  if (failed.length > 0 && !ctx.fn.continueOnFail()) {
    const first = failed[0].error as { code?: SecureEdgeError['code']; message?: string } | undefined;
    throw new SecureEdgeError({
      code: first?.code ?? 'DEVICE_ERROR',
      message: `Ensure failed for ${failed.map((c) => `'${c.name}' (${c.action})`).join(', ')}: ${first?.message ?? 'no detail'}`,
      details: { containers: result.containers },
    });
  }
  return result.containers.map((c) => itemOf(c, result.dryRun));
}
