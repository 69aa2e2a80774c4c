/**
 * Every operation node, as data: its type name, the targets it reads, what its status badge
 * says while it works and when it is done, and the one core call it makes. The generic
 * adapter (operation-node.ts) does the rest, identically for all of them.
 */
import { DEFAULT_ROLLBACK, DEFAULTS, RUNNING_STATES, type SecureEdgeClient } from '../../core';
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
  /**
   * For a node whose dialog is generated (scripts/build-node-red-editor.mjs): palette label,
   * icon, the label's verb ("status" -> "status web") and any checkboxes. Nodes whose dialog
   * differs (create, redeploy, wait) have a hand-written part instead.
   */
  editor?: EditorSettings;
  /** A badge other than the red ring for a failure that left things well (a redeploy rolled back). */
  failureStatus?(error: { code: string; cause?: unknown }): NodeStatus | undefined;
}

export interface EditorSettings {
  paletteLabel: string;
  icon: string;
  verb: string;
  outputLabel?: string;
  /** A boolean setting: its label in the dialog and what it adds to the node's label. */
  checkboxes?: Array<{ name: string; label: string; labelSuffix: string }>;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const stateOf = (r: unknown) => (r as { running_state?: string }).running_state;

/** The state(s) to wait for: the node's setting, or msg.state when the node leaves it to the msg. */
function wantedStates(def: NodeDef, msg: NodeMessage): string | string[] {
  const setting = typeof def.state === 'string' ? def.state : '';
  const wanted = setting !== '' && setting !== 'msg' ? setting : msg.state;
  if (wanted === undefined || wanted === null || wanted === '') {
    throw invalidInput(
      'state',
      `no state to wait for: set it in the node, or pass msg.state (one of ${RUNNING_STATES.join(', ')}, or a list of them).`,
    );
  }
  return wanted as string | string[];
}

export const OPERATIONS: Operation[] = [
  {
    type: 'secureedge-list-images',
    editor: { paletteLabel: 'list images', icon: 'secureedge-image.svg', verb: 'list images' },
    targets: [],
    working: 'listing images',
    run: ({ client, signal }) => client.listImages({ signal }),
    summary: (r) => plural((r as unknown[]).length, 'image'),
  },
  {
    type: 'secureedge-image-details',
    editor: { paletteLabel: 'image details', icon: 'secureedge-image.svg', verb: 'details' },
    targets: ['image', 'tag'],
    working: 'reading image',
    run: ({ client, target, signal }) => client.getImageDetails(target.image!, target.tag!, { signal }),
    summary: (r) => `${((r as ImageDetails).size / 1_000_000).toFixed(1)} MB`,
  },
  {
    type: 'secureedge-list-containers',
    editor: {
      paletteLabel: 'list containers',
      icon: 'secureedge-container.svg',
      verb: 'list containers',
      checkboxes: [{ name: 'includeStatus', label: "Include each container's running state", labelSuffix: '+ status' }],
    },
    targets: [],
    working: 'listing containers',
    run: ({ client, def, signal }) => (def.includeStatus === true ? client.listContainersWithState() : client.listContainers({ signal })),
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
    summary: (r) =>
      (r as CreateResult).waitedForCreateMs > 0 ? `created after ${seconds((r as CreateResult).waitedForCreateMs)}` : 'created',
    notRunning: () => true,
  },
  {
    type: 'secureedge-container-status',
    editor: { paletteLabel: 'container status', icon: 'secureedge-status.svg', verb: 'status' },
    targets: ['container'],
    working: 'reading status',
    run: ({ client, target, signal }) => client.getContainerStatus(target.container!, { signal }),
    summary: (r) => stateOf(r) ?? '',
    notRunning: (r) => stateOf(r) !== 'running',
  },
  {
    type: 'secureedge-container-configuration',
    editor: { paletteLabel: 'configuration', icon: 'secureedge-container.svg', verb: 'configuration' },
    targets: ['container'],
    working: 'reading configuration',
    run: ({ client, target, signal }) => client.getContainerConfiguration(target.container!, { signal }),
    summary: (r) => `${(r as ContainerConfiguration).image.name}:${(r as ContainerConfiguration).image.tag}`,
  },
  {
    type: 'secureedge-start-container',
    editor: { paletteLabel: 'start container', icon: 'secureedge-start.svg', verb: 'start' },
    targets: ['container'],
    working: 'starting',
    run: ({ client, target }) => client.startContainer(target.container!),
    summary: () => 'started',
  },
  {
    type: 'secureedge-stop-container',
    editor: { paletteLabel: 'stop container', icon: 'secureedge-stop.svg', verb: 'stop' },
    targets: ['container'],
    working: 'stopping',
    run: ({ client, target }) => client.stopContainer(target.container!),
    summary: () => 'stopped',
    notRunning: () => true,
  },
  {
    type: 'secureedge-remove-container',
    editor: { paletteLabel: 'remove container', icon: 'secureedge-remove.svg', verb: 'remove' },
    targets: ['container'],
    working: 'removing',
    run: ({ client, target }) => client.removeContainer(target.container!),
    summary: () => 'removed',
    notRunning: () => true,
  },
  {
    type: 'secureedge-remove-volume',
    editor: { paletteLabel: 'remove volume', icon: 'secureedge-volume.svg', verb: 'remove volume' },
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
      const timeoutMs = secondsSetting(def, 'timeout', 'The redeploy timeout', DEFAULTS.redeployTimeoutMs);
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
      const timeoutMs = secondsSetting(def, 'timeout', 'The wait timeout', DEFAULTS.waitTimeoutMs);
      return client.waitForState(target.container!, wantedStates(def, msg), { timeoutMs, signal });
    },
    summary: (r) => `${(r as WaitResult).running_state} after ${seconds((r as WaitResult).waitedForStateMs)}`,
    notRunning: (r) => stateOf(r) !== 'running',
  },
];
