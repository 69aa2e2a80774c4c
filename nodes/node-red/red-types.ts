/**
 * The slice of Node-RED's runtime API these nodes use. Node-RED ships no types of its own and
 * @types/node-red lags behind; declaring only what we call keeps the adapter honest about its
 * dependencies on the engine (and lets it load under Node-RED 4 and 5 alike).
 */

export type NodeMessage = Record<string, unknown> & { _msgid?: string; payload?: unknown };

export interface NodeStatus {
  fill?: 'red' | 'green' | 'yellow' | 'blue' | 'grey';
  shape?: 'ring' | 'dot';
  text?: string;
}

export type SendFn = (msg: NodeMessage) => void;
/** Node-RED passes what it is given to Catch nodes and the log; see node-error.ts for why it is not always an Error. */
export type DoneFn = (err?: object) => void;

/** The properties every node's configuration carries (what the editor saved). */
export interface NodeDef {
  id: string;
  type: string;
  name?: string;
  z?: string;
  [property: string]: unknown;
}

export interface ContextStore {
  get(key: string, store?: string, callback?: (err: Error | null, value: unknown) => void): unknown;
  set(key: string, value: unknown, store?: string, callback?: (err: Error | null) => void): void;
}

export interface RedNode {
  id: string;
  type: string;
  name?: string;
  credentials?: Record<string, string | undefined>;
  on(event: 'input', listener: (msg: NodeMessage, send: SendFn, done: DoneFn) => void): void;
  on(event: 'close', listener: (removed: boolean, done: () => void) => void): void;
  status(status: NodeStatus): void;
  /** Send a msg from a node that has no input (the watch). */
  send(msg: NodeMessage): void;
  error(err: unknown, msg?: NodeMessage): void;
  warn(message: unknown): void;
  log(message: unknown): void;
  debug(message: unknown): void;
  context(): { flow: ContextStore; global: ContextStore };
}

export interface HttpRequest {
  params: Record<string, string>;
  body: unknown;
}
export interface HttpResponse {
  status(code: number): HttpResponse;
  json(body: unknown): void;
}
export type HttpHandler = (req: HttpRequest, res: HttpResponse, next: (err?: unknown) => void) => void;

export interface RedApi {
  nodes: {
    createNode(node: object, def: NodeDef): void;
    registerType<N extends RedNode>(
      type: string,
      constructor: (this: N, def: NodeDef) => void,
      options?: {
        credentials?: Record<string, { type: 'text' | 'password' }>;
        /** Values the editor sees as RED.settings.<name>; names must start with the type in camelCase. */
        settings?: Record<string, { value: unknown; exportable: boolean }>;
      },
    ): void;
    getNode(id: string): unknown;
  };
  util: {
    evaluateNodeProperty(
      value: unknown,
      type: string,
      node: RedNode,
      msg: NodeMessage,
      callback: (err: Error | null, result: unknown) => void,
    ): void;
  };
  httpAdmin: {
    get(path: string, ...handlers: HttpHandler[]): void;
    post(path: string, ...handlers: HttpHandler[]): void;
  };
  auth: { needsPermission(permission: string): HttpHandler };
}
