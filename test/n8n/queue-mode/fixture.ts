/**
 * The one queue-mode cluster of the suite (queue-mode.test.ts boots it once; every section shares it) and the
 * devices the sections run against. Each device is a simulator behind a ConnectionOrigins front, so every request
 * it records can be traced to the n8n process that sent it (main, worker-1, worker-2, or a restarted worker).
 */
import type { RunningSimulator, SimulatorOptions } from '../../../simulator';
import type { RecordedRequest } from '../../../simulator/types';
import { QueueCluster } from '../../../tools/n8n-queue-mode/cluster';
import { ConnectionOrigins, originLabel } from '../../../tools/n8n-queue-mode/connection-origins';
import { missingQueueModeTools } from '../../../tools/n8n-queue-mode/services';
import { testClient } from '../../support/client';
import { recordForScan } from '../../support/secrets';
import { startTestSimulator } from '../../support/simulator';
import { CREDENTIAL_TYPE } from '../engine/workflows';

export const SETUP_MS = 40 * 60_000; // installs n8n on a fresh clone; boots three n8n processes
export const TEST_MS = 300_000;

let current: QueueCluster | undefined;
const closers: Array<() => Promise<void>> = [];

export async function bootCluster(): Promise<void> {
  const missing = missingQueueModeTools();
  if (missing.length) throw new Error(`queue mode needs ${missing.join(' and ')}; .ci/run installs them`);
  current = await QueueCluster.start({ workers: 2, concurrency: 1, observe: recordForScan });
}

export async function disposeAll(): Promise<void> {
  await current?.dispose();
  await Promise.all(closers.map((close) => close()));
}

export function cluster(): QueueCluster {
  if (!current) throw new Error('the cluster did not start (see beforeAll)');
  return current;
}

export interface Device {
  sim: RunningSimulator;
  origins: ConnectionOrigins;
  /** Every request the device received, with the process that sent it (`unknown`: the test's own client). */
  requests(): Array<RecordedRequest & { origin: string }>;
}

/** A simulated device that the cluster reaches through a ConnectionOrigins front. */
export async function device(options: SimulatorOptions = {}): Promise<Device> {
  const sim = await startTestSimulator(options);
  const origins = await ConnectionOrigins.start(sim.port, () => cluster().processes.filter((p) => p.running));
  closers.push(
    () => origins.close(),
    () => sim.close(),
  );
  return { sim, origins, requests: () => sim.control.requests.map((r) => ({ ...r, origin: origins.originOf(r) })) };
}

/** A credential for the device, saved through the REST API as the editor does. */
export async function credentialFor(d: Device, name: string): Promise<{ id: string; name: string }> {
  const created = await cluster().rest.post<{ id: string; name: string }>('/rest/credentials', {
    name,
    type: CREDENTIAL_TYPE,
    data: { url: d.origins.url, username: 'admin', password: d.sim.password, ignoreSSLIssues: false },
  });
  return { id: created.id, name: created.name };
}

/** Creates and starts a container on the device with the test's own client (not through the front). */
export async function seedContainer(
  sim: RunningSimulator,
  name: string,
  image: { name: string; tag: string },
  env: Array<{ key: string; value: string }> = [],
): Promise<void> {
  const client = testClient(sim);
  try {
    await client.createContainer({
      container: { name },
      image,
      ports: [],
      volumes: [],
      networks: [{ name: 'machine-builder' }],
      environment_variables: env,
    });
    await client.startContainer(name);
    await client.waitForState(name, ['running']);
  } finally {
    await client.close();
  }
}

/** The processes whose log says they started the execution (n8n: "Worker started execution <id>"). */
export function runnersOf(executionId: string): string[] {
  return cluster()
    .processes.filter((p) => p.startedExecutions().includes(executionId))
    .map(originLabel);
}

/** Each execution ran on exactly one worker, none on the main; returns the workers (`worker-1#pid`) that ran them. */
export function expectRanOnWorkers(executionIds: string[]): Set<string> {
  const ranOn = new Set<string>();
  for (const id of executionIds) {
    const runners = runnersOf(id);
    expect({ id, runners }).toEqual({ id, runners: [expect.stringMatching(/^worker-\d#\d+$/)] });
    ranOn.add(runners[0]);
  }
  return ranOn;
}

/** `main#123` -> `main`, `worker-2#456` -> `worker-2`. */
export function roleOf(origin: string): string {
  return origin.split('#')[0];
}
