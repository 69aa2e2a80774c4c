/**
 * Redeploy = what the vendor's script does (status, stop, remove, remove volumes, create, start)
 * without its fixed sleeps: each step polls until it is really done, under one overall deadline,
 * and the report says what each step found and how long it took.
 */
import type { SecureEdgeClient } from './client';
import { SecureEdgeError, isSecureEdgeError } from './errors';
import { isPassingPollFailure, pollUntil } from './poll';
import { DEFAULTS } from './rules';
import type { ContainerSpec } from './schemas';
import type { RedeployReport, RedeployStep, RedeployStepName } from './types';

export interface RedeployOptions {
  /** Also remove the named volumes of the old container and of the new spec (start clean). Default false. */
  removeVolumes?: boolean;
  /** Deadline for the whole redeploy. Default 5 minutes. */
  timeoutMs?: number;
  /** Deadline for a create the device answered 504. Default: from the image size, within the overall deadline. */
  createTimeoutMs?: number;
}

export const DEFAULT_REDEPLOY_TIMEOUT_MS = DEFAULTS.redeployTimeoutMs;
const RUNNING_LIKE = ['running', 'restarting', 'paused'];
const STOPPED = ['exited', 'created', 'dead'];

export async function redeploy(client: SecureEdgeClient, spec: ContainerSpec, options: RedeployOptions): Promise<RedeployReport> {
  const name = spec.container.name;
  const image = `${spec.image.name}:${spec.image.tag}`;
  const started = Date.now();
  const deadline = started + (options.timeoutMs ?? DEFAULT_REDEPLOY_TIMEOUT_MS);
  const remaining = () => Math.max(1, deadline - Date.now());
  const steps: RedeployStep[] = [];

  async function step(name: RedeployStepName, run: () => Promise<string>, target?: string): Promise<string> {
    const t0 = Date.now();
    try {
      const outcome = await run();
      steps.push({ step: name, outcome, durationMs: Date.now() - t0, ...(target ? { target } : {}) });
      return outcome;
    } catch (err) {
      const e = isSecureEdgeError(err) ? err : new SecureEdgeError({ code: 'DEVICE_ERROR', message: String((err as Error)?.message ?? err) });
      steps.push({ step: name, outcome: `failed: ${e.code}`, durationMs: Date.now() - t0, ...(target ? { target } : {}) });
      throw new SecureEdgeError({
        code: e.code,
        status: e.status,
        method: e.method,
        path: e.path,
        field: e.field,
        message: `Redeploy of '${spec.container.name}' stopped at step '${name}': ${e.message}`,
        details: { ...e.details, failedStep: name, steps: [...steps] },
      });
    }
  }

  const before = await step('status', () => client.stateOrAbsent(name));
  const replaced = before !== 'absent';
  const volumes = new Set<string>();
  if (options.removeVolumes) {
    if (replaced) {
      await step('read-configuration', async () => {
        const config = await client.getContainerConfiguration(name);
        config.volumes.forEach((v) => volumes.add(v.name));
        return `${config.volumes.length} volume(s)`;
      });
    }
    spec.volumes.forEach((v) => volumes.add(v.name));
  }

  if (replaced) {
    if (RUNNING_LIKE.includes(before)) {
      await step('stop', async () => {
        const r = await client.stopContainer(name);
        return r.confirmedByState ? `stopped (confirmed by state ${r.running_state})` : 'stopped';
      });
      await step('wait-stopped', async () => (await client.waitForState(name, STOPPED, { timeoutMs: remaining() })).running_state);
    }
    await step('remove', async () => {
      try {
        await client.removeContainer(name);
        return 'removed';
      } catch (err) {
        if (isSecureEdgeError(err) && err.code === 'NOT_FOUND') return 'already gone';
        throw err;
      }
    });
    await step('wait-removed', async () => {
      const gone = await pollUntil(
        async () => {
          try {
            return (await client.stateOrAbsent(name)) === 'absent' ? true : undefined;
          } catch (err) {
            if (isPassingPollFailure(err)) return undefined;
            throw err;
          }
        },
        deadline,
        client.pollTiming,
      );
      if (!gone.done) throw new SecureEdgeError({ code: 'TIMEOUT', message: `Container '${name}' was still listed after removal.` });
      return 'absent';
    });
  }

  for (const volume of volumes) {
    await step(
      'remove-volume',
      async () => {
        try {
          await client.removeVolume(volume);
          return 'removed';
        } catch (err) {
          if (isSecureEdgeError(err) && err.code === 'NOT_FOUND') return 'already gone';
          throw err;
        }
      },
      volume,
    );
  }

  await step('create', async () => {
    const createTimeoutMs = Math.min(options.createTimeoutMs ?? Number.POSITIVE_INFINITY, remaining());
    const r = await client.createContainer(spec, { createTimeoutMs: Number.isFinite(createTimeoutMs) ? createTimeoutMs : undefined });
    return r.answer === 504 || r.answer === 'lost'
      ? `created (answer ${r.answer}, appeared after ${(r.waitedMs / 1000).toFixed(1)} s)`
      : 'created';
  });
  await step('start', async () => ((await client.startContainer(name)).confirmedByState ? 'started (confirmed by state)' : 'started'));
  const finalState = await step('wait-running', async () => (await client.waitForState(name, 'running', { timeoutMs: remaining() })).running_state);

  return { name, image, replaced, running_state: finalState, steps, durationMs: Date.now() - started };
}
