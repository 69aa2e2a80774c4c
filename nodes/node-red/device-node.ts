/**
 * Config node `secureedge-device`: one device, one client leased from core's process-wide pool on
 * first use and shared by every node that uses this config node. When Node-RED stops or redeploys
 * the config node, the lease is given back and the connections are closed (running requests get
 * a bounded grace, then are cut, so Node-RED never waits on a device); the pooled session is kept,
 * so a redeploy with the same device and password does not log in again.
 */
import {
  CLOSE_GRACE_MS,
  DEFAULT_DEVICE_URL,
  devicePool,
  SecureEdgeClient,
  SecureEdgeError,
  type Lease,
  type SecureEdgeClientOptions,
} from '../../core';
import { debugLinesShown } from './log-level';
import { secondsSetting } from './targets';
import type { NodeDef, RedApi, RedNode } from './red-types';

export const DEVICE_TYPE = 'secureedge-device';
export const DEFAULT_TIMEOUT_S = 30;

export interface DeviceSettings {
  url: string;
  timeoutMs: number;
  acceptSelfSigned: boolean;
}

export interface DeviceNode extends RedNode {
  settings: DeviceSettings;
  /** The shared client; throws a SecureEdgeError (INVALID_INPUT) when the settings cannot make one. */
  getClient(): SecureEdgeClient;
  /** Keep the client open until `work` ends: a redeploy cancelled by a flow redeploy still needs it to put the old container back. */
  track<T>(work: Promise<T>): Promise<T>;
}

export function deviceSettings(def: NodeDef): DeviceSettings {
  return {
    url: typeof def.url === 'string' && def.url.trim() !== '' ? def.url.trim() : DEFAULT_DEVICE_URL,
    timeoutMs: secondsSetting(def, 'timeout', 'The device timeout', DEFAULT_TIMEOUT_S * 1000) as number,
    acceptSelfSigned: def.acceptSelfSigned === true || def.acceptSelfSigned === 'true',
  };
}

/**
 * Core's log lines (method, path, status, timing; never headers or bodies) go to Node-RED's log;
 * debug lines only when Node-RED would show them (log-level.ts).
 */
function coreLogger(node: RedNode, debugLines: boolean) {
  const skip = () => undefined;
  return { debug: debugLines ? (m: string) => node.debug(m) : skip, warn: (m: string) => node.warn(m) };
}

function clientOptions(
  settings: DeviceSettings,
  credentials: { username?: string; password?: string },
  node?: RedNode,
  debugLines = true,
): SecureEdgeClientOptions {
  return {
    url: settings.url,
    username: credentials.username || undefined,
    password: credentials.password ?? '',
    timeoutMs: settings.timeoutMs,
    tls: { acceptSelfSigned: settings.acceptSelfSigned },
    ...(node ? { logger: coreLogger(node, debugLines) } : {}),
  };
}

/** A client of its own, outside the pool (the editor's one-off checks with a typed password). */
export function makeClient(
  settings: DeviceSettings,
  credentials: { username?: string; password?: string },
  node?: RedNode,
): SecureEdgeClient {
  return new SecureEdgeClient(clientOptions(settings, credentials, node));
}

/** How long a closing device waits for cancelled work to reach its safe point (Node-RED gives 15 s in all). */
const CLOSE_WORK_WAIT_MS = 10_000;

export function registerDeviceNode(RED: RedApi): void {
  function SecureEdgeDeviceNode(this: DeviceNode, def: NodeDef) {
    RED.nodes.createNode(this, def);
    const node = this;
    let lease: Lease | undefined;
    let closed = false;
    let settingsError: unknown;
    try {
      node.settings = deviceSettings(def);
    } catch (err) {
      // A bad timeout fails each message that uses this device, with the reason; it never stops Node-RED.
      settingsError = err;
      node.settings = { url: DEFAULT_DEVICE_URL, timeoutMs: DEFAULT_TIMEOUT_S * 1000, acceptSelfSigned: false };
    }

    node.getClient = () => {
      if (settingsError) throw settingsError;
      // A message that began before a redeploy must not open a client nobody will close.
      if (closed)
        throw new SecureEdgeError({
          code: 'NETWORK',
          message: 'This device configuration was stopped or redeployed while the message was on its way; send it again.',
        });
      lease ??= devicePool.acquire(clientOptions(node.settings, node.credentials ?? {}, node, debugLinesShown(RED)));
      return lease.client;
    };

    const working = new Set<Promise<unknown>>();
    node.track = (work) => {
      working.add(work);
      const settled = () => working.delete(work);
      work.then(settled, settled);
      return work;
    };

    node.on('close', (_removed, done) => {
      const held = lease;
      lease = undefined;
      closed = true;
      if (!held) return done();
      // The operation nodes are closed at the same moment and cancel their work; it ends at a safe
      // point, then the lease goes: CLOSE_GRACE_MS for requests still running, then they are cut.
      // The wait is bounded so the whole close stays inside Node-RED's own 15 s close timeout.
      let timer: NodeJS.Timeout | undefined;
      const waitBound = new Promise<void>((resolve) => (timer = setTimeout(resolve, CLOSE_WORK_WAIT_MS)));
      Promise.race([Promise.allSettled([...working]), waitBound])
        .then(() => clearTimeout(timer))
        .then(() => held.release({ close: true, graceMs: CLOSE_GRACE_MS }))
        .then(
          () => done(),
          () => done(),
        );
    });
  }

  RED.nodes.registerType(DEVICE_TYPE, SecureEdgeDeviceNode, {
    credentials: { username: { type: 'text' }, password: { type: 'password' } },
  });
}

/** The device config node a node refers to, or undefined when it is missing or of another type. */
export function findDevice(RED: RedApi, id: unknown): DeviceNode | undefined {
  if (typeof id !== 'string' || id === '') return undefined;
  const found = RED.nodes.getNode(id) as (DeviceNode & { type?: string }) | null;
  return found && found.type === DEVICE_TYPE && typeof found.getClient === 'function' ? found : undefined;
}
