/** Defaults for every switch, and the live option set the handlers read on each request (so setOptions applies at once). */
import type { SimulatorOptions } from './types';

/** The switches that can change while the simulator runs. */
export type LiveOptions = Required<
  Pick<
    SimulatorOptions,
    | 'password'
    | 'loginSuccessStatus'
    | 'wrongPasswordAnswer'
    | 'sessionRejection'
    | 'sessionLifetimeMs'
    | 'actionSuccessStatus'
    | 'conflictStatus'
    | 'errorBodyStyle'
    | 'gatewayTimeoutMs'
    | 'startDelayMs'
    | 'stopDelayMs'
    | 'extraListFields'
    | 'echoReceived'
  >
> &
  Pick<SimulatorOptions, 'onRequest'> & { recordLimit: number };

export const DEFAULT_PASSWORD = 'secureedge';
export const DEFAULT_HOST = '127.0.0.1';

export function liveDefaults(): LiveOptions {
  return {
    password: DEFAULT_PASSWORD,
    loginSuccessStatus: 200,
    wrongPasswordAnswer: 401,
    sessionRejection: 401,
    sessionLifetimeMs: 24 * 60 * 60 * 1000,
    actionSuccessStatus: 200,
    conflictStatus: 409,
    errorBodyStyle: 'json',
    gatewayTimeoutMs: 1000,
    startDelayMs: 0,
    stopDelayMs: 0,
    extraListFields: false,
    echoReceived: false,
    onRequest: undefined,
    recordLimit: Number.POSITIVE_INFINITY,
  };
}

const START_ONLY = new Set(['port', 'host', 'images', 'seed']);

/** Copies the given switches over `target`; undefined values and start-only options are skipped. */
export function applyOptions(target: LiveOptions, given: Partial<SimulatorOptions>): void {
  for (const [k, v] of Object.entries(given)) {
    if (v === undefined || START_ONLY.has(k)) continue;
    (target as unknown as Record<string, unknown>)[k] = v;
  }
}
