/**
 * "List containers with their state" (Node-RED's Include state, n8n's Include State, the watch):
 * one list, then one status read per container, at most STATE_READ_CONCURRENCY at a time so a
 * small device is not flooded, in the device's list order; a container removed between the list
 * and its read is 'absent', not a failure. Reads are counted around the real client, against the
 * simulator with some latency so that they overlap.
 */
import { listContainersWithState, STATE_READ_CONCURRENCY, type ContainerStateDeps, type SecureEdgeClient } from '../../core';
import { mapLimited } from '../../core/container-states';
import type { RunningSimulator } from '../../simulator';
import { NGINX_SPEC } from '../support/client';
import { deviceEachTest } from '../support/device-each-test';

let sim: RunningSimulator;
let client: SecureEdgeClient;
deviceEachTest((d) => ({ sim, client } = d));

/** The client's reads, with the most status reads seen in flight at once. */
function countingReads(beforeRead: (name: string) => Promise<void> = async () => undefined) {
  const seen = { inFlight: 0, most: 0, reads: [] as string[] };
  const deps: ContainerStateDeps = {
    listContainers: () => client.listContainers(),
    stateOrAbsent: async (name) => {
      await beforeRead(name);
      seen.reads.push(name);
      seen.most = Math.max(seen.most, ++seen.inFlight);
      try {
        return await client.stateOrAbsent(name);
      } finally {
        seen.inFlight--;
      }
    },
  };
  return { deps, seen };
}

async function createContainers(names: string[]): Promise<void> {
  for (const name of names) await client.createContainer({ ...NGINX_SPEC, container: { name }, ports: [], volumes: [] });
}

test(`seven containers: each with its state, in list order, at most ${STATE_READ_CONCURRENCY} reads at a time`, async () => {
  const names = ['c-one', 'c-two', 'c-three', 'c-four', 'c-five', 'c-six', 'c-seven'];
  await createContainers(names);
  await client.startContainer('c-three');
  sim.control.setFaults({ latencyMs: 40 });
  const { deps, seen } = countingReads();
  const listed = await listContainersWithState(deps);
  expect(listed.map((c) => [c.name, c.running_state])).toEqual(names.map((n) => [n, n === 'c-three' ? 'running' : 'created']));
  expect(STATE_READ_CONCURRENCY).toBe(4);
  expect(seen.most).toBe(STATE_READ_CONCURRENCY);
  expect(seen.reads.sort()).toEqual([...names].sort());
});

test('two containers: two reads side by side; none: no read at all', async () => {
  const { deps, seen } = countingReads();
  expect(await listContainersWithState(deps)).toEqual([]);
  expect(seen.reads).toEqual([]);
  await createContainers(['c-one', 'c-two']);
  sim.control.setFaults({ latencyMs: 40 });
  expect((await listContainersWithState(deps)).map((c) => c.running_state)).toEqual(['created', 'created']);
  expect(seen.most).toBe(2);
});

test('a container removed between the list and its read is absent, and the others are still read', async () => {
  await createContainers(['c-one', 'c-two', 'c-three']);
  // Someone removes c-two on the device just before its status is read.
  const { deps } = countingReads(async (name) => {
    if (name === 'c-two') await client.removeContainer('c-two');
  });
  expect((await listContainersWithState(deps)).map((c) => [c.name, c.running_state])).toEqual([
    ['c-one', 'created'],
    ['c-two', 'absent'],
    ['c-three', 'created'],
  ]);
});

test('mapLimited: results in input order whatever finishes first; a limit below one still runs', async () => {
  const slowFirst = (x: number) => new Promise<number>((resolve) => setTimeout(() => resolve(x * 10), x === 1 ? 30 : 1));
  expect(await mapLimited([1, 2, 3], 3, slowFirst)).toEqual([10, 20, 30]);
  expect(await mapLimited([1, 2, 3], 0, async (x) => x + 1)).toEqual([2, 3, 4]);
  expect(await mapLimited([], 4, async (x: number) => x)).toEqual([]);
});
