/**
 * The set-up of the suites that run flows against one device: Node-RED's test server for the
 * file; for each test a fresh simulator (optionally holding containers, with its request log
 * cleared), and afterwards the flow unloaded, its output scanned for secrets and the simulator
 * closed.
 */
import type { RunningSimulator } from '../../simulator';
import { startTestSimulator } from '../support/simulator';
import { helper, op, unloadAndScan, type FlowNode } from './harness';
import { seedContainers } from './seed';

/** Registers the hooks; `use` receives each test's simulator before the test runs. */
export function deviceEachTest(use: (sim: RunningSimulator) => void, seed: string[] = []): void {
  let sim: RunningSimulator | undefined;
  beforeAll(async () => {
    await helper.startServer();
  });
  beforeEach(async () => {
    sim = await startTestSimulator();
    if (seed.length > 0) {
      await seedContainers(sim, seed);
      sim.control.clearRequests();
    }
    use(sim);
  });
  afterEach(async () => {
    await unloadAndScan();
    await sim?.close();
  });
  afterAll(async () => {
    await helper.stopServer();
  });
}

/** The suites that run several nodes against one device holding `web` (shared-client, unattended). */
export const oneSeededDevice = (use: (sim: RunningSimulator) => void): void => deviceEachTest(use, ['web']);

/** Three nodes on the test device: list images (a), list containers (b), status of `web` (c). */
export const threeNodes = (): FlowNode[] => [
  op('list-images', {}, 'a'),
  op('list-containers', {}, 'b'),
  op('container-status', { container: 'web', containerType: 'str' }, 'c'),
];
