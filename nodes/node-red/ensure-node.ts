/**
 * secureedge-ensure: make the device run what the spec says, and only then touch it. The spec
 * comes from the dialog (as in create), or msg.payload holds one spec, a list of specs, or a
 * whole desired state `{containers, prune}`. With "dry run" (or msg.dryRun) it only plans.
 * Afterwards msg.payload is the plan and what was done; when a container failed, the msg goes to
 * Catch nodes with that payload still on it, so a flow can report per container.
 */
import { apply, DEFAULT_REDEPLOY_TIMEOUT_MS, SecureEdgeError, type DesiredStateInput, type EnsureResult } from '../../core';
import { invalidInput } from './node-error';
import type { Operation } from './operations';
import { readSpec } from './spec-input';
import { secondsSetting } from './targets';
import type { NodeDef, NodeMessage } from './red-types';

/** msg.payload: a desired state, a list of specs, or one spec (core validates each and names the field). */
function desiredFromPayload(payload: unknown): DesiredStateInput {
  if (Array.isArray(payload)) return { containers: payload };
  if (typeof payload === 'object' && payload !== null) {
    return 'containers' in payload ? (payload as DesiredStateInput) : { containers: [payload as never] };
  }
  throw invalidInput(
    'payload',
    `msg.payload must be a container spec in the API's shape, a list of them, or {containers: [...], prune}, got ${payload === null ? 'null' : typeof payload}.`,
  );
}

function dryRunOf(def: NodeDef, msg: NodeMessage): boolean {
  return def.dryRun === true || msg.dryRun === true;
}

export const ENSURE_OPERATION: Operation = {
  type: 'secureedge-ensure',
  targets: [],
  working: 'ensuring',
  run: async ({ RED, node, def, msg, client }) => {
    const desired = def.specSource === 'msg' ? desiredFromPayload(msg.payload) : { containers: [await readSpec(RED, node, def, msg)] };
    const timeoutMs = secondsSetting(def, 'timeout', 'The ensure timeout', DEFAULT_REDEPLOY_TIMEOUT_MS);
    const result = await apply(client, desired, { dryRun: dryRunOf(def, msg), redeploy: { timeoutMs }, waitTimeoutMs: timeoutMs });
    if (!result.ok) {
      // The Catch node gets the msg: leave the per-container result on it.
      msg.payload = result;
      const failed = result.containers.filter((c) => c.outcome === 'failed' || c.outcome === 'skipped');
      const first = failed[0].error as { code?: SecureEdgeError['code']; message?: string } | undefined;
      throw new SecureEdgeError({
        code: first?.code ?? 'DEVICE_ERROR',
        message: `Ensure failed for ${failed.map((c) => `'${c.name}' (${c.action})`).join(', ')}: ${first?.message ?? 'no detail'}`,
        details: { containers: result.containers },
      });
    }
    return result;
  },
  summary: (r) => {
    const { dryRun, changes } = r as EnsureResult;
    if (changes === 0) return 'in sync';
    const n = `${changes} change${changes === 1 ? '' : 's'}`;
    return dryRun ? `dry run: ${n} needed` : `${n} done`;
  },
  notRunning: (r) => (r as EnsureResult).dryRun && (r as EnsureResult).changes > 0,
};
