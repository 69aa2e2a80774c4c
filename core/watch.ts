/**
 * Watch: notice changes on a device that has no event stream. Each poll reads the container list,
 * the state of each watched container (a few at a time), and, when those events are wanted, the
 * image list and each watched container's configuration; it compares that with the last snapshot
 * and yields events (see watch-events.ts).
 *
 * - The first successful poll only records a baseline, unless asked to emit the current state.
 * - A failed poll never moves the snapshot: `unreachable` once when an outage begins, `reachable`
 *   once when it ends, and then whatever changed meanwhile (so a stop during an outage is not lost).
 * - `pollWatch` is one poll, without timers, for engines that schedule polls themselves (n8n);
 *   `DeviceWatch` runs polls on an interval, never two at once (Node-RED).
 */

import { mapLimited, statesOf, STATE_READ_CONCURRENCY, type ContainerStateDeps } from './container-states';
import { isSecureEdgeError, SecureEdgeError } from './errors';
import { nodeCrypto } from './lazy-require';
import { containerNameSchema } from './schemas';
import type { ContainerConfiguration, ImageSummary } from './types';
import { parseInput } from './validate';
import {
  currentStateEvents,
  diffSnapshots,
  WATCH_DEFAULT_INTERVAL_S,
  WATCH_EVENTS,
  WATCH_MIN_INTERVAL_S,
  DEFAULT_WATCH_EVENTS,
  type ConfigDigest,
  type WatchEvent,
  type WatchEventName,
  type WatchSnapshot,
} from './watch-events';

/** What a watch needs from a client (SecureEdgeClient has all of it). */
export interface WatchDeps extends ContainerStateDeps {
  listImages(): Promise<ImageSummary[]>;
  getContainerConfiguration(name: string): Promise<ContainerConfiguration>;
}

export interface WatchOptions {
  events: readonly WatchEventName[];
  /** Names to watch; empty: every container. */
  containers: readonly string[];
  /** Emit one `state` event per watched container on the first poll, instead of a silent baseline. */
  emitInitial: boolean;
}

/** What survives between polls. JSON-safe, so n8n keeps it in the workflow's static data. */
export interface WatchCursor {
  snapshot?: WatchSnapshot;
  /** Set while the device cannot be read: the outage's start and first error code. */
  outage?: { since: string; code: string };
}

export interface WatchPollResult {
  cursor: WatchCursor;
  events: WatchEvent[];
  /** The failure of this poll, if it failed. */
  error?: SecureEdgeError;
  /** Containers watched in this poll (for status texts). */
  watched: number;
}

/** Check and normalise settings from either editor; a bad value is INVALID_INPUT naming the field. */
export function parseWatchOptions(raw: { events?: unknown; containers?: unknown; emitInitial?: unknown }): WatchOptions {
  const events = raw.events === undefined || raw.events === null ? [...DEFAULT_WATCH_EVENTS] : raw.events;
  if (!Array.isArray(events) || events.some((e) => !(WATCH_EVENTS as readonly unknown[]).includes(e))) {
    throw new SecureEdgeError({
      code: 'INVALID_INPUT',
      field: 'events',
      message: `Invalid input: events must be a list of ${WATCH_EVENTS.join(', ')} (got ${JSON.stringify(events).slice(0, 80)}).`,
    });
  }
  if (events.length === 0) {
    throw new SecureEdgeError({
      code: 'INVALID_INPUT',
      field: 'events',
      message: 'Invalid input: choose at least one event to watch for.',
    });
  }
  return {
    events: [...new Set(events as WatchEventName[])],
    containers: parseContainerFilter(raw.containers),
    emitInitial: raw.emitInitial === true,
  };
}

/** "web, broker" or ['web', 'broker'] -> ['web', 'broker']; empty -> [] (every container). */
export function parseContainerFilter(raw: unknown): string[] {
  if (raw === undefined || raw === null) return [];
  const parts = typeof raw === 'string' ? raw.split(',') : Array.isArray(raw) ? raw : undefined;
  if (!parts)
    throw new SecureEdgeError({
      code: 'INVALID_INPUT',
      field: 'containers',
      message: 'Invalid input: containers must be a comma-separated list of container names.',
    });
  const names = parts.map((p) => (typeof p === 'string' ? p.trim() : p)).filter((p) => p !== '');
  return [...new Set(names.map((n) => parseInput(containerNameSchema, n, 'container name in the watch list')))];
}

/** The poll interval in ms from seconds; at least WATCH_MIN_INTERVAL_S. */
export function watchIntervalMs(seconds: unknown): number {
  const s = seconds === undefined || seconds === null || seconds === '' ? WATCH_DEFAULT_INTERVAL_S : Number(seconds);
  if (!Number.isFinite(s) || s < WATCH_MIN_INTERVAL_S) {
    throw new SecureEdgeError({
      code: 'INVALID_INPUT',
      field: 'interval',
      message: `Invalid input: the watch interval must be at least ${WATCH_MIN_INTERVAL_S} s (got ${JSON.stringify(String(seconds)).slice(0, 40)}).`,
    });
  }
  return Math.round(s * 1000);
}

/** One poll: read, compare with the cursor, return the events and the next cursor. Never throws for a device failure. */
export async function pollWatch(
  deps: WatchDeps,
  cursor: WatchCursor,
  options: WatchOptions,
  now: () => Date = () => new Date(),
): Promise<WatchPollResult> {
  let snapshot: WatchSnapshot;
  try {
    snapshot = await readSnapshot(deps, options);
  } catch (err) {
    const error = asSecureEdgeError(err);
    const at = now().toISOString();
    if (cursor.outage) return { cursor, events: [], error, watched: 0 };
    const events: WatchEvent[] = [{ event: 'unreachable', error: { code: error.code, message: error.message }, at }];
    return { cursor: { ...cursor, outage: { since: at, code: error.code } }, events: wanted(events, options), error, watched: 0 };
  }
  const at = now().toISOString();
  const events: WatchEvent[] = [];
  if (cursor.outage) events.push({ event: 'reachable', since: cursor.outage.since, at });
  if (cursor.snapshot) events.push(...diffSnapshots(cursor.snapshot, snapshot, at));
  else if (options.emitInitial) events.push(...currentStateEvents(snapshot, at));
  const watched = Object.values(snapshot.containers).filter((s) => s !== null).length;
  return { cursor: { snapshot }, events: wanted(events, options), watched };
}

function wanted(events: WatchEvent[], options: WatchOptions): WatchEvent[] {
  // The initial `state` events were asked for explicitly, so they come whatever the event list says.
  return events.filter((e) => options.events.includes(e.event) || (e.event === 'state' && e.from === undefined));
}

function asSecureEdgeError(err: unknown): SecureEdgeError {
  if (isSecureEdgeError(err)) return err;
  return new SecureEdgeError({
    code: 'BAD_RESPONSE',
    message: `The device could not be read: ${err instanceof Error ? err.message : String(err)}`,
  });
}

async function readSnapshot(deps: WatchDeps, options: WatchOptions): Promise<WatchSnapshot> {
  const list = await deps.listContainers();
  const filter = options.containers.length > 0 ? new Set(options.containers) : undefined;
  const containers: Record<string, string | null> = {};
  for (const c of list) containers[c.name] = null;
  for (const c of await statesOf(deps, filter ? list.filter((c) => filter.has(c.name)) : list)) {
    // Gone between the list and the read: it is not there any more.
    if (c.running_state === 'absent') delete containers[c.name];
    else containers[c.name] = c.running_state;
  }
  const snapshot: WatchSnapshot = { containers };
  if (options.events.includes('image-added') || options.events.includes('image-removed')) {
    snapshot.images = [...new Set((await deps.listImages()).map((i) => `${i.name}:${i.tag}`))].sort();
  }
  if (options.events.includes('configuration')) snapshot.configs = await readConfigs(deps, containers);
  return snapshot;
}

async function readConfigs(deps: WatchDeps, containers: Record<string, string | null>): Promise<Record<string, ConfigDigest>> {
  const names = Object.keys(containers).filter((n) => containers[n] !== null);
  const digests = await mapLimited(names, STATE_READ_CONCURRENCY, async (name) => {
    try {
      return digest(await deps.getContainerConfiguration(name));
    } catch (err) {
      if (isSecureEdgeError(err) && err.code === 'NOT_FOUND') return undefined; // removed meanwhile; the next poll says so
      throw err;
    }
  });
  const out: Record<string, ConfigDigest> = {};
  names.forEach((name, i) => {
    if (digests[i]) out[name] = digests[i];
  });
  return out;
}

/**
 * The compared parts of a configuration as sorted text. Environment values may be secrets: they
 * are kept only as a short hash (the cursor is stored in n8n's database), and an event names the
 * variables that changed, never their values.
 */
function digest(config: ContainerConfiguration): ConfigDigest {
  const sorted = (xs: string[]) => [...xs].sort();
  const envHash = (v: unknown) => nodeCrypto().createHash('sha256').update(String(v)).digest('hex').slice(0, 12);
  return {
    image: `${config.image.name}:${config.image.tag}`,
    ports: sorted((config.ports ?? []).map((p) => `${p.source}:${p.destination}/${p.protocol}`)),
    volumes: sorted((config.volumes ?? []).map((v) => `${v.name}:${v.destination}`)),
    networks: sorted((config.networks ?? []).map((n) => n.name)),
    environment: sorted((config.environment_variables ?? []).map((e) => `${e.key}#${envHash(e.value)}`)),
  };
}

export interface WatchHandlers {
  onEvent(event: WatchEvent): void;
  /** After every poll, with its outcome (for status badges). */
  onPoll?(result: WatchPollResult): void;
}

/**
 * Polls every `intervalMs` (measured from the start of one poll to the start of the next), the
 * first at once; a poll that runs long delays the next one, never overlaps it. After stop()
 * nothing is polled or emitted.
 */
export class DeviceWatch {
  private cursor: WatchCursor = {};
  private stopped = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private wake: (() => void) | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly deps: WatchDeps,
    private readonly options: WatchOptions & { intervalMs: number },
    private readonly handlers: WatchHandlers,
  ) {}

  start(): void {
    if (this.running || this.stopped) return;
    this.running = this.loop();
  }

  /** Stops polling; resolves when a poll in flight has finished (its events are dropped). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.wake?.();
    await this.running;
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      const started = Date.now();
      const result = await pollWatch(this.deps, this.cursor, this.options);
      if (this.stopped) return;
      this.cursor = result.cursor;
      for (const event of result.events) this.handlers.onEvent(event);
      this.handlers.onPoll?.(result);
      await this.pause(Math.max(0, this.options.intervalMs - (Date.now() - started)));
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
      this.timer = setTimeout(resolve, ms);
    });
  }
}
