/**
 * One function per resource and operation: read the item's parameters, make one core call,
 * return what the device said. A list becomes one output item per entry.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { DEFAULT_ROLLBACK, statesOf, type SecureEdgeClient } from '../../core';
import { ensureContainers } from './ensure';
import { readName, readOptions, readSpec, type Timing } from './parameters';

export interface ItemContext {
  fn: IExecuteFunctions;
  itemIndex: number;
  timing: Timing;
  client: SecureEdgeClient;
}

/** core's results are plain JSON data (see core/types.ts); a list means one item per entry. */
type Operation = (ctx: ItemContext) => Promise<object | object[]>;

function limited<T>(ctx: ItemContext, list: T[]): T[] {
  const returnAll = ctx.fn.getNodeParameter('returnAll', ctx.itemIndex, false) as boolean;
  if (returnAll) return list;
  const limit = ctx.fn.getNodeParameter('limit', ctx.itemIndex, 50) as number;
  return list.slice(0, Math.max(0, limit));
}

const container = (ctx: ItemContext) => readName(ctx.fn, 'containerName', ctx.itemIndex);

/** The execution's cancel signal (Stop in the editor, a cancelled queue job): core then stops at a safe point. */
const cancelSignal = (ctx: ItemContext) => ctx.fn.getExecutionCancelSignal?.();

const OPERATIONS: Record<string, Record<string, Operation>> = {
  image: {
    getAll: async (ctx) => limited(ctx, await ctx.client.listImages()),
    getDetails: async (ctx) =>
      ctx.client.getImageDetails(readName(ctx.fn, 'imageName', ctx.itemIndex), readName(ctx.fn, 'imageTag', ctx.itemIndex)),
  },
  container: {
    create: async (ctx) => ctx.client.createContainer(readSpec(ctx.fn, ctx.itemIndex), { createTimeoutMs: ctx.timing.createTimeoutMs }),
    ensure: ensureContainers,
    getAll: async (ctx) => {
      const list = limited(ctx, await ctx.client.listContainers());
      // States only for the containers returned: the limit also bounds the reads.
      return ctx.fn.getNodeParameter('includeState', ctx.itemIndex, false) === true ? statesOf(ctx.client, list) : list;
    },
    getStatus: async (ctx) => ctx.client.getContainerStatus(container(ctx)),
    getConfiguration: async (ctx) => ctx.client.getContainerConfiguration(container(ctx)),
    start: async (ctx) => ctx.client.startContainer(container(ctx)),
    stop: async (ctx) => ctx.client.stopContainer(container(ctx)),
    remove: async (ctx) => ctx.client.removeContainer(container(ctx)),
    redeploy: async (ctx) => {
      const options = readOptions(ctx.fn, ctx.itemIndex);
      return ctx.client.redeploy(readSpec(ctx.fn, ctx.itemIndex), {
        removeVolumes: options.removeVolumes === true,
        rollback: options.rollback ?? DEFAULT_ROLLBACK,
        timeoutMs: ctx.timing.operationTimeoutMs,
        createTimeoutMs: ctx.timing.createTimeoutMs,
        signal: cancelSignal(ctx),
      });
    },
    waitForState: async (ctx) => {
      const states = ctx.fn.getNodeParameter('states', ctx.itemIndex, ['running']) as string[];
      return ctx.client.waitForState(container(ctx), states, { timeoutMs: ctx.timing.operationTimeoutMs, signal: cancelSignal(ctx) });
    },
  },
  volume: {
    // readName, not String(): an expression that gives null must fail as "got null", not remove a volume named "null".
    remove: async (ctx) => ctx.client.removeVolume(readName(ctx.fn, 'volumeName', ctx.itemIndex)),
  },
};

export function findOperation(resource: string, operation: string): Operation | undefined {
  return OPERATIONS[resource]?.[operation];
}
