/**
 * SecureEdgeClient: one method per device endpoint, named for what the user wants, plus the
 * two workflows built on them (waitForState, redeploy). Every input is validated before a
 * request is sent; every answer is parsed with a schema.
 */
import { listContainersWithState, type ContainerWithState } from './container-states';
import { createContainer, type CreateOptions } from './create-container';
import { DeviceApi, type ApiCall } from './device-api';
import { SecureEdgeError, isSecureEdgeError } from './errors';
import { silentLogger, type Logger } from './logger';
import { paths } from './paths';
import { DEFAULT_POLL, type PollTiming } from './poll';
import { Redactor } from './redact';
import { redeploy, type RedeployOptions } from './redeploy';
import { DEFAULT_RETRY, type RetryPolicy } from './retry';
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
  type ContainerSpecInput,
} from './schemas';
import { Session } from './session';
import { createUndiciTransport, type TlsOptions, type Transport } from './transport';
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
import { parseInput, parseResponse } from './validate';
import { checkStates, DEFAULT_WAIT_TIMEOUT_MS, waitForState } from './wait-for-state';
import { parseDeviceUrl } from './device-url';

export interface SecureEdgeClientOptions {
  /** The device, e.g. http://192.168.140.1 (no path). */
  url: string;
  /** Always `admin` on the device; kept configurable for firmware that changes it. */
  username?: string;
  password: string;
  /** Per request. Default 30 s. */
  timeoutMs?: number;
  tls?: TlsOptions;
  /** Hand in your own transport (tests, engines with their own HTTP stack). */
  transport?: Transport;
  logger?: Logger;
  retry?: Partial<RetryPolicy>;
  poll?: Partial<PollTiming>;
}

const RUNNING_LIKE = ['running', 'restarting', 'paused'];

export class SecureEdgeClient {
  readonly url: string;
  private readonly transport: Transport;
  private readonly session: Session;
  private readonly api: DeviceApi;
  private readonly timing: PollTiming;

  constructor(options: SecureEdgeClientOptions) {
    const redactor = new Redactor();
    if (typeof options?.password !== 'string' || options.password === '') {
      throw new SecureEdgeError({
        code: 'INVALID_INPUT',
        field: 'password',
        message: "Invalid input: password is required (the device's admin password, printed on its sticker).",
      });
    }
    redactor.add(options.password);
    const origin = parseDeviceUrl(options.url);
    const timeoutMs = options.timeoutMs ?? 30_000;
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
      throw new SecureEdgeError({ code: 'INVALID_INPUT', field: 'timeoutMs', message: 'Invalid input: timeoutMs must be a positive number of milliseconds.' });
    }
    const logger = options.logger ?? silentLogger;
    this.url = origin;
    this.transport = options.transport ?? createUndiciTransport({ origin, tls: options.tls, connectTimeoutMs: Math.min(timeoutMs, 10_000) });
    this.session = new Session(
      this.transport,
      { username: options.username || 'admin', password: options.password },
      timeoutMs,
      redactor,
      logger,
    );
    this.api = new DeviceApi(this.transport, this.session, { ...DEFAULT_RETRY, ...options.retry }, timeoutMs, redactor, logger);
    this.timing = { ...DEFAULT_POLL, ...options.poll };
  }

  /** How this client paces its polls (waits, 504 creates, redeploy steps). */
  get pollTiming(): PollTiming {
    return this.timing;
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

  async listImages(): Promise<ImageSummary[]> {
    return this.getJson({ method: 'GET', path: paths.images() }, imageListSchema);
  }

  async getImageDetails(name: string, tag: string): Promise<ImageDetails> {
    const n = parseInput(imageNameSchema, name, 'image name');
    const t = parseInput(imageTagSchema, tag, 'image tag');
    const body = await this.getJson({ method: 'GET', path: paths.imageDetails(n, t), subject: `image '${n}:${t}'` }, imageDetailsSchema);
    return { name: n, tag: t, ...body, error: body.error ?? null };
  }

  async listContainers(): Promise<ContainerSummary[]> {
    return this.getJson({ method: 'GET', path: paths.containers() }, containerListSchema);
  }

  /** Every container with its running_state: one list, then one status read per container, a few at a time. */
  async listContainersWithState(): Promise<ContainerWithState[]> {
    return listContainersWithState(this);
  }

  async createContainer(spec: ContainerSpecInput, options: CreateOptions = {}): Promise<CreateResult> {
    const valid = parseInput(containerSpecSchema, spec, 'container spec', false);
    return createContainer(
      { api: this.api, listContainers: () => this.listContainers(), getImageDetails: (n, t) => this.getImageDetails(n, t), timing: this.timing },
      valid,
      options,
    );
  }

  async getContainerStatus(name: string): Promise<ContainerStatus> {
    const n = this.containerName(name);
    const body = await this.getJson({ method: 'GET', path: paths.containerStatus(n), subject: `container '${n}'` }, containerStatusSchema);
    return { name: n, running_state: body.running_state };
  }

  async getContainerConfiguration(name: string): Promise<ContainerConfiguration> {
    const n = this.containerName(name);
    return this.getJson({ method: 'GET', path: paths.containerConfiguration(n), subject: `container '${n}'` }, containerConfigurationSchema);
  }

  /** Start. If the answer fails or is lost, the state decides: a running container is a success. */
  async startContainer(name: string): Promise<ContainerActionResult> {
    const n = this.containerName(name);
    return this.actOnContainer(n, 'start', { method: 'POST', path: paths.containerStart(n), subject: `container '${n}'` }, (s) => s === 'running');
  }

  /** Stop. If the answer fails or is lost, a container that is no longer running is a success. */
  async stopContainer(name: string): Promise<ContainerActionResult> {
    const n = this.containerName(name);
    return this.actOnContainer(n, 'stop', { method: 'POST', path: paths.containerStop(n), subject: `container '${n}'` }, (s) => !RUNNING_LIKE.includes(s));
  }

  /** Remove. The device refuses while the container runs; that becomes a CONFLICT that says so. */
  async removeContainer(name: string): Promise<ContainerActionResult> {
    const n = this.containerName(name);
    const call: ApiCall = { method: 'DELETE', path: paths.container(n), subject: `container '${n}'` };
    try {
      await this.api.sendOk(call);
      return { name: n, action: 'remove' };
    } catch (err) {
      if (!isSecureEdgeError(err) || err.code === 'NOT_FOUND' || err.code === 'AUTH_FAILED') throw err;
      const state = await this.stateOrAbsent(n).catch(() => undefined);
      if (state === 'absent') return { name: n, action: 'remove', confirmedByState: true };
      if (state && RUNNING_LIKE.includes(state)) {
        throw new SecureEdgeError({
          code: 'CONFLICT',
          status: err.status,
          method: 'DELETE',
          path: call.path,
          message: `Container '${n}' is ${state}: stop it before removing it.`,
          details: { running_state: state },
        });
      }
      throw withState(err, state);
    }
  }

  async removeVolume(name: string): Promise<VolumeRemoveResult> {
    const n = parseInput(volumeNameSchema, name, 'volume name');
    const call: ApiCall = { method: 'DELETE', path: paths.volume(n), subject: `volume '${n}'` };
    try {
      await this.api.sendOk(call);
    } catch (err) {
      if (isSecureEdgeError(err) && err.code === 'CONFLICT') {
        throw new SecureEdgeError({ ...err, code: 'CONFLICT', message: `Volume '${n}' is in use by a container: remove the container first. ${err.message}` });
      }
      if (isSecureEdgeError(err) && (err.code === 'NETWORK' || err.code === 'TIMEOUT') && err.details?.sent !== false) {
        // There is no volume list to check; removing again is harmless (404 = already gone).
        throw new SecureEdgeError({ ...err, code: err.code, message: `${err.message} Removing volume '${n}' again is safe: a 404 then means it is gone.` });
      }
      throw err;
    }
    return { name: n, action: 'remove-volume' };
  }

  async waitForState(name: string, state: string | readonly string[], options: { timeoutMs?: number } = {}): Promise<WaitResult> {
    const n = this.containerName(name);
    const wanted = checkStates(state);
    const timeoutMs = options.timeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS;
    return waitForState(() => this.getContainerStatus(n), n, wanted, timeoutMs, this.timing);
  }

  async redeploy(spec: ContainerSpecInput, options: RedeployOptions = {}): Promise<RedeployReport> {
    const valid = parseInput(containerSpecSchema, spec, 'container spec', false);
    return redeploy(this, valid, options);
  }

  /** 'absent' for a 404, otherwise the state. Used by redeploy and by the lost-answer checks. */
  async stateOrAbsent(name: string): Promise<string> {
    try {
      return (await this.getContainerStatus(name)).running_state;
    } catch (err) {
      if (isSecureEdgeError(err) && err.code === 'NOT_FOUND') return 'absent';
      throw err;
    }
  }

  /** Release sockets. The client can still be used afterwards only by creating a new one. */
  async close(): Promise<void> {
    await this.transport.close();
  }

  private containerName(name: string): string {
    return parseInput(containerNameSchema, name, 'container name');
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
      if (!isSecureEdgeError(err) || err.code === 'NOT_FOUND' || err.code === 'AUTH_FAILED') throw err;
      if (err.details?.sent === false) throw err;
      // As the vendor's script does: the container may have started (or stopped) anyway.
      const state = await this.stateOrAbsent(name).catch(() => undefined);
      if (state && state !== 'absent' && reached(state)) return { name, action, confirmedByState: true, running_state: state };
      throw withState(err, state);
    }
  }
}

/** Add what the device said about the container after a failure to the error. */
function withState(err: SecureEdgeError, state: string | undefined): SecureEdgeError {
  if (state === undefined) return err;
  return new SecureEdgeError({
    code: err.code,
    status: err.status,
    method: err.method,
    path: err.path,
    field: err.field,
    message: `${err.message} The container is now ${state === 'absent' ? 'absent' : `'${state}'`}.`,
    details: { ...err.details, running_state: state },
  });
}
