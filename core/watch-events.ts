/**
 * The watch's vocabulary and its snapshot diff, with no I/O: what the device looked like at the
 * last poll (a JSON-safe snapshot, so n8n can keep it in a workflow's static data), and the
 * events that turn one snapshot into the next. Both engines emit exactly these events.
 */

export const WATCH_EVENTS = [
  'created',
  'removed',
  'state',
  'image-added',
  'image-removed',
  'unreachable',
  'reachable',
  'configuration',
] as const;
export type WatchEventName = (typeof WATCH_EVENTS)[number];

/** `configuration` costs one extra read per container and poll, so it is off unless asked for. */
export const DEFAULT_WATCH_EVENTS: readonly WatchEventName[] = WATCH_EVENTS.filter((e) => e !== 'configuration');

/** What each event means, for both editors' option lists and help. */
export const WATCH_EVENT_DESCRIPTIONS: Record<WatchEventName, string> = {
  created: 'a container appeared',
  removed: 'a container disappeared',
  state: 'a container changed its running state (from, to)',
  'image-added': 'an image was added to the device registry',
  'image-removed': 'an image left the device registry',
  unreachable: 'the device could not be read (once per outage)',
  reachable: 'the device answers again after an outage',
  configuration: "a container's image, ports, volumes, networks or environment changed (one extra read per container)",
};

export const WATCH_DEFAULT_INTERVAL_S = 10;
export const WATCH_MIN_INTERVAL_S = 1;

/** The parts of a configuration the `configuration` event compares, each as sorted text. */
export const CONFIG_ASPECTS = ['image', 'ports', 'volumes', 'networks', 'environment'] as const;
export type ConfigAspect = (typeof CONFIG_ASPECTS)[number];
export type ConfigDigest = Record<ConfigAspect, string | string[]>;

export interface WatchEvent {
  event: WatchEventName;
  container?: string;
  /** `name:tag` */
  image?: string;
  /** state: the earlier state; removed: the last state seen; configuration: the changed aspects before. */
  from?: string | Partial<ConfigDigest>;
  /** state: the new state; created: its state; configuration: the changed aspects now. */
  to?: string | Partial<ConfigDigest>;
  /** configuration: which aspects changed. */
  changed?: ConfigAspect[];
  /** unreachable: why (code and message, never a secret). */
  error?: { code: string; message: string };
  /** reachable: when the outage began. */
  since?: string;
  /** ISO time of the poll that saw it. */
  at: string;
}

export interface WatchSnapshot {
  /** Every listed container: its state when watched, null when the filter leaves it out. */
  containers: Record<string, string | null>;
  /** `name:tag` of every image; absent when image events are off. */
  images?: string[];
  /** Per watched container; absent when configuration events are off. */
  configs?: Record<string, ConfigDigest>;
}

/** Events from `before` to `after`, for the watched containers. Nothing for what `before` did not record. */
export function diffSnapshots(before: WatchSnapshot, after: WatchSnapshot, at: string): WatchEvent[] {
  const events: WatchEvent[] = [];
  for (const [name, state] of Object.entries(after.containers)) {
    if (state === null) continue;
    if (!(name in before.containers)) events.push({ event: 'created', container: name, to: state, at });
    else {
      const was = before.containers[name];
      // null: newly watched (the filter changed), so this is its baseline, not a change.
      if (was !== null && was !== state) events.push({ event: 'state', container: name, from: was, to: state, at });
    }
  }
  for (const [name, was] of Object.entries(before.containers)) {
    // A container the filter left out (null) was not watched: its removal is nobody's business.
    if (!(name in after.containers) && was !== null) events.push({ event: 'removed', container: name, from: was, at });
  }
  if (before.images && after.images) {
    const had = new Set(before.images);
    const has = new Set(after.images);
    for (const image of after.images) if (!had.has(image)) events.push({ event: 'image-added', image, at });
    for (const image of before.images) if (!has.has(image)) events.push({ event: 'image-removed', image, at });
  }
  if (before.configs && after.configs) {
    for (const [name, now] of Object.entries(after.configs)) {
      const then = before.configs[name];
      if (then) {
        const event = configChange(name, then, now, at);
        if (event) events.push(event);
      }
    }
  }
  return events;
}

function configChange(container: string, then: ConfigDigest, now: ConfigDigest, at: string): WatchEvent | undefined {
  const changed = CONFIG_ASPECTS.filter((a) => JSON.stringify(then[a]) !== JSON.stringify(now[a]));
  if (changed.length === 0) return undefined;
  const from: Partial<ConfigDigest> = {};
  const to: Partial<ConfigDigest> = {};
  for (const aspect of changed) {
    if (aspect === 'environment') {
      // Only the names of the variables that differ: their values may be secrets.
      const [gone, added] = [without(then.environment, now.environment), without(now.environment, then.environment)];
      from.environment = gone.map(envName);
      to.environment = added.map(envName);
    } else {
      from[aspect] = then[aspect];
      to[aspect] = now[aspect];
    }
  }
  return { event: 'configuration', container, changed, from, to, at };
}

const asList = (v: string | string[]) => (Array.isArray(v) ? v : [v]);
const without = (a: string | string[], b: string | string[]) => asList(a).filter((x) => !asList(b).includes(x));
/** Digest entries are `KEY#hash-of-value`. */
const envName = (entry: string) => entry.slice(0, entry.lastIndexOf('#'));

/** "Emit the current state at start": one `state` event per watched container, without `from`. */
export function currentStateEvents(snapshot: WatchSnapshot, at: string): WatchEvent[] {
  return Object.entries(snapshot.containers)
    .filter((entry): entry is [string, string] => entry[1] !== null)
    .map(([container, to]) => ({ event: 'state' as const, container, to, at }));
}
