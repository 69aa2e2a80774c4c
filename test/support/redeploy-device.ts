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
  const device: RedeployDevice = {
    sim,
    client: undefined as unknown as SecureEdgeClient,
    onLog: () => undefined,
    close: async () => {
      await device.client.close();
      await sim.close();
    },
  };
  const log = (line: string) => {
    recordForScan('client log', line);
    device.onLog(line);
  };
  device.client = testClient(sim, { logger: { debug: log, warn: log }, ...options.client });
  const old = options.old ?? 'running';
  if (old !== 'none') {
    await device.client.createContainer(NGINX_SPEC);
    await device.client.startContainer('web');
    await device.client.waitForState('web', 'running', { timeoutMs: 2000 });
  }
  if (old === 'exited') {
    await device.client.stopContainer('web');
    await device.client.waitForState('web', 'exited', { timeoutMs: 2000 });
  }
  sim.control.clearRequests();
  return device;
}

/** The changes that reached the device (login excepted), as "METHOD path". */
export function changes(sim: RunningSimulator): string[] {
  return sim.control.requests.filter((r) => r.method !== 'GET' && r.path !== '/auth/login').map((r) => `${r.method} ${r.path}`);
}

type Step = { step: string; outcome: string; target?: string };

/** A failed redeploy's steps (from its error's details) or a report's steps, as step -> outcome (the last one wins). */
export function stepsOf(stepsOrDetails: unknown): Record<string, string> {
  const steps = Array.isArray(stepsOrDetails) ? stepsOrDetails : ((stepsOrDetails as { steps?: unknown })?.steps ?? []);
  return Object.fromEntries((steps as Step[]).map((s) => [s.step, s.outcome]));
}

/** The names of the steps, in order. */
export function stepNames(stepsOrDetails: unknown): string[] {
  const steps = Array.isArray(stepsOrDetails) ? stepsOrDetails : ((stepsOrDetails as { steps?: unknown })?.steps ?? []);
  return (steps as Step[]).map((s) => s.step);
}
