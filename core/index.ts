/** Public entry of the core client. No n8n or Node-RED import may ever appear under core/. */
export { SecureEdgeClient, type SecureEdgeClientOptions, type CallOptions, type WaitForStateOptions } from './client';
export { SecureEdgeError, isSecureEdgeError, SECUREEDGE_ERROR_CODES, type SecureEdgeErrorCode } from './errors';
export {
  devicePool,
  DevicePool,
  POOL_IDLE_CLOSE_MS,
  POOL_FORGET_MS,
  POOL_MAX_ENTRIES,
  POOL_SWEEP_EVERY_MS,
  type Lease,
  type PoolSettings,
} from './pool';
export { REFUSAL_BACKOFF, OUTAGE_BACKOFF } from './refusal-memory';
export { DEFAULT_REQUEST_TIMEOUT_MS, DEFAULT_USERNAME } from './options';
export {
  mayRetry,
  mayRetryStatus,
  outcomeUnknown,
  isPassingPollFailure,
  isUnreachable,
  isCancelled,
  RETRYABLE_STATUSES,
} from './failure-rules';
export { DEFAULT_DEVICE_URL, parseDeviceUrl } from './device-url';
export {
  createUndiciTransport,
  TransportError,
  CLOSE_GRACE_MS,
  type Transport,
  type TransportRequest,
  type TransportResponse,
  type TlsOptions,
} from './transport';
export type { Logger } from './logger';
export type { RetryPolicy } from './retry';
export type { PollTiming } from './poll';
export type { RedeployOptions } from './redeploy';
export type { CreateOptions } from './create-container';
export { createDeadlineMs } from './create-container';
export { DEFAULT_WAIT_TIMEOUT_MS } from './wait-for-state';
export { DEFAULT_REDEPLOY_TIMEOUT_MS, DEFAULT_ROLLBACK, DEFAULT_ROLLBACK_TIMEOUT_MS } from './redeploy';
export { DEFAULT_POLL } from './poll';
export {
  containerSpecSchema,
  containerNameSchema,
  volumeNameSchema,
  imageNameSchema,
  imageTagSchema,
  type ContainerSpec,
  type ContainerSpecInput,
  type PortMapping,
  type VolumeMount,
  type EnvVar,
  type RunningState,
} from './schemas';
export * from './types';
export { specFromForm, DEFAULT_NETWORK, type ContainerForm } from './form-spec';
export { LOGIN_PATH, loginForm, sessionIdFromSetCookie, loginFailure, loginUnreachable, type LoginForm } from './login';
export {
  plan,
  parseDesiredState,
  configurationDrift,
  desiredStateSchema,
  ENSURE_ACTIONS,
  IMPLICIT_NETWORK,
  type Plan,
  type PlanEntry,
  type PlanDeps,
  type EnsureAction,
  type DesiredState,
  type DesiredStateInput,
} from './plan';
export {
  apply,
  DEFAULT_ENSURE_WAIT_MS,
  type ApplyDeps,
  type ApplyOptions,
  type EnsureEntry,
  type EnsureOutcome,
  type EnsureResult,
} from './apply';
export { parseInput } from './validate';
export {
  RULES,
  DEFAULTS,
  RUNNING_STATES,
  NAME_MAX,
  PORT_MIN,
  PORT_MAX,
  PROTOCOLS,
  checkText,
  combinedPattern,
  type TextRule,
  type TextCheck,
  type RuleName,
} from './rules';
export {
  listContainersWithState,
  statesOf,
  STATE_READ_CONCURRENCY,
  type ContainerWithState,
  type ContainerStateDeps,
} from './container-states';
export {
  DeviceWatch,
  pollWatch,
  parseWatchOptions,
  parseContainerFilter,
  watchIntervalMs,
  type WatchDeps,
  type WatchOptions,
  type WatchCursor,
  type WatchPollResult,
  type WatchHandlers,
} from './watch';
export {
  WATCH_EVENTS,
  DEFAULT_WATCH_EVENTS,
  WATCH_EVENT_DESCRIPTIONS,
  WATCH_DEFAULT_INTERVAL_S,
  WATCH_MIN_INTERVAL_S,
  CONFIG_ASPECTS,
  type WatchEvent,
  type WatchEventName,
  type WatchSnapshot,
  type ConfigAspect,
} from './watch-events';
