/**
 * Shared pieces of the reliability suite: cleanup of everything a test started, and "wait until
 * the device has seen this request" so faults can be switched while an operation is really in
 * flight. (An unhandled rejection during a test already fails it: Jest 30 catches them on the
 * real process. The soak runs in its own process so it can count them itself.)
 */
import type { RecordedRequest, RunningSimulator } from '../../simulator';

/** Closers run in reverse order after each test, so a failing test still releases its ports. */
export class Cleanup {
  private readonly closers: Array<() => Promise<unknown> | unknown> = [];

  add(close: () => Promise<unknown> | unknown): void {
    this.closers.push(close);
  }

  async run(): Promise<void> {
    while (this.closers.length) await this.closers.pop()!();
  }
}

/** Resolves once the simulator has received a request matching `match` (polled, it is cheap). */
export async function requestArrived(sim: RunningSimulator, match: (r: RecordedRequest) => boolean, ms = 5000): Promise<RecordedRequest> {
  const until = Date.now() + ms;
  for (;;) {
    const hit = sim.control.requests.find(match);
    if (hit) return hit;
    if (Date.now() > until) throw new Error('the awaited request never reached the simulator');
    await new Promise((r) => setTimeout(r, 2));
  }
}

/** Requests of one method and exact path (query excluded), answered with a status in [from, to). */
export function answered(sim: RunningSimulator, method: string, path: string, from = 200, to = 300): number {
  return sim.control.requests.filter((r) => r.method === method && r.path.split('?')[0] === path && r.status >= from && r.status < to)
    .length;
}

/** Every request of one method and exact path, whatever the answer (0 = dropped). */
export function received(sim: RunningSimulator, method: string, path: string): number {
  return sim.control.requests.filter((r) => r.method === method && r.path.split('?')[0] === path).length;
}

export const C = '/api/v1/docker/containers';
