/**
 * "List containers with their state": the container list plus one status read per container,
 * a few at a time. Used by the Node-RED list node (Include state), n8n's Container > Get Many
 * (Include State) and the watch. The device has no endpoint that answers both at once.
 */
import type { ContainerSummary } from './types';

/** Status reads in flight at once: quick on a device with 20 containers, gentle on a small device. */
export const STATE_READ_CONCURRENCY = 4;

/** What this needs from a client (SecureEdgeClient has it). */
export interface ContainerStateDeps {
  listContainers(): Promise<ContainerSummary[]>;
  /** The running state, or 'absent' when the container is gone (404). */
  stateOrAbsent(name: string): Promise<string>;
}

export interface ContainerWithState extends ContainerSummary {
  /** The device's running_state, or 'absent' when it vanished between the list and the read. */
  running_state: string;
}

/** Run `read` over `items`, at most `limit` at a time; results keep the input order. */
export async function mapLimited<T, R>(items: readonly T[], limit: number, read: (item: T) => Promise<R>): Promise<R[]> {
  // Stryker disable next-line ArrayDeclaration: every index is filled below, so a presized array and an empty one end equal.
  const out: R[] = new Array(items.length);
  let next = 0;
  async function worker(): Promise<void> {
    while (next < items.length) {
      const i = next++;
      out[i] = await read(items[i]);
    }
  }
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
  return out;
}

/** The state of each container in `list` (as listContainers answered it). */
export function statesOf(
  deps: Pick<ContainerStateDeps, 'stateOrAbsent'>,
  list: readonly ContainerSummary[],
): Promise<ContainerWithState[]> {
  return mapLimited(list, STATE_READ_CONCURRENCY, async (c) => ({ ...c, running_state: await deps.stateOrAbsent(c.name) }));
}

/** Every container on the device with its state: one list, then one status read per container. */
export async function listContainersWithState(deps: ContainerStateDeps): Promise<ContainerWithState[]> {
  return statesOf(deps, await deps.listContainers());
}
