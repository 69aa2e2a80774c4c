/**
 * Whether Node-RED would print a node's debug line at all. Node-RED makes an Error (a stack trace)
 * for every node.debug() call before its log handlers drop the line by level: for core's
 * per-request line that cost more than the rest of a message's work. So the device node passes
 * core's debug lines on only when a logging handler in the settings reports debug (or a finer
 * level); with no logging settings to read, every line is passed on, as before.
 */
import type { RedApi } from './red-types';

/** Node-RED's level numbers (@node-red/util log.js): a handler reports a line whose number is at most its own. */
const LEVELS: Record<string, number> = { off: 1, fatal: 10, error: 20, warn: 30, info: 40, debug: 50, trace: 60, audit: 98, metric: 99 };
const DEBUG = LEVELS.debug;
/** What Node-RED uses for a handler without a known level. */
const DEFAULT_LEVEL = LEVELS.info;

export function debugLinesShown(RED: RedApi): boolean {
  let logging: unknown;
  try {
    logging = (RED as { settings?: { logging?: unknown } }).settings?.logging;
  } catch {
    return true;
  }
  if (!logging || typeof logging !== 'object') return true;
  return Object.values(logging).some((handler) => {
    const level = (handler as { level?: unknown } | null)?.level;
    return (typeof level === 'string' && LEVELS[level] !== undefined ? LEVELS[level] : DEFAULT_LEVEL) >= DEBUG;
  });
}
