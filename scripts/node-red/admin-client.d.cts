export interface CommsMessage {
  topic: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  data: any;
}
/** What the debug sidebar receives: `value` is the decoded msg property (msg.payload by default). */
export interface DebugMessage {
  id: string;
  z?: string;
  name?: string;
  property?: string;
  format?: string;
  msg: string;
  value: unknown;
}
export interface NodeStatus {
  text?: string;
  fill?: string;
  shape?: string;
}
export interface WaitOptions {
  what?: string;
  timeoutMs?: number;
  /** Index into `messages` to start looking at; default: only messages arriving from now on. */
  from?: number;
}
export interface AdminClient {
  /** Every comms message received (a live array). */
  messages: CommsMessage[];
  waitFor(matches: (m: CommsMessage) => boolean, options?: WaitOptions): Promise<CommsMessage>;
  /** Full deploy; resolves with the revision once those flows have started. */
  deploy(flows: object[], options?: { timeoutMs?: number }): Promise<string>;
  inject(nodeId: string): Promise<void>;
  getFlows(): Promise<{ rev: string; flows: Array<Record<string, unknown>> }>;
  nodeTypes(): Promise<string[]>;
  request(method: string, path: string, options?: { body?: unknown; headers?: Record<string, string> }): Promise<string>;
  debugMessages(): DebugMessage[];
  waitForDebug(matches?: (d: DebugMessage) => boolean, options?: WaitOptions): Promise<DebugMessage>;
  waitForStatus(nodeId: string, matches?: (s: NodeStatus) => boolean, options?: WaitOptions): Promise<NodeStatus>;
  close(): void;
}
export declare function connectAdmin(
  baseUrl: string,
  options?: { onMessage?: (m: CommsMessage) => void; connectTimeoutMs?: number; defaultTimeoutMs?: number },
): Promise<AdminClient>;
export declare function decodeDebug(data: unknown): DebugMessage;
