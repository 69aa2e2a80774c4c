/**
 * SecureEdgeClient: one method per device endpoint, named for what the user wants, plus the
 * two workflows built on them (waitForState, redeploy). Every input is validated before a
 * request is sent; every answer is parsed with a schema.
 */
import { listContainersWithState, type ContainerWithState } from './container-states';
import { createContainer, type CreateOptions } from './create-container';
import { DeviceApi, type ApiCall } from './device-api';
import { outcomeUnknown } from './failure-rules';
import { SecureEdgeError, isSecureEdgeError } from './errors';
import { inspect } from 'node:util';
import { openDeviceLink, type DeviceLink } from './device-link';
import { silentLogger, type Logger } from './logger';
import { checkClientOptions } from './options';
import { paths } from './paths';
import type { PollTiming } from './poll';
import { recoverByReadingState } from './recover';
import { redeploy, type RedeployDeps, type RedeployOptions } from './redeploy';
import type { RetryPolicy } from './retry';
import {
  containerConfigurationSchema,
  containerListSchema,
  containerNameSchema,
  containerSpecSchema,
  containerStatusSchema,
  imageDetailsSchema,
  imageListSchema,
  imageNameSchema,
  imageTagSchema,
  volumeNameSchema,
  type ContainerSpec,
  type ContainerSpecInput,
} from './schemas';
import { Session } from './session';
import type { TlsOptions, Transport } from './transport';
import type {
  ContainerActionResult,
  ContainerConfiguration,
  ContainerStatus,
  ContainerSummary,
  CreateResult,
  ImageDetails,
  ImageSummary,
  RedeployReport,
  VolumeRemoveResult,
  WaitResult,
} from './types';
import { parseInput, parseResponse, textInput } from './validate';
import { checkStates, DEFAULT_WAIT_TIMEOUT_MS, waitForState } from './wait-for-state';

export interface SecureEdgeClientOptions {
  /** The device, e.g. http://192.168.140.1 (no path). */
  url: string;
  /** Always `admin` on the device; kept configurable for firmware that changes it. */
  username?: string;
  password: string;
  /** Total deadline of each request (connect, headers, body). Default DEFAULT_REQUEST_TIMEOUT_MS (30 s). */
  timeoutMs?: number;
  tls?: TlsOptions;
  /** Hand in your own transport (tests, engines with their own HTTP stack). */
  transport?: Transport;
  logger?: Logger;
  retry?: Partial<RetryPolicy>;
  poll?: Partial<PollTiming>;
}

const RUNNING_LIKE = ['running', 'restarting', 'paused'];

// The single-text inputs, checked once per distinct text (validate.ts: textInput).
const checkContainerName = textInput(containerNameSchema, 'container name');
const checkImageName = textInput(imageNameSchema, 'image name');
const checkImageTag = textInput(imageTagSchema, 'image tag');
const checkVolumeName = textInput(volumeNameSchema, 'volume name');

/** Every call takes an AbortSignal: reads and waits stop at once, a change not yet sent is not sent. */
export interface CallOptions {
  signal?: AbortSignal;
}

export interface WaitForStateOptions extends CallOptions {
  /** Default 60 s. */
  timeoutMs?: number;
  /** States that end the wait at once with a failure, e.g. ['exited', 'dead'] when waiting for running. */
  failOn?: string | readonly string[];
}

export class SecureEdgeClient {
  readonly url: string;
  private readonly transport: Transport;
  private readonly session: Session;
  private readonly api: DeviceApi;
  private readonly timing: PollTiming;

  /**
   * Options are checked first (INVALID_INPUT for anything that is not what it must be). `link` is
   * the pool's: clients made for the same login share its session and connections (pool.ts).
   */
  constructor(options: SecureEdgeClientOptions, link?: DeviceLink) {
    const o = checkClientOptions(options);
    const logger = o.logger ?? silentLogger;
    const shared = link ?? openDeviceLink(o, logger);
    this.url = o.origin;
    this.transport = shared.transport;
    this.session = shared.session;
    this.api = new DeviceApi(this.transport, this.session, o.retry, o.timeoutMs, shared.redactor, logger);
    this.timing = o.poll;
  }

  /** What console.log and util.inspect show: never the password, the cookie or the logger. */
  [inspect.custom](): string {
    return `SecureEdgeClient { url: '${this.url}', username: '${this.session.username}', loginCount: ${this.loginCount} }`;
  }

  /** What JSON.stringify shows, for the same reason. */
  toJSON(): Record<string, unknown> {
    return { url: this.url, username: this.session.username, loginCount: this.loginCount };
  }

  /** Logins this client has attempted (one per session, however many calls). */
  get loginCount(): number {
    return this.session.loginCount;
  }

  /** Log in now and list images: a connection check for credential tests and config dialogs. */
  async checkConnection(): Promise<{ ok: true; images: number }> {
    this.session.forget();
    const images = await this.listImages();
    return { ok: true, images: images.length };
  }

  async listImages(options: CallOptions = {}): Promise<ImageSummary[]> {
    return this.getJson({ method: 'GET', path: paths.images(), signal: options.signal }, imageListSchema);
  }

  async getImageDetails(name: string, tag: string, options: CallOptions = {}): Promise<ImageDetails> {
    const n = checkImageName(name);
    const t = checkImageTag(tag);
    const body = await this.getJson(
      { method: 'GET', path: paths.imageDetails(n, t), subject: `image '${n}:${t}'`, signal: options.signal },
      imageDetailsSchema,
    );
    return { name: n, tag: t, ...body, error: body.error ?? null };
  }

  async listContainers(options: CallOptions = {}): Promise<ContainerSummary[]> {
    return this.getJson({ method: 'GET', path: paths.containers(), signal: options.signal }, containerListSchema);
  }

  /** Every container with its running_state: one list, then one status read per container, a few at a time. */
  async listContainersWithState(): Promise<ContainerWithState[]> {
    return listContainersWithState(this);
  }

  async createContainer(spec: ContainerSpecInput, options: CreateOptions = {}): Promise<CreateResult> {
    return this.createValid(parseInput(containerSpecSchema, spec, 'container spec', false), options);
  }

  async getContainerStatus(name: string, options: CallOptions = {}): Promise<ContainerStatus> {
    const n = this.containerName(name);
    const body = await this.getJson(
      { method: 'GET', path: paths.containerStatus(n), subject: `container '${n}'`, signal: options.signal },
      containerStatusSchema,
    );
    return { name: n, running_state: body.running_state };
  }

  async getContainerConfiguration(name: string, options: CallOptions = {}): Promise<ContainerConfiguration> {
    const n = this.containerName(name);
    return this.getJson(
      { method: 'GET', path: paths.containerConfiguration(n), subject: `container '${n}'`, signal: options.signal },
      containerConfigurationSchema,
    );
  }

  /** Start. If the answer fails or is lost, the state decides: a running container is a success. */
  async startContainer(name: string, options: CallOptions = {}): Promise<ContainerActionResult> {
    const n = this.containerName(name);
    const call: ApiCall = { method: 'POST', path: paths.containerStart(n), subject: `container '${n}'`, signal: options.signal };
    return this.actOnContainer(n, 'start', call, (s) => s === 'running');
  }

  /** Stop. If the answer fails or is lost, a container that is no longer running is a success. */
  async stopContainer(name: string, options: CallOptions = {}): Promise<ContainerActionResult> {
    const n = this.containerName(name);
    const call: ApiCall = { method: 'POST', path: paths.containerStop(n), subject: `container '${n}'`, signal: options.signal };
    return this.actOnContainer(n, 'stop', call, (s) => !RUNNING_LIKE.includes(s));
  }

  /** Remove. The device refuses while the container runs; that becomes a CONFLICT that says so. */
  async removeContainer(name: string, options: CallOptions = {}): Promise<ContainerActionResult> {
    const n = this.containerName(name);
    const call: ApiCall = { method: 'DELETE', path: paths.container(n), subject: `container '${n}'`, signal: options.signal };
    try {
      await this.api.sendOk(call);
      return { name: n, action: 'remove' };
    } catch (err) {
      return recoverByReadingState(err, () => this.stateOrAbsent(n), {
        done: (state) => (state === 'absent' ? { name: n, action: 'remove' as const, confirmedByState: true } : undefined),
        refused: (state, e) =>
          RUNNING_LIKE.includes(state)
            ? new SecureEdgeError({
                code: 'CONFLICT',
                status: e.status,
                method: 'DELETE',
                path: call.path,
                message: `Container '${n}' is ${state}: stop it before removing it.`,
                details: { running_state: state },
              })
            : undefined,
      });
    }
  }

  async removeVolume(name: string, options: CallOptions = {}): Promise<VolumeRemoveResult> {
    const n = checkVolumeName(name);
    const call: ApiCall = { method: 'DELETE', path: paths.volume(n), subject: `volume '${n}'`, signal: options.signal };
    try {
      await this.api.sendOk(call);
    } catch (err) {
      if (isSecureEdgeError(err) && err.code === 'CONFLICT') {
        throw err.with({ message: `Volume '${n}' is in use by a container: remove the container first. ${err.message}` });
      }
      if (outcomeUnknown(err)) {
        // There is no volume list to check; removing again is harmless (404 = already gone).
        throw err.with({ message: `${err.message} Removing volume '${n}' again is safe: a 404 then means it is gone.` });
      }
      throw err;
    }
    return { name: n, action: 'remove-volume' };
  }

  /**
   * Poll the status until the container is in one of `state`. `failOn` states end the wait at once
   * with DEVICE_ERROR (e.g. `exited` when waiting for a start). A fired `signal` ends it with CANCELLED.
   */
  async waitForState(name: string, state: string | readonly string[], options: WaitForStateOptions = {}): Promise<WaitResult> {
    const n = this.containerName(name);
    const wanted = checkStates(state);
    const failOn = options.failOn === undefined || options.failOn.length === 0 ? [] : checkStates(options.failOn);
    const timeoutMs = options.timeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS;
    const signal = options.signal;
    return waitForState(() => this.getContainerStatus(n, { signal }), n, wanted, { timeoutMs, timing: this.timing, signal, failOn });
  }

  async redeploy(spec: ContainerSpecInput, options: RedeployOptions = {}): Promise<RedeployReport> {
    const valid = parseInput(containerSpecSchema, spec, 'container spec', false);
    return redeploy(this.redeployDeps(), valid, options);
  }

  /** 'absent' for a 404, otherwise the state. Used by the lost-answer checks and list-with-state. */
  async stateOrAbsent(name: string, options: CallOptions = {}): Promise<string> {
    try {
      return (await this.getContainerStatus(name, options)).running_state;
    } catch (err) {
      if (isSecureEdgeError(err) && err.code === 'NOT_FOUND') return 'absent';
      throw err;
    }
  }

  /**
   * Release the connections: running requests get a bounded grace (CLOSE_GRACE_MS), then are cut.
   * The session is kept; a later call opens new connections. A pooled client is the pool's to close.
   */
  async close(graceMs?: number): Promise<void> {
    await this.transport.close(graceMs);
  }

  /** What redeploy needs of the client, and nothing more (it never sees the session or the wire). */
  private redeployDeps(): RedeployDeps {
    return {
      timing: this.timing,
      stateOrAbsent: (n, o) => this.stateOrAbsent(n, o),
      getImageDetails: (n, t, o) => this.getImageDetails(n, t, o),
      getContainerConfiguration: (n, o) => this.getContainerConfiguration(n, o),
      stopContainer: (n, o) => this.stopContainer(n, o),
      startContainer: (n, o) => this.startContainer(n, o),
      removeContainer: (n, o) => this.removeContainer(n, o),
      removeVolume: (n, o) => this.removeVolume(n, o),
      createContainer: (spec, o) => this.createValid(spec, o),
      waitForState: (n, states, o) => this.waitForState(n, states, o),
    };
  }

  private createValid(spec: ContainerSpec, options: CreateOptions): Promise<CreateResult> {
    const deps = {
      api: this.api,
      listContainers: (o?: CallOptions) => this.listContainers(o),
      getImageDetails: (n: string, t: string, o?: CallOptions) => this.getImageDetails(n, t, o),
      timing: this.timing,
    };
    return createContainer(deps, spec, options);
  }

  private containerName(name: string): string {
    return checkContainerName(name);
  }

  private async getJson<T>(call: ApiCall, schema: import('zod/v4').ZodType<T>): Promise<T> {
    const res = await this.api.sendOk(call);
    return parseResponse(schema, this.api.parseJson(call, res), { method: call.method, path: call.path, status: res.status });
  }

  private async actOnContainer(
    name: string,
    action: 'start' | 'stop',
    call: ApiCall,
    reached: (state: string) => boolean,
  ): Promise<ContainerActionResult> {
    try {
      await this.api.sendOk(call);
      return { name, action };
    } catch (err) {
      // As the vendor's script does: the container may have started (or stopped) anyway.
      return recoverByReadingState(err, () => this.stateOrAbsent(name), {
        done: (state) =>
          state !== 'absent' && reached(state) ? { name, action, confirmedByState: true, running_state: state } : undefined,
      });
    }
  }
}
