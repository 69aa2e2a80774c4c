/**
 * Putting the old container back when a redeploy fails: the half-made new container goes, the
 * old one is created again from the configuration read before it was stopped, and started again
 * if it ran. It runs without the caller's AbortSignal, under its own deadline: once the old
 * container is gone, stopping halfway would leave the machine without it.
 */
import { SecureEdgeError, isSecureEdgeError } from './errors';
import { pollUntil, isPassingPollFailure } from './poll';
import { RUNNING_LIKE, STOPPED, QUIT, type RedeployDeps } from './redeploy-deps';
import type { StepLog } from './redeploy-steps';
import { containerSpecSchema, type ContainerConfiguration, type ContainerSpec } from './schemas';

export interface RollbackPlan {
  name: string;
  /** The old container as a create body, from its configuration (always there with rollback on). */
  spec?: ContainerSpec;
  /** Its state before the redeploy. */
  state: string;
  /** The old container was removed (else it is still there, perhaps stopped). */
  removed: boolean;
  /** The new container's create was answered 504 or lost: the device may still create it. */
  createMayBePending: boolean;
}

export const DEFAULT_ROLLBACK_TIMEOUT_MS = 120_000;

/**
 * The old configuration as a create body: ports, volumes, networks without `bridge` (the device
 * adds it to every container), and the environment as the device reports it (the image's merged
 * with the given; creating with all of them gives the same merged list back).
 */
export function specFromConfiguration(config: ContainerConfiguration): { ok: true; spec: ContainerSpec } | { ok: false; reason: string } {
  const body = {
    container: { name: config.container.name },
    image: { name: config.image.name, tag: config.image.tag },
    ports: config.ports.map((p) => ({ source: p.source, destination: p.destination, protocol: p.protocol })),
    volumes: config.volumes.map((v) => ({ name: v.name, destination: v.destination })),
    networks: config.networks.filter((n) => n.name !== 'bridge').map((n) => ({ name: n.name })),
    environment_variables: config.environment_variables.map((e) => ({ key: e.key, value: e.value })),
  };
  const parsed = containerSpecSchema.safeParse(body);
  if (parsed.success) return { ok: true, spec: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, reason: `${issue.path.join('.')}: ${issue.message}` };
}

export async function rollBack(deps: RedeployDeps, plan: RollbackPlan, log: StepLog, deadline: number): Promise<void> {
  const { name } = plan;
  const remaining = () => Math.max(1, deadline - Date.now());
  if (plan.removed) {
    const spec = plan.spec;
    if (!spec)
      throw new SecureEdgeError({
        code: 'INVALID_INPUT',
        message: 'The old configuration was not read, so the old container cannot be created again.',
      });
    await log.run('rollback-remove-new', () => removeIfPresent(deps, name, deadline));
    await log.run('rollback-create', () => createOld(deps, { ...plan, spec }, deadline));
  }
  if (!RUNNING_LIKE.includes(plan.state)) return;
  // Always start, even if the status still says running: a stop that was answered may not show yet,
  // and starting a running container changes nothing.
  await log.run('rollback-start', async () => {
    const r = await deps.startContainer(name);
    return r.confirmedByState ? 'started (confirmed by state)' : 'started';
  });
  // A re-created container shows `created` until it runs, so `exited` means its program quit; an old
  // container merely stopped shows `exited` until the start takes effect, so there it is no verdict.
  const failOn = plan.removed ? QUIT : [];
  await log.run(
    'rollback-wait-running',
    async () => (await deps.waitForState(name, 'running', { timeoutMs: remaining(), failOn })).running_state,
  );
}

/** Stop and remove whatever now carries the name (the half-made new container), and wait until it is gone. */
async function removeIfPresent(deps: RedeployDeps, name: string, deadline: number): Promise<string> {
  const remaining = () => Math.max(1, deadline - Date.now());
  const state = await deps.stateOrAbsent(name);
  if (state === 'absent') return 'absent';
  if (RUNNING_LIKE.includes(state)) {
    await deps.stopContainer(name);
    await deps.waitForState(name, STOPPED, { timeoutMs: remaining() });
  }
  try {
    await deps.removeContainer(name);
  } catch (err) {
    if (!isSecureEdgeError(err) || err.code !== 'NOT_FOUND') throw err;
  }
  await waitUntilAbsent(deps, name, deadline);
  return `removed (was ${state})`;
}

async function createOld(deps: RedeployDeps, plan: RollbackPlan & { spec: ContainerSpec }, deadline: number): Promise<string> {
  const createTimeoutMs = () => Math.max(1, deadline - Date.now());
  try {
    await deps.createContainer(plan.spec, { createTimeoutMs: createTimeoutMs() });
    return 'created from the old configuration';
  } catch (err) {
    if (!plan.createMayBePending || !isSecureEdgeError(err) || err.code !== 'CONFLICT') throw err;
  }
  // The new container's create went on in the background and holds the name or the router ports:
  // wait until it is listed, remove it, and create the old one again.
  const appeared = await pollUntil(
    async () => ((await deps.stateOrAbsent(plan.name).catch(() => 'absent')) !== 'absent' ? true : undefined),
    deadline,
    deps.timing,
  );
  if (appeared.done) await removeIfPresent(deps, plan.name, deadline);
  await deps.createContainer(plan.spec, { createTimeoutMs: createTimeoutMs() });
  return 'created from the old configuration (after removing the late new container)';
}

/** Poll until the device no longer lists the container. */
export async function waitUntilAbsent(deps: RedeployDeps, name: string, deadline: number, signal?: AbortSignal): Promise<void> {
  const gone = await pollUntil(
    async () => {
      try {
        return (await deps.stateOrAbsent(name, { signal })) === 'absent' ? true : undefined;
      } catch (err) {
        if (isPassingPollFailure(err)) return undefined;
        throw err;
      }
    },
    deadline,
    deps.timing,
    signal,
  );
  if (!gone.done) throw new SecureEdgeError({ code: 'TIMEOUT', message: `Container '${name}' was still listed after its removal.` });
}
