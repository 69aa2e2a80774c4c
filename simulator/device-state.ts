/**
 * The device's Docker side: image registry, Docker's image cache, containers with their
 * states, named networks and named volumes. No HTTP here; the server maps outcomes to
 * status codes. State survives a simulated device restart, as Docker's does.
 */
import type { CreateRequest, EnvVar } from './create-request';
import { copyImage } from './seed-images';
import { Timers } from './timers';
import type { ContainerSnapshot, ContainerState, SeedImage } from './types';

export type Outcome<T = null> = { ok: true; value: T } | { ok: false; kind: 'not-found' | 'conflict' | 'image-error'; message: string };

interface Container {
  spec: CreateRequest;
  state: ContainerState;
  /** Cancels a start/stop whose effect is still delayed (startDelayMs/stopDelayMs). */
  cancelTransition?: () => void;
}

/** States in which Docker refuses to remove a container without force. */
const NOT_REMOVABLE: ReadonlySet<ContainerState> = new Set(['running', 'restarting', 'paused', 'removing']);
/** States a stop acts on; stopping anything else is a no-op, as in Docker. */
const STOPPABLE: ReadonlySet<ContainerState> = new Set(['running', 'restarting', 'paused']);

const imageKey = (name: string, tag: string) => `${name}:${tag}`;
const ok = <T>(value: T): Outcome<T> => ({ ok: true, value });
const fail = (kind: 'not-found' | 'conflict' | 'image-error', message: string): Outcome<never> => ({ ok: false, kind, message });

export class DeviceState {
  private images: SeedImage[];
  /** When each image's copy into Docker's cache is (or was) done. Absent: never used yet. */
  private readonly cacheReadyAt = new Map<string, number>();
  /** Insertion order = creation order, which is also the list order. */
  private readonly containers = new Map<string, Container>();
  /** Creations going on in the background: the name and router ports are taken, the container is not listed yet. */
  private readonly pending = new Map<string, CreateRequest>();
  private readonly volumeSet = new Set<string>();

  constructor(
    images: SeedImage[],
    private readonly timers: Timers,
  ) {
    this.images = images.map(copyImage);
  }

  // ---- images ----

  listImages(): SeedImage[] {
    return this.images.map(copyImage);
  }

  findImage(name: string, tag: string): SeedImage | undefined {
    return this.images.find((i) => i.name === name && i.tag === tag);
  }

  addImage(img: SeedImage): void {
    const copy = copyImage(img);
    const at = this.images.findIndex((i) => i.name === img.name && i.tag === img.tag);
    if (at >= 0) this.images[at] = copy;
    else this.images.push(copy);
    // A re-pushed image is a new image: Docker has to copy it again.
    this.cacheReadyAt.delete(imageKey(img.name, img.tag));
  }

  /** An image deleted from the registry (on the device: by its registry's own tools; the API has no call for it). */
  removeImage(name: string, tag: string): boolean {
    const before = this.images.length;
    this.images = this.images.filter((i) => !(i.name === name && i.tag === tag));
    this.cacheReadyAt.delete(imageKey(name, tag));
    return this.images.length < before;
  }

  // ---- containers ----

  /**
   * Checks and reserves a creation. `readyInMs` is how long until the container exists:
   * the rest of the image copy when this is (or joins) the first use of the image, else 0.
   * `ready` resolves when it exists. With readyInMs 0 it exists on return.
   */
  beginCreate(req: CreateRequest, now: number): Outcome<{ readyInMs: number; ready: Promise<void> }> {
    const image = this.findImage(req.image.name, req.image.tag);
    if (!image) return fail('not-found', `image ${req.image.name}:${req.image.tag} not found`);
    if (image.error) return fail('image-error', `image ${image.name}:${image.tag} cannot be used: ${image.error}`);
    if (this.containers.has(req.name)) return fail('conflict', `a container named "${req.name}" already exists`);
    if (this.pending.has(req.name)) return fail('conflict', `a container named "${req.name}" is being created`);

    const wanted = new Set<string>();
    for (const p of req.ports) {
      const key = `${p.destination}/${p.protocol}`;
      if (wanted.has(key)) return fail('conflict', `router port ${key} is mapped twice`);
      wanted.add(key);
      const holder = this.portHolder(p.destination, p.protocol);
      if (holder) return fail('conflict', `router port ${key} is already used by container "${holder}"`);
    }

    const key = imageKey(image.name, image.tag);
    let readyAt = this.cacheReadyAt.get(key);
    if (readyAt === undefined) {
      readyAt = now + (image.createMs ?? 0);
      this.cacheReadyAt.set(key, readyAt);
    }
    const readyInMs = Math.max(0, readyAt - now);

    this.pending.set(req.name, req);
    const ready = new Promise<void>((resolve) => {
      this.timers.after(readyInMs, () => {
        this.materialize(req.name);
        resolve();
      });
    });
    return ok({ readyInMs, ready });
  }

  private materialize(name: string): void {
    const req = this.pending.get(name);
    if (!req) return;
    this.pending.delete(name);
    // Named volumes are created on first use; named networks exist while a container uses them.
    for (const v of req.volumes) this.volumeSet.add(v.name);
    this.containers.set(name, { spec: req, state: 'created' });
  }

  private portHolder(destination: number, protocol: string): string | undefined {
    for (const [name, c] of this.containers) {
      if (c.spec.ports.some((p) => p.destination === destination && p.protocol === protocol)) return name;
    }
    for (const [name, req] of this.pending) {
      if (req.ports.some((p) => p.destination === destination && p.protocol === protocol)) return name;
    }
    return undefined;
  }

  listContainers(): string[] {
    return [...this.containers.keys()];
  }

  status(name: string): Outcome<ContainerState> {
    const c = this.containers.get(name);
    return c ? ok(c.state) : fail('not-found', `container "${name}" not found`);
  }

  /** The documented configuration shape: given ports/volumes, bridge + given networks, image env merged with given env. */
  configuration(name: string): Outcome<object> {
    const c = this.containers.get(name);
    if (!c) return fail('not-found', `container "${name}" not found`);
    const s = c.spec;
    const image = this.findImage(s.image.name, s.image.tag);
    return ok({
      container: { name: s.name },
      image: { name: s.image.name, tag: s.image.tag },
      ports: s.ports.map((p) => ({ source: p.source, destination: p.destination, protocol: p.protocol })),
      volumes: s.volumes.map((v) => ({ name: v.name, destination: v.destination })),
      networks: [{ name: 'bridge' }, ...s.networks.map((n) => ({ name: n }))],
      environment_variables: mergeEnv(image?.environment ?? [], s.env),
    });
  }

  /** `to` is 'running' unless a start fault makes the program quit ('exited') or crash-loop ('restarting'). */
  start(name: string, delayMs: number, to: 'running' | 'exited' | 'restarting' = 'running'): Outcome {
    const c = this.containers.get(name);
    if (!c) return fail('not-found', `container "${name}" not found`);
    c.cancelTransition?.();
    c.cancelTransition = undefined;
    if (c.state !== 'running') this.transition(c, to, delayMs);
    return ok(null);
  }

  /** "name:tag" of the container's image, for image-keyed faults. */
  imageOf(name: string): string | undefined {
    const c = this.containers.get(name);
    return c ? imageKey(c.spec.image.name, c.spec.image.tag) : undefined;
  }

  stop(name: string, delayMs: number): Outcome {
    const c = this.containers.get(name);
    if (!c) return fail('not-found', `container "${name}" not found`);
    // Also cancels a start that has been answered but not shown yet: the container ends up stopped.
    c.cancelTransition?.();
    c.cancelTransition = undefined;
    if (STOPPABLE.has(c.state)) this.transition(c, 'exited', delayMs);
    return ok(null);
  }

  private transition(c: Container, to: ContainerState, delayMs: number): void {
    c.cancelTransition = this.timers.after(delayMs, () => {
      c.state = to;
      c.cancelTransition = undefined;
    });
  }

  /** Judged on the state a client can observe: after a stop answered but not yet shown, removal is still refused. */
  remove(name: string): Outcome {
    const c = this.containers.get(name);
    if (!c) return fail('not-found', `container "${name}" not found`);
    if (NOT_REMOVABLE.has(c.state)) {
      return fail('conflict', `cannot remove container "${name}" while it is ${c.state}: stop the container first`);
    }
    c.cancelTransition?.();
    this.containers.delete(name);
    return ok(null);
  }

  /** Control API: force a state (cancels any delayed transition). */
  setState(name: string, state: ContainerState): void {
    const c = this.containers.get(name);
    if (!c) throw new Error(`simulator: no container named "${name}"`);
    c.cancelTransition?.();
    c.cancelTransition = undefined;
    c.state = state;
  }

  // ---- volumes and networks ----

  removeVolume(name: string): Outcome {
    if (!this.volumeSet.has(name)) return fail('not-found', `volume "${name}" not found`);
    const users = [...this.containers.values()].map((c) => c.spec).concat([...this.pending.values()]);
    const user = users.find((s) => s.volumes.some((v) => v.name === name));
    if (user) return fail('conflict', `volume "${name}" is in use by container "${user.name}"`);
    this.volumeSet.delete(name);
    return ok(null);
  }

  volumes(): string[] {
    return [...this.volumeSet];
  }

  /** A named network exists exactly while at least one container uses it (created with the first, removed with the last). */
  networks(): string[] {
    const names: string[] = [];
    for (const c of this.containers.values()) {
      for (const n of c.spec.networks) if (!names.includes(n)) names.push(n);
    }
    return names;
  }

  // ---- snapshots for the control API ----

  snapshot(): ContainerSnapshot[] {
    return [...this.containers.values()].map((c) => ({
      name: c.spec.name,
      image: c.spec.image.name,
      tag: c.spec.image.tag,
      state: c.state,
      ports: c.spec.ports.map((p) => ({ ...p })),
      volumes: c.spec.volumes.map((v) => ({ ...v })),
      networks: [...c.spec.networks],
      env: c.spec.env.map((e) => ({ ...e })),
    }));
  }

  pendingNames(): string[] {
    return [...this.pending.keys()];
  }
}

/** Image env first, in its order; a given key overrides the image's value in place; new keys are appended. */
export function mergeEnv(imageEnv: EnvVar[], given: EnvVar[]): EnvVar[] {
  const merged = imageEnv.map((e) => ({ key: e.key, value: e.value }));
  for (const g of given) {
    const existing = merged.find((e) => e.key === g.key);
    if (existing) existing.value = g.value;
    else merged.push({ key: g.key, value: g.value });
  }
  return merged;
}
