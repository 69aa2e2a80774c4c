/**
 * The hooks most core suites share: a fresh simulator and test client for each test, closed after
 * it (the client first, so its sockets are gone before the server stops). One place, so a suite
 * cannot forget to close either and leave a server or socket holding Jest open.
 */
import { createUndiciTransport, type SecureEdgeClient, type Transport } from '../../core';
import type { RunningSimulator } from '../../simulator';
import { NGINX_SPEC, testClient } from './client';
import { startTestSimulator } from './simulator';

/** What a test gets: the simulator (its control and request log) and a client logged in to it on first use. */
export interface TestDevice {
  sim: RunningSimulator;
  client: SecureEdgeClient;
}

/**
 * Registers beforeEach/afterEach. `use` receives each test's device before the test runs;
 * `prepare` (optional) puts the device in a starting state, and the request log is cleared after
 * it so tests count only their own requests.
 */
export function deviceEachTest(use: (device: TestDevice) => void, prepare?: (device: TestDevice) => Promise<void>): void {
  let device: TestDevice | undefined;
  beforeEach(async () => {
    const sim = await startTestSimulator();
    device = { sim, client: testClient(sim) };
    if (prepare) {
      await prepare(device);
      sim.control.clearRequests();
    }
    use(device);
  });
  afterEach(async () => {
    await device?.client.close();
    await device?.sim.close();
    device = undefined;
  });
}

/** A device holding `web` (NGINX_SPEC), running: the starting point of the plan suites. */
export async function runningWeb({ client }: TestDevice): Promise<void> {
  await client.createContainer(NGINX_SPEC);
  await client.startContainer('web');
}

/**
 * The transport suites' hooks: one simulator for the whole file and a fresh bare transport to it for
 * each test (no client, no session: what the transport does alone), closed at once after it.
 */
export function transportEachTest(use: (sim: RunningSimulator, transport: Transport) => void): void {
  let sim: RunningSimulator | undefined;
  let transport: Transport | undefined;
  beforeAll(async () => {
    sim = await startTestSimulator();
  });
  afterAll(() => sim?.close());
  beforeEach(() => {
    transport = createUndiciTransport({ origin: sim!.url, connectTimeoutMs: 1000 });
    use(sim!, transport);
  });
  afterEach(() => transport?.close(0));
}
