/**
 * Desired state, part one: compare what should run (container specs in the API's create shape)
 * with what the device runs, and say per container what would bring it in line. Reading only:
 * plan() sends GETs, never a change. Containers cannot be changed in place (no PATCH), so any
 * configuration difference means a redeploy; a container that matches but is not running only
 * needs a start, so a nightly job that finds nothing to do restarts nothing.
 */
import { z } from 'zod/v4';
import { isSecureEdgeError } from './errors';
import { containerSpecSchema, type ContainerSpec } from './schemas';
import type { ContainerConfiguration, ContainerStatus, ContainerSummary } from './types';
import { parseInput } from './validate';

/** What it takes to bring one container in line. `remove` only with `prune`. */
export type EnsureAction = 'create' | 'start' | 'redeploy' | 'none' | 'remove';
export const ENSURE_ACTIONS: readonly EnsureAction[] = ['create', 'start', 'redeploy', 'none', 'remove'];

/** The desired state of one device: its containers, and whether others are removed. */
export const desiredStateSchema = z
  .strictObject({
    containers: z.array(containerSpecSchema).max(256, { error: 'at most 256 containers' }),
    /** Remove containers the device has and `containers` does not list. Default false: never remove what you did not name. */
    prune: z.boolean({ error: 'prune must be true or false' }).default(false),
  })
  .superRefine((state, ctx) => {
    const seen = new Set<string>();
    state.containers.forEach((c, i) => {
      if (seen.has(c.container.name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['containers', i, 'container', 'name'],
          message: `container '${c.container.name}' is listed twice`,
        });
      }
      seen.add(c.container.name);
    });
  });

export type DesiredStateInput = z.input<typeof desiredStateSchema>;
export type DesiredState = z.output<typeof desiredStateSchema>;

/** Validate a desired state; the error names the field (e.g. `containers[1].ports[0].destination`). Nothing is sent. */
export function parseDesiredState(value: unknown, field = 'desired state'): DesiredState {
  return parseInput(desiredStateSchema, value, field, false);
}

export interface PlanEntry {
  /** Container name. */
  name: string;
  action: EnsureAction;
  /** Why, in words; empty for `none` of a running container. Never an environment value (it may be a secret). */
  reasons: string[];
  /** The state the device reported ('absent' when there is no such container). */
  running_state: string;
  /** The desired spec (absent for `remove`). */
  spec?: ContainerSpec;
}

export interface Plan {
  entries: PlanEntry[];
  /** Entries whose action is not `none`. */
  changes: number;
}

/** The reads plan() needs; SecureEdgeClient has them all. */
export interface PlanDeps {
  listContainers(): Promise<ContainerSummary[]>;
  getContainerStatus(name: string): Promise<ContainerStatus>;
  getContainerConfiguration(name: string): Promise<ContainerConfiguration>;
}

/** The device adds `bridge` to every container's networks; it is never a difference. */
export const IMPLICIT_NETWORK = 'bridge';

const RUNNING = 'running';
/** Stopped with the right configuration: a start is enough. */
const STARTABLE = ['created', 'exited'];
/** Cannot be started as it is: a fresh container is needed. */
const BROKEN = ['dead'];

const portKey = (p: { source: number; destination: number; protocol: string }) => `${p.source}:${p.destination}/${p.protocol}`;
const volumeKey = (v: { name: string; destination: string }) => `${v.name}:${v.destination}`;

function setDiff(label: string, desired: string[], actual: string[]): string | undefined {
  const want = new Set(desired);
  const have = new Set(actual);
  const added = [...want].filter((k) => !have.has(k));
  const removed = [...have].filter((k) => !want.has(k));
  if (added.length === 0 && removed.length === 0) return undefined;
  const parts = [...added.map((k) => `+${k}`), ...removed.map((k) => `-${k}`)];
  return `${label} differ: ${parts.join(', ')}`;
}

/**
 * The configuration differences that need a redeploy, in words; empty when the device's
 * configuration is what the spec asks for. Ports and volumes compare as sets; networks as a set
 * without `bridge`; environment: every desired key must be there with its value (the device
 * merges the image's own variables in, so extra keys are expected).
 */
export function configurationDrift(spec: ContainerSpec, config: ContainerConfiguration): string[] {
  const reasons: string[] = [];
  if (config.image.name !== spec.image.name || config.image.tag !== spec.image.tag) {
    reasons.push(`image ${config.image.name}:${config.image.tag} -> ${spec.image.name}:${spec.image.tag}`);
  }
  const ports = setDiff('ports', spec.ports.map(portKey), config.ports.map(portKey));
  if (ports) reasons.push(ports);
  const volumes = setDiff('volumes', spec.volumes.map(volumeKey), config.volumes.map(volumeKey));
  if (volumes) reasons.push(volumes);
  const named = (list: { name: string }[]) => list.map((n) => n.name).filter((n) => n !== IMPLICIT_NETWORK);
  const networks = setDiff('networks', named(spec.networks), named(config.networks));
  if (networks) reasons.push(networks);
  const env = new Map(config.environment_variables.map((e) => [e.key, e.value]));
  // Keys only: values may be secrets, and the plan is printed and logged.
  const missing = spec.environment_variables.filter((e) => !env.has(e.key)).map((e) => e.key);
  const changed = spec.environment_variables.filter((e) => env.has(e.key) && env.get(e.key) !== e.value).map((e) => e.key);
  if (missing.length > 0) reasons.push(`environment: ${missing.join(', ')} missing`);
  if (changed.length > 0) reasons.push(`environment: ${changed.join(', ')} differ${changed.length === 1 ? 's' : ''}`);
  return reasons;
}

/** One container: its state and configuration decide the action. */
export function decide(spec: ContainerSpec, state: string, config: ContainerConfiguration | undefined): PlanEntry {
  const name = spec.container.name;
  if (state === 'absent' || config === undefined) return { name, action: 'create', reasons: ['missing'], running_state: 'absent', spec };
  const drift = configurationDrift(spec, config);
  if (drift.length > 0) return { name, action: 'redeploy', reasons: drift, running_state: state, spec };
  if (BROKEN.includes(state))
    return { name, action: 'redeploy', reasons: [`${state}: a fresh container is needed`], running_state: state, spec };
  if (STARTABLE.includes(state))
    return { name, action: 'start', reasons: [`${state}, configuration as desired`], running_state: state, spec };
  // running, or a state this API cannot act on (paused: there is no unpause; restarting: Docker is at it).
  return { name, action: 'none', reasons: state === RUNNING ? [] : [`${state}: left as it is`], running_state: state, spec };
}

async function stateOrAbsent(deps: PlanDeps, name: string): Promise<string> {
  try {
    return (await deps.getContainerStatus(name)).running_state;
  } catch (err) {
    if (isSecureEdgeError(err) && err.code === 'NOT_FOUND') return 'absent';
    throw err;
  }
}

/** Compare the desired state with the device. Input is validated first; only GETs are sent. */
export async function plan(deps: PlanDeps, desired: DesiredStateInput | DesiredState): Promise<Plan> {
  const state = parseDesiredState(desired);
  const listed = new Set((await deps.listContainers()).map((c) => c.name));
  const entries: PlanEntry[] = [];
  for (const spec of state.containers) {
    const name = spec.container.name;
    const running = listed.has(name) ? await stateOrAbsent(deps, name) : 'absent';
    const config = running === 'absent' ? undefined : await deps.getContainerConfiguration(name);
    entries.push(decide(spec, running, config));
  }
  if (state.prune) {
    const wanted = new Set(state.containers.map((c) => c.container.name));
    for (const name of listed) {
      if (wanted.has(name)) continue;
      entries.push({
        name,
        action: 'remove',
        reasons: ['not in the desired state (prune)'],
        running_state: await stateOrAbsent(deps, name),
      });
    }
  }
  return { entries, changes: entries.filter((e) => e.action !== 'none').length };
}
