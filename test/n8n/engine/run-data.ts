/**
 * Reading what `n8n execute --rawOutput` printed: the run (IRun) as pretty JSON after n8n's log lines. On success it
 * is the command's output; on failure n8n logs the same JSON after "Execution error:" and exits non-zero.
 */
import type { CliRun } from './harness';

export interface RunError {
  message: string;
  description?: string | null;
  name?: string;
  context?: { itemIndex?: number; [key: string]: unknown };
  node?: { name?: string };
  [key: string]: unknown;
}

export interface TaskData {
  executionStatus?: string;
  error?: RunError;
  data?: {
    main?: Array<Array<{ json: Record<string, unknown>; pairedItem?: { item: number } | Array<{ item: number }> }> | null>;
  };
}

export interface Run {
  status?: string;
  finished?: boolean;
  data: { resultData: { runData: Record<string, TaskData[]>; error?: RunError; lastNodeExecuted?: string } };
}

export interface Execution {
  cli: CliRun;
  /** Undefined when n8n printed no run at all (it crashed before running); `cli` says why. */
  run?: Run;
}

/** Colour codes n8n's logger adds at debug level. */
const ANSI = /\u001b\[[0-9;]*m/g;

/**
 * The first top-level pretty-printed JSON object in `text` that parses as a run. At log level debug n8n prints it
 * through its logger: coloured, with a time and level before the opening brace and the logger's metadata after the
 * closing one; both are dropped.
 */
function findRun(text: string): Run | undefined {
  const lines = text.split('\n').map((l) => l.replace(ANSI, ''));
  for (let start = 0; start < lines.length; start++) {
    const opening = lines[start].trimEnd();
    // "{" alone, or the logger's "12:23:44.386   debug   {" (a nested "key": { line fails to parse and is passed over).
    if (opening !== '{' && !/\s\{$/.test(opening)) continue;
    for (let end = start + 1; end < lines.length; end++) {
      if (!/^\}(\s|$)/.test(lines[end])) continue;
      try {
        const value = JSON.parse(['{', ...lines.slice(start + 1, end), '}'].join('\n')) as Run;
        if (value?.data?.resultData) return value;
      } catch {
        // not this block
      }
      break;
    }
  }
  return undefined;
}

export function parseExecuteOutput(cli: CliRun): Execution {
  return { cli, run: findRun(cli.stdout) ?? findRun(cli.stderr) };
}

function requireRun(execution: Execution): Run {
  if (!execution.run) {
    const output = `${execution.cli.stdout}\n${execution.cli.stderr}`.trim().split('\n').slice(-40).join('\n');
    throw new Error(`n8n printed no run data (exit ${execution.cli.code}):\n${output}`);
  }
  return execution.run;
}

/** Every run of a node (a node inside a loop runs more than once); [] when it did not run. */
export function nodeRuns(execution: Execution, node: string): TaskData[] {
  return requireRun(execution).data.resultData.runData[node] ?? [];
}

export function ran(execution: Execution, node: string): boolean {
  return nodeRuns(execution, node).length > 0;
}

/** The items a node put on one of its outputs (0 = main / success, 1 = the error output). */
export function itemsOf(execution: Execution, node: string, { output = 0, run = 0 } = {}) {
  const task = nodeRuns(execution, node)[run];
  if (!task)
    throw new Error(
      `node "${node}" did not run (run ${run}); ran: ${Object.keys(requireRun(execution).data.resultData.runData).join(', ')}`,
    );
  if (task.error) throw new Error(`node "${node}" failed: ${task.error.message}`);
  return task.data?.main?.[output] ?? [];
}

export function jsonOf(execution: Execution, node: string, options: { output?: number; run?: number } = {}) {
  return itemsOf(execution, node, options).map((item) => item.json);
}

/** The item index each output item is paired with. */
export function pairedIndexes(execution: Execution, node: string, options: { output?: number; run?: number } = {}) {
  return itemsOf(execution, node, options).map((item) => {
    const paired = Array.isArray(item.pairedItem) ? item.pairedItem[0] : item.pairedItem;
    return paired?.item;
  });
}

/** The error that stopped the workflow, with the node it happened in. */
export function workflowError(execution: Execution): RunError | undefined {
  return requireRun(execution).data.resultData.error;
}

export function nodeError(execution: Execution, node: string, run = 0): RunError | undefined {
  return nodeRuns(execution, node)[run]?.error;
}

export function succeeded(execution: Execution): boolean {
  return execution.cli.code === 0 && !!execution.run && !execution.run.data.resultData.error;
}
