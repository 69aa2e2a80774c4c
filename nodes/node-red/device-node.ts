/**
 * Config node `secureedge-device`: one device, one SecureEdgeClient. The client (and so its
 * session) is created on first use and shared by every node that uses this config node; it is
 * closed when Node-RED stops or redeploys the config node, and a redeploy starts a new one.
 */
import { DEFAULT_DEVICE_URL, SecureEdgeClient, SecureEdgeError } from '../../core';
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

/** Core's log lines (method, path, status, timing; never headers or bodies) go to Node-RED's log. */
function coreLogger(node: RedNode) {
  return { debug: (m: string) => node.debug(m), warn: (m: string) => node.warn(m) };
}

export function makeClient(settings: DeviceSettings, credentials: { username?: string; password?: string }, node?: RedNode): SecureEdgeClient {
  return new SecureEdgeClient({
    url: settings.url,
    username: credentials.username || 'admin',
    password: credentials.password ?? '',
    timeoutMs: settings.timeoutMs,
    tls: { acceptSelfSigned: settings.acceptSelfSigned },
    ...(node ? { logger: coreLogger(node) } : {}),
  });
}

export function registerDeviceNode(RED: RedApi): void {
  function SecureEdgeDeviceNode(this: DeviceNode, def: NodeDef) {
    RED.nodes.createNode(this, def);
    const node = this;
    let client: SecureEdgeClient | undefined;
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
      if (closed) throw new SecureEdgeError({ code: 'NETWORK', message: 'This device configuration was stopped or redeployed while the message was on its way; send it again.' });
      if (!client) client = makeClient(node.settings, node.credentials ?? {}, node);
      return client;
    };

    const working = new Set<Promise<unknown>>();
    node.track = (work) => {
      working.add(work);
      const settled = () => working.delete(work);
      work.then(settled, settled);
      return work;
    };

    node.on('close', (_removed, done) => {
      const closing = client;
      client = undefined;
      closed = true;
      if (!closing) return done();
      // The operation nodes are closed at the same moment and cancel their work; it ends at a safe point, then the client goes.
      Promise.allSettled([...working])
        .then(() => closing.close())
        .then(() => done(), () => done());
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
