/**
 * The set-up of the suites that run several nodes against one device (shared-client, unattended):
 * Node-RED's test server for the file; for each test a fresh simulator holding one container,
 * `web`, with its request log cleared, and afterwards the flow unloaded, its output scanned for
 * secrets and the simulator closed.
 */
import type { RunningSimulator } from '../../simulator';
import { startTestSimulator } from '../support/simulator';
import { helper, op, unloadAndScan, type FlowNode } from './harness';
import { seedContainers } from './seed';

/** Registers the hooks; `use` receives each test's simulator before the test runs. */
export function oneSeededDevice(use: (sim: RunningSimulator) => void): void {
  let sim: RunningSimulator | undefined;
  beforeAll(async () => {
    await helper.startServer();
  });
  beforeEach(async () => {
    sim = await startTestSimulator();
    await seedContainers(sim, ['web']);
    sim.control.clearRequests();
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

/** Three nodes on the test device: list images (a), list containers (b), status of `web` (c). */
export const threeNodes = (): FlowNode[] => [
  op('list-images', {}, 'a'),
  op('list-containers', {}, 'b'),
  op('container-status', { container: 'web', containerType: 'str' }, 'c'),
];
