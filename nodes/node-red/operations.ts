/**
 * Every operation node, as data: its type name, the targets it reads, what its status badge
 * says while it works and when it is done, and the one core call it makes. The generic
 * adapter (operation-node.ts) does the rest, identically for all of them.
 */
import { DEFAULT_ROLLBACK, RUNNING_STATES, type SecureEdgeClient } from '../../core';
import type { ContainerConfiguration, CreateResult, ImageDetails, RedeployReport, WaitResult } from '../../core';
import { invalidInput } from './node-error';
import { readSpec } from './spec-input';
import { secondsSetting, type TargetName } from './targets';
import type { NodeDef, NodeMessage, NodeStatus, RedApi, RedNode } from './red-types';

export interface OperationContext {
  RED: RedApi;
  node: RedNode;
  def: NodeDef;
  msg: NodeMessage;
  client: SecureEdgeClient;
  /** The targets listed in the operation's `targets`, read for this message. */
  target: Partial<Record<TargetName, string>>;
  /** Fires when the node closes (flow redeployed or stopped): core stops at a safe point. */
  signal: AbortSignal;
}

export interface Operation {
  type: string;
  targets: TargetName[];
  /** Status text while the call runs. */
  working: string;
  run(ctx: OperationContext): Promise<unknown>;
  /** Status text on success: short, e.g. the running state. */
  summary(result: unknown): string;
  /** Green ring instead of dot: the call worked but the container is not running. */
  notRunning?(result: unknown): boolean;
  /** A badge other than the red ring for a failure that left things well (a redeploy rolled back). */
  failureStatus?(error: { code: string; cause?: unknown }): NodeStatus | undefined;
}

const WAIT_DEFAULT_S = 60;
const REDEPLOY_DEFAULT_S = 300;
const STATUS_PARALLEL = 4;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const stateOf = (r: unknown) => (r as { running_state?: string }).running_state;

/** Status of each listed container, a few at a time; one that vanished meanwhile is 'absent'. */
async function withStatus(client: SecureEdgeClient, list: { name: string }[]): Promise<unknown[]> {
  const out: unknown[] = new Array(list.length);
  let next = 0;
  async function worker() {
    while (next < list.length) {
      const i = next++;
      out[i] = { ...list[i], running_state: await client.stateOrAbsent(list[i].name) };
    }
  }
  await Promise.all(Array.from({ length: Math.min(STATUS_PARALLEL, list.length) }, worker));
  return out;
}

/** The state(s) to wait for: the node's setting, or msg.state when the node leaves it to the msg. */
function wantedStates(def: NodeDef, msg: NodeMessage): string | string[] {
  const setting = typeof def.state === 'string' ? def.state : '';
  const wanted = setting !== '' && setting !== 'msg' ? setting : msg.state;
  if (wanted === undefined || wanted === null || wanted === '') {
    throw invalidInput('state', `no state to wait for: set it in the node, or pass msg.state (one of ${RUNNING_STATES.join(', ')}, or a list of them).`);
  }
  return wanted as string | string[];
}

export const OPERATIONS: Operation[] = [
  {
    type: 'secureedge-list-images',
    targets: [],
    working: 'listing images',
    run: ({ client }) => client.listImages(),
    summary: (r) => plural((r as unknown[]).length, 'image'),
  },
  {
    type: 'secureedge-image-details',
    targets: ['image', 'tag'],
    working: 'reading image',
    run: ({ client, target }) => client.getImageDetails(target.image!, target.tag!),
    summary: (r) => `${((r as ImageDetails).size / 1_000_000).toFixed(1)} MB`,
  },
  {
    type: 'secureedge-list-containers',
    targets: [],
    working: 'listing containers',
    run: async ({ client, def }) => {
      const list = await client.listContainers();
      return def.includeStatus === true ? withStatus(client, list) : list;
    },
    summary: (r) => plural((r as unknown[]).length, 'container'),
  },
  {
    type: 'secureedge-create-container',
    targets: [],
    working: 'creating',
    run: async ({ RED, node, def, msg, client }) => {
      const spec = await readSpec(RED, node, def, msg);
      const createTimeoutMs = secondsSetting(def, 'timeout', 'The create timeout');
      return client.createContainer(spec, createTimeoutMs === undefined ? {} : { createTimeoutMs });
    },
    summary: (r) => ((r as CreateResult).waitedMs > 0 ? `created after ${seconds((r as CreateResult).waitedMs)}` : 'created'),
    notRunning: () => true,
  },
  {
    type: 'secureedge-container-status',
    targets: ['container'],
    working: 'reading status',
    run: ({ client, target }) => client.getContainerStatus(target.container!),
    summary: (r) => stateOf(r) ?? '',
    notRunning: (r) => stateOf(r) !== 'running',
  },
  {
    type: 'secureedge-container-configuration',
    targets: ['container'],
    working: 'reading configuration',
    run: ({ client, target }) => client.getContainerConfiguration(target.container!),
    summary: (r) => `${(r as ContainerConfiguration).image.name}:${(r as ContainerConfiguration).image.tag}`,
  },
  {
    type: 'secureedge-start-container',
    targets: ['container'],
    working: 'starting',
    run: ({ client, target }) => client.startContainer(target.container!),
    summary: () => 'started',
  },
  {
    type: 'secureedge-stop-container',
    targets: ['container'],
    working: 'stopping',
    run: ({ client, target }) => client.stopContainer(target.container!),
    summary: () => 'stopped',
    notRunning: () => true,
  },
  {
    type: 'secureedge-remove-container',
    targets: ['container'],
    working: 'removing',
    run: ({ client, target }) => client.removeContainer(target.container!),
    summary: () => 'removed',
    notRunning: () => true,
  },
  {
    type: 'secureedge-remove-volume',
    targets: ['volume'],
    working: 'removing volume',
    run: ({ client, target }) => client.removeVolume(target.volume!),
    summary: () => 'volume removed',
  },
  {
    type: 'secureedge-redeploy',
    targets: [],
    working: 'redeploying',
    run: async ({ RED, node, def, msg, client, signal }) => {
      const spec = await readSpec(RED, node, def, msg);
      const timeoutMs = secondsSetting(def, 'timeout', 'The redeploy timeout', REDEPLOY_DEFAULT_S * 1000);
      // Flows saved before the Rollback setting existed have no `rollback`: they get core's default (on).
      const rollback = def.rollback === undefined ? DEFAULT_ROLLBACK : def.rollback === true || def.rollback === 'true';
      return client.redeploy(spec, { removeVolumes: def.removeVolumes === true, timeoutMs, rollback, signal });
    },
    summary: (r) => `${(r as RedeployReport).running_state} after ${seconds((r as RedeployReport).durationMs)}`,
    notRunning: (r) => stateOf(r) !== 'running',
    // The redeploy failed but the old container runs again: a warning, not an outage.
    failureStatus: (error) =>
      (error.cause as { details?: { rolledBack?: unknown } } | undefined)?.details?.rolledBack === true
        ? { fill: 'yellow', shape: 'ring', text: `rolled back (${error.code})` }
        : undefined,
  },
  {
    type: 'secureedge-wait-for-state',
    targets: ['container'],
    working: 'waiting',
    run: ({ def, msg, client, target, signal }) => {
      const timeoutMs = secondsSetting(def, 'timeout', 'The wait timeout', WAIT_DEFAULT_S * 1000);
      return client.waitForState(target.container!, wantedStates(def, msg), { timeoutMs, signal });
    },
    summary: (r) => `${(r as WaitResult).running_state} after ${seconds((r as WaitResult).waitedMs)}`,
    notRunning: (r) => stateOf(r) !== 'running',
  },
];
