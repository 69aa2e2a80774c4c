/**
 * Create, the one call the device may not finish in time: the first container of a large image
 * answers 504 while Docker goes on creating it. The create is never sent again (a second POST
 * would race the first); we poll the container list until it appears, with a deadline that grows
 * with the image size, as the device UI's own estimate does.
 */
import type { DeviceApi } from './device-api';
import { SecureEdgeError, isSecureEdgeError } from './errors';
import { outcomeUnknown } from './failure-rules';
import { paths } from './paths';
import { pollUntil, seconds, type PollTiming } from './poll';
import { DEFAULTS } from './rules';
import type { ContainerSpec } from './schemas';
import type { ContainerSummary, CreateResult, ImageDetails } from './types';

export interface CreateDeps {
  api: DeviceApi;
  listContainers(options?: { signal?: AbortSignal }): Promise<ContainerSummary[]>;
  getImageDetails(name: string, tag: string, options?: { signal?: AbortSignal }): Promise<ImageDetails>;
  timing: PollTiming;
}

export interface CreateOptions {
  /** How long to wait for a create the device answered with 504 (or whose answer was lost). Default: from the image size. */
  createTimeoutMs?: number;
  /** Cancels the request and the wait for a 504 create (the device may then still create it). */
  signal?: AbortSignal;
}

/** The device UI predicts "235 MB: half a minute"; allow four times that, and never less than a minute. */
export function createDeadlineMs(imageSizeBytes: number | undefined): number {
  if (imageSizeBytes === undefined) return DEFAULTS.createTimeoutMs;
  const mb = imageSizeBytes / 1_000_000;
  return Math.max(60_000, Math.round(mb * 0.13 * 4 * 1000));
}

export async function createContainer(deps: CreateDeps, spec: ContainerSpec, options: CreateOptions): Promise<CreateResult> {
  const name = spec.container.name;
  const image = `${spec.image.name}:${spec.image.tag}`;
  const call = { method: 'POST' as const, path: paths.containers(), json: spec, subject: `image '${image}'`, signal: options.signal };
  let res;
  try {
    res = await deps.api.send(call);
  } catch (err) {
    // Nothing reached the device: say so. Otherwise the device may be creating it: wait as for a 504.
    if (outcomeUnknown(err)) {
      return waitUntilCreated(deps, spec, options, 'lost');
    }
    throw err;
  }
  if (res.status >= 200 && res.status < 300) return { name, image, created: true, createAnswer: res.status, waitedForCreateMs: 0 };
  if (res.status === 504) return waitUntilCreated(deps, spec, options, 504);

  const failure = deps.api.httpFailure(call, res);
  if (failure.code === 'NOT_FOUND') {
    throw new SecureEdgeError({
      ...failure,
      code: 'NOT_FOUND',
      message: `Image '${image}' is not in the device's registry (HTTP 404). Push it first: docker push <device>:5000/${spec.image.name}:${spec.image.tag}.`,
    });
  }
  // The device leaves the status of "name taken" open (409, 400 or 500): look before blaming.
  const exists = await containerExists(deps, name, options.signal).catch(() => undefined);
  if (exists) {
    throw new SecureEdgeError({
      code: 'CONFLICT',
      status: res.status,
      method: 'POST',
      path: call.path,
      message: `A container named '${name}' already exists on the device. Containers cannot be changed: remove it first, or use redeploy.`,
    });
  }
  if (exists === false) {
    throw new SecureEdgeError({
      code: failure.code,
      status: failure.status,
      method: failure.method,
      path: failure.path,
      message: `${failure.message} The container list shows no '${name}': nothing was created.`,
      details: { created: false },
    });
  }
  throw failure;
}

async function containerExists(deps: CreateDeps, name: string, signal: AbortSignal | undefined): Promise<boolean> {
  return (await deps.listContainers({ signal })).some((c) => c.name === name);
}

async function waitUntilCreated(
  deps: CreateDeps,
  spec: ContainerSpec,
  options: CreateOptions,
  answer: 504 | 'lost',
): Promise<CreateResult> {
  const name = spec.container.name;
  const image = `${spec.image.name}:${spec.image.tag}`;
  const started = Date.now();
  let timeoutMs = options.createTimeoutMs;
  if (timeoutMs === undefined) {
    const size = await deps
      .getImageDetails(spec.image.name, spec.image.tag, { signal: options.signal })
      .then((d) => d.size)
      .catch(() => undefined);
    timeoutMs = createDeadlineMs(size);
  }
  let lastError: SecureEdgeError | undefined;
  const result = await pollUntil(
    async () => {
      try {
        lastError = undefined;
        return (await containerExists(deps, name, options.signal)) ? true : undefined;
      } catch (err) {
        // A device busy copying an image may answer slowly or fail a list; keep polling till the
        // deadline. A refused login, though, will not get better by waiting, nor will a cancel.
        if (isSecureEdgeError(err) && (err.code === 'AUTH_FAILED' || err.code === 'CANCELLED')) throw err;
        lastError = isSecureEdgeError(err) ? err : undefined;
        return undefined;
      }
    },
    started + timeoutMs,
    deps.timing,
    options.signal,
    `the wait for container '${name}' after a ${answer === 504 ? '504' : 'lost'} create was stopped; the device may still create it.`,
  );
  if (result.done) return { name, image, created: true, createAnswer: answer, waitedForCreateMs: Date.now() - started };
  const why = answer === 504 ? 'answered 504 (still creating)' : 'did not answer the create request';
  throw new SecureEdgeError({
    code: 'CREATE_PENDING',
    status: answer === 504 ? 504 : undefined,
    method: 'POST',
    path: paths.containers(),
    message:
      `The device ${why} and container '${name}' has not appeared within ${seconds(timeoutMs)}. ` +
      `It may still be copying image '${image}' into Docker's cache. Do not create it again: check the container list in a while.` +
      (lastError ? ` Last check failed: ${lastError.message}` : ''),
    details: { createAnswer: answer, waitedForCreateMs: Date.now() - started },
  });
}
