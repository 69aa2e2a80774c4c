export interface StartNodeRedOptions {
  /** Path to node-red/red.js. */
  redJs: string;
  userDir: string;
  settingsFile: string;
  /** The Node.js binary that runs red.js; default: the current process's. */
  nodeBinary?: string;
  /** Extra environment variables for red.js (and the npm its palette installer runs). */
  env?: Record<string, string>;
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  startTimeoutMs?: number;
}
export interface RunningNodeRed {
  /** The editor and admin API root, without a trailing slash, e.g. http://127.0.0.1:1880 */
  url: string;
  pid: number | undefined;
  /** Every output line so far (a live array). */
  lines: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGINT, then SIGKILL after graceMs; resolves with how it exited. */
  stop(graceMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}
export declare function startNodeRed(options: StartNodeRedOptions): Promise<RunningNodeRed>;
