/**
 * What redeploy and its rollback need of a client, and nothing more: they never see the session,
 * the wire or the client class (so core/client.ts and core/redeploy.ts do not import each other).
 */
import type { CreateOptions } from './create-container';
import type { PollTiming } from './poll';
import type { ContainerSpec } from './schemas';
import type { ContainerActionResult, ContainerConfiguration, CreateResult, ImageDetails, VolumeRemoveResult, WaitResult } from './types';

export interface Cancellable {
  signal?: AbortSignal;
}

export interface RedeployDeps {
  timing: PollTiming;
  /** 'absent' for a container the device does not know. */
  stateOrAbsent(name: string, options?: Cancellable): Promise<string>;
  getImageDetails(name: string, tag: string, options?: Cancellable): Promise<ImageDetails>;
  getContainerConfiguration(name: string, options?: Cancellable): Promise<ContainerConfiguration>;
  stopContainer(name: string, options?: Cancellable): Promise<ContainerActionResult>;
  startContainer(name: string, options?: Cancellable): Promise<ContainerActionResult>;
  removeContainer(name: string, options?: Cancellable): Promise<ContainerActionResult>;
  removeVolume(name: string, options?: Cancellable): Promise<VolumeRemoveResult>;
  createContainer(spec: ContainerSpec, options: CreateOptions): Promise<CreateResult>;
  waitForState(
    name: string,
    states: string | readonly string[],
    options: Cancellable & { timeoutMs: number; failOn?: readonly string[] },
  ): Promise<WaitResult>;
}

/** Docker states in which a container counts as running (a stop acts on them, a remove is refused). */
export const RUNNING_LIKE: readonly string[] = ['running', 'restarting', 'paused'];
/** States a stop ends in. */
export const STOPPED: readonly string[] = ['exited', 'created', 'dead'];
/** States that, right after a start was answered, mean the program quit. */
export const QUIT: readonly string[] = ['exited', 'dead'];
