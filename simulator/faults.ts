/**
 * Fault injection: steady faults (latency, a share of error answers, a share of dropped
 * connections) drawn from a seeded generator so a failing run can be repeated, and one-shot
 * faults queued by tests for exactly one matching request.
 */
import type { Faults, OneShotFault, OneShotMatch, StartFault } from './types';

export function defaultFaults(): Faults {
  return { latencyMs: 0, errorRate: 0, errorStatuses: [500, 502, 503], dropRate: 0, startFaults: {} };
}

/** mulberry32: tiny, fast, good enough to decide which request fails; same seed, same sequence. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type SteadyFaultDecision = { kind: 'none' } | { kind: 'drop' } | { kind: 'error'; status: number };

export class FaultPlan {
  private faults: Faults = defaultFaults();
  private readonly oneShots: { match: OneShotMatch; action: OneShotFault }[] = [];
  private readonly random: () => number;

  constructor(seed: number | undefined) {
    this.random = seededRandom(seed ?? Math.floor(Math.random() * 2 ** 32));
  }

  get current(): Faults {
    return { ...this.faults, errorStatuses: [...this.faults.errorStatuses], startFaults: { ...this.faults.startFaults } };
  }

  /** The start fault set for containers of this image, if any. */
  startFaultFor(image: string | undefined): StartFault | undefined {
    return image === undefined ? undefined : this.faults.startFaults[image];
  }

  set(f: Partial<Faults>): void {
    for (const [k, v] of Object.entries(f)) {
      if (v !== undefined)
        (this.faults as unknown as Record<string, unknown>)[k] = Array.isArray(v) ? [...v] : typeof v === 'object' ? { ...v } : v;
    }
  }

  /** Back to no faults, and forget queued one-shots. */
  clear(): void {
    this.faults = defaultFaults();
    this.oneShots.length = 0;
  }

  queue(match: OneShotMatch, action: OneShotFault): void {
    this.oneShots.push({ match: { ...match }, action: { ...action } });
  }

  /** The first queued one-shot this request matches, removed from the queue. */
  takeOneShot(method: string, rawPath: string): OneShotFault | undefined {
    const i = this.oneShots.findIndex(({ match }) => matches(match, method, rawPath));
    if (i < 0) return undefined;
    return this.oneShots.splice(i, 1)[0].action;
  }

  /** Drop first, then error: one draw each, so a seed gives the same sequence whatever the rates. */
  decideSteady(): SteadyFaultDecision {
    const dropDraw = this.random();
    const errorDraw = this.random();
    const pick = this.random();
    if (dropDraw < this.faults.dropRate) return { kind: 'drop' };
    const statuses = this.faults.errorStatuses;
    if (errorDraw < this.faults.errorRate && statuses.length > 0) {
      return { kind: 'error', status: statuses[Math.floor(pick * statuses.length)] };
    }
    return { kind: 'none' };
  }
}

function matches(match: OneShotMatch, method: string, rawPath: string): boolean {
  if (match.method && match.method.toUpperCase() !== method.toUpperCase()) return false;
  if (match.path === undefined) return true;
  if (match.path.endsWith('*')) return rawPath.startsWith(match.path.slice(0, -1));
  return rawPath === match.path;
}
