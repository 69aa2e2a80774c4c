/**
 * The set-up the redeploy suites share: a simulator with a new release (`nginx:next`) in its
 * registry, a test client, and (unless told otherwise) the old container `web` (nginx:latest)
 * running. Each suite used to build this itself; one copy keeps the image, the spec and the
 * paths the same everywhere, so a test reads only what it changes.
 */
import type { SecureEdgeClient, SecureEdgeClientOptions } from '../../core';
import type { RunningSimulator, SeedImage } from '../../simulator';
import { NGINX_SPEC, testClient } from './client';
import { recordForScan } from './secrets';
import { startTestSimulator } from './simulator';

/** The new release: another tag of the old container's image, with its own environment. */
export const NEXT: SeedImage = {
  name: 'nginx',
  tag: 'next',
  size: 70_000_000,
  platforms: ['linux/arm64/v8'],
  environment: [{ key: 'NGINX_VERSION', value: '1.29' }],
};
/** The old container's spec on the new image, with a changed environment. */
export const NEW_SPEC = { ...NGINX_SPEC, image: { name: 'nginx', tag: 'next' }, environment_variables: [{ key: 'PORT', value: '9000' }] };
export const CREATE = { method: 'POST', path: '/api/v1/docker/containers' };
export const WEB = '/api/v1/docker/containers/web';

export interface RedeployDevice {
  sim: RunningSimulator;
  client: SecureEdgeClient;
  /** Called with every line the client logs (after the secret scan has it): a test can act on a request's answer. */
  onLog: (line: string) => void;
  close(): Promise<void>;
}

export interface RedeployDeviceOptions {
  /** The old container `web`: 'running' (default), 'exited' (started, then stopped) or 'none' (a first deploy). */
  old?: 'running' | 'exited' | 'none';
  client?: Partial<SecureEdgeClientOptions>;
}

export async function startRedeployDevice(options: RedeployDeviceOptions = {}): Promise<RedeployDevice> {
  const sim = await startTestSimulator();
  sim.control.addImage(NEXT);
  // The client's logger calls the test's hook through the device, so a test can set onLog at any time.
  const log = (line: string) => {
    recordForScan('client log', line);
    device.onLog(line);
  };
  const client = testClient(sim, { logger: { debug: log, warn: log }, ...options.client });
  const device: RedeployDevice = {
    sim,
    client,
    onLog: () => undefined,
    close: async () => {
      await client.close();
      await sim.close();
    },
  };
  const old = options.old ?? 'running';
  if (old !== 'none') {
    await client.createContainer(NGINX_SPEC);
    await client.startContainer('web');
    await client.waitForState('web', 'running', { timeoutMs: 2000 });
  }
  if (old === 'exited') {
    await client.stopContainer('web');
    await client.waitForState('web', 'exited', { timeoutMs: 2000 });
  }
  sim.control.clearRequests();
  return device;
}

/** The changes that reached the device (login excepted), as "METHOD path". */
export function changes(sim: RunningSimulator): string[] {
  return sim.control.requests.filter((r) => r.method !== 'GET' && r.path !== '/auth/login').map((r) => `${r.method} ${r.path}`);
}

type Step = { step: string; outcome: string; target?: string };

/** The steps of a report, or of a failed redeploy (from its error's details). */
function stepList(stepsOrDetails: unknown): Step[] {
  return (Array.isArray(stepsOrDetails) ? stepsOrDetails : ((stepsOrDetails as { steps?: unknown })?.steps ?? [])) as Step[];
}

/** The steps as step -> outcome (the last one wins). */
export function stepsOf(stepsOrDetails: unknown): Record<string, string> {
  return Object.fromEntries(stepList(stepsOrDetails).map((s) => [s.step, s.outcome]));
}

/** The names of the steps, in order. */
export function stepNames(stepsOrDetails: unknown): string[] {
  return stepList(stepsOrDetails).map((s) => s.step);
}
