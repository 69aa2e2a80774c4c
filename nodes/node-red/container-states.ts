/** The device's containers with their running state: the list containers node's option and the editor's container picker. */
import type { SecureEdgeClient } from '../../core';

const STATUS_PARALLEL = 4;

export interface ContainerWithState {
  name: string;
  running_state: string;
  [extra: string]: unknown;
}

/** Status of each listed container, a few at a time; one that vanished meanwhile is 'absent'. */
export async function withStatus(client: SecureEdgeClient, list: { name: string }[]): Promise<ContainerWithState[]> {
  const out: ContainerWithState[] = new Array(list.length);
  let next = 0;
  async function worker() {
    while (next < list.length) {
      const i = next++;
      out[i] = { ...list[i], running_state: await client.stateOrAbsent(list[i].name) };
    }
  }
  await Promise.all(Array.from({ length: Math.min(STATUS_PARALLEL, list.length) }, worker));
  return out;
}
