/**
 * Runs flows with the BUILT nodes (dist/) in Node-RED 5's runtime through
 * node-red-node-test-helper, against a simulator over real HTTP.
 *
 * Every flow gets a Catch node and a Status node (Node-RED's own core nodes), each wired to a
 * helper node, so tests see what a user's flow would see: the messages that come out, the
 * errors a Catch node receives, the status badges a Status node reports. Everything captured,
 * and every log line, goes to the secret scan (recordForScan).
 */
import { join } from 'node:path';
import type { RunningSimulator } from '../../simulator';
import { recordForScan } from '../support/secrets';

export const helper = require('node-red-node-test-helper') as TestHelper;

export const secureEdgeNodes = require(join(__dirname, '../../dist/nodes/node-red/secureedge.js')) as (red: unknown) => void;

helper.init(require.resolve('node-red'));

export type Msg = Record<string, any>;
export type FlowNode = Record<string, any> & { id: string; type: string };

interface TestNode {
  id: string;
  type: string;
  receive(msg: Msg): void;
  on(event: string, listener: (...args: any[]) => void): void;
  context(): { flow: { set(k: string, v: unknown): void }; global: { set(k: string, v: unknown): void } };
}

export interface TestHelper {
  init(runtimePath: string): void;
  load(nodes: unknown, flow: FlowNode[], credentials?: Record<string, unknown>): Promise<void>;
  setFlows(flow: FlowNode[], type: 'full' | 'nodes' | 'flows', credentials?: Record<string, unknown>): Promise<void>;
  unload(): Promise<void>;
  getNode(id: string): TestNode;
  startServer(): Promise<void>;
  stopServer(): Promise<void>;
  request(): any;
  log(): { args: unknown[][]; getCalls(): { args: unknown[] }[] };
}

export const TAB = 'tab1';
export const DEVICE = 'dev1';

export function tab(extra: Record<string, unknown> = {}): FlowNode {
  return { id: TAB, type: 'tab', label: 'SecureEdge test', ...extra };
}

export function device(sim: RunningSimulator, extra: Record<string, unknown> = {}): FlowNode {
  return { id: DEVICE, type: 'secureedge-device', name: 'test device', url: sim.url, timeout: '10', acceptSelfSigned: false, ...extra };
}

export function deviceCredentials(sim: RunningSimulator, id = DEVICE): Record<string, unknown> {
  return { [id]: { username: 'admin', password: sim.password } };
}

/** An operation node on the test tab, using the test device, wired to the `out` helper. */
export function op(type: string, props: Record<string, unknown> = {}, id = 'op1'): FlowNode {
  return { id, type: `secureedge-${type}`, z: TAB, name: '', device: DEVICE, wires: [['out']], ...props };
}

/** Catch + Status nodes (scope: whole tab) and the helper nodes that collect what they see. */
export function observers(): FlowNode[] {
  return [
    { id: 'out', type: 'helper', z: TAB },
    { id: 'catch1', type: 'catch', z: TAB, scope: null, uncaught: false, wires: [['caught']] },
    { id: 'caught', type: 'helper', z: TAB },
    { id: 'status1', type: 'status', z: TAB, scope: null, wires: [['statuses']] },
    { id: 'statuses', type: 'helper', z: TAB },
  ];
}

/** What a running flow produced, collected as it arrives. */
export class Observed {
  readonly out: Msg[] = [];
  readonly caught: Msg[] = [];
  readonly statuses: Msg[] = [];
  private waiters: Array<() => void> = [];

  attach(): void {
    const collect = (id: string, into: Msg[], source: string) =>
      helper.getNode(id).on('input', (msg: Msg) => {
        recordForScan(source, msg);
        into.push(msg);
        this.waiters.forEach((w) => w());
      });
    collect('out', this.out, 'node-red output msg');
    collect('caught', this.caught, 'node-red catch msg');
    collect('statuses', this.statuses, 'node-red status msg');
  }

  /** Badges of one node, as {fill, shape, text}. */
  badges(nodeId = 'op1'): Array<{ fill?: string; shape?: string; text?: string }> {
    return this.statuses.filter((m) => m.status?.source?.id === nodeId).map((m) => m.status);
  }

  /** Resolves when `check` holds, re-checked on every arrival; rejects after `ms` saying what was awaited. */
  until(what: string, check: () => boolean, ms = 15000): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(
          new Error(`Timed out waiting for ${what}; out=${this.out.length} caught=${this.caught.length} statuses=${this.statuses.length}`),
        );
      }, ms);
      const waiter = () => {
        if (!check()) return;
        clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve();
      };
      this.waiters.push(waiter);
    });
  }

  nextOut(count = this.out.length + 1): Promise<Msg> {
    return this.until(`${count} output msg(s)`, () => this.out.length >= count).then(() => this.out[count - 1]);
  }

  nextCaught(count = this.caught.length + 1): Promise<Msg> {
    return this.until(`${count} caught error(s)`, () => this.caught.length >= count).then(() => this.caught[count - 1]);
  }
}

/**
 * node-red-node-test-helper 0.3.6 registers its preloaded core nodes (catch, status, complete)
 * once per node of that type in the flow, so a flow with two Catch nodes fails with "catch
 * already registered". Call before each load: wraps them to register once per load.
 */
export function registerCoreNodesOnce(): void {
  const modules = (helper as unknown as { _nodeModules: Record<string, (red: unknown) => unknown> })._nodeModules;
  for (const [type, fn] of Object.entries(modules)) {
    const original = (fn as { original?: (red: unknown) => unknown }).original ?? fn;
    let done = false;
    const once = (red: unknown) => (done ? undefined : ((done = true), original(red)));
    modules[type] = Object.assign(once, { original });
  }
}

/** Polls `check` (for things no node reports, such as log lines); rejects after `ms`. */
export async function waitUntil(what: string, check: () => boolean, ms = 15000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The whole test flow for `nodes`: tab, device, the nodes, observers. */
export function testFlow(sim: RunningSimulator, nodes: FlowNode[], options: { tab?: FlowNode; device?: FlowNode } = {}): FlowNode[] {
  return [options.tab ?? tab(), options.device ?? device(sim), ...nodes, ...observers()];
}

/** Load a flow (tab + device + nodes + observers) and start collecting. */
export async function loadFlow(
  sim: RunningSimulator,
  nodes: FlowNode[],
  options: { tab?: FlowNode; device?: FlowNode; credentials?: Record<string, unknown> } = {},
): Promise<Observed> {
  await helper.load(secureEdgeNodes, testFlow(sim, nodes, options), options.credentials ?? deviceCredentials(sim));
  const observed = new Observed();
  observed.attach();
  return observed;
}

/** Deploy a changed flow into the running runtime, as the editor's Deploy button does, and collect from the new nodes. */
export async function redeployFlow(flow: FlowNode[], type: 'full' | 'nodes', credentials: Record<string, unknown>): Promise<Observed> {
  await helper.setFlows(flow, type, credentials);
  const observed = new Observed();
  observed.attach();
  return observed;
}

/** Record every log line Node-RED wrote during the test (the helper's log spy), then unload. */
export async function unloadAndScan(): Promise<void> {
  const log = helper.log();
  if (log) for (const call of log.getCalls()) recordForScan('node-red log', call.args);
  await helper.unload();
}

/** All log lines of the current test as text, for assertions. */
export function logText(): string {
  const log = helper.log();
  return log
    ? log
        .getCalls()
        .map((c) => JSON.stringify(c.args[0], (_k, v) => (v instanceof Error ? String(v) : v)))
        .join('\n')
    : '';
}

/** Send a msg into a node; returns the very object sent, so tests can check it is passed on. */
export function inject(nodeId: string, msg: Msg): Msg {
  helper.getNode(nodeId).receive(msg);
  return msg;
}
