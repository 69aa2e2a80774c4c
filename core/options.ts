/**
 * The client's options, checked before anything else happens: a NaN timeout would poll forever
 * and a string "false" for acceptSelfSigned would switch certificate checks off, so numbers must
 * be finite and positive and switches must be real booleans. Every failure is INVALID_INPUT.
 */
import { parseDeviceUrl } from './device-url';
import { SecureEdgeError } from './errors';
import type { Logger } from './logger';
import { DEFAULT_POLL, type PollTiming } from './poll';
import { DEFAULT_RETRY, type RetryPolicy } from './retry';
import { DEFAULTS } from './rules';
import type { TlsOptions, Transport } from './transport';

/** A request's total deadline when none is given. */
export const DEFAULT_REQUEST_TIMEOUT_MS = DEFAULTS.requestTimeoutMs;
/** The user on current firmware. */
export const DEFAULT_USERNAME = 'admin';
/** Setting up a connection never waits longer than this, whatever the request deadline. */
export const MAX_CONNECT_TIMEOUT_MS = 10_000;
/** Above this a "timeout" is a typo (about 24 days): setTimeout cannot wait longer. */
const MAX_TIMER_MS = 2_147_483_647;

export interface CheckedOptions {
  origin: string;
  username: string;
  password: string;
  timeoutMs: number;
  tls: TlsOptions;
  retry: RetryPolicy;
  poll: PollTiming;
  transport?: Transport;
  logger?: Logger;
}

function invalid(field: string, message: string): SecureEdgeError {
  return new SecureEdgeError({ code: 'INVALID_INPUT', field, message: `Invalid input: ${message}` });
}

function positiveMs(value: unknown, field: string, fallback: number, allowZero = false): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (!allowZero && value === 0) || value > MAX_TIMER_MS) {
    throw invalid(field, `${field} must be a ${allowZero ? 'non-negative' : 'positive'} number of milliseconds (got ${describe(value)}).`);
  }
  return value;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `the text ${JSON.stringify(value.slice(0, 20))}`;
  if (typeof value === 'number') return String(value);
  return value === null ? 'null' : typeof value;
}

export function checkClientOptions(options: unknown): CheckedOptions {
  if (!options || typeof options !== 'object') throw invalid('options', 'the client needs its options: { url, password }.');
  const o = options as Record<string, unknown>;
  if (typeof o.password !== 'string' || o.password === '') {
    throw invalid('password', "password is required (the device's admin password, printed on its sticker).");
  }
  const origin = parseDeviceUrl(o.url);
  if (o.username !== undefined && typeof o.username !== 'string') throw invalid('username', 'username must be a text.');
  const timeoutMs = positiveMs(o.timeoutMs, 'timeoutMs', DEFAULT_REQUEST_TIMEOUT_MS);

  const tlsIn = o.tls ?? {};
  if (typeof tlsIn !== 'object' || tlsIn === null) throw invalid('tls', 'tls must be an object such as { acceptSelfSigned: false }.');
  const t = tlsIn as Record<string, unknown>;
  if (t.acceptSelfSigned !== undefined && typeof t.acceptSelfSigned !== 'boolean') {
    throw invalid(
      'tls.acceptSelfSigned',
      `tls.acceptSelfSigned must be true or false (got ${describe(t.acceptSelfSigned)}); certificate checks stay on unless it is exactly true.`,
    );
  }
  if (t.ca !== undefined && typeof t.ca !== 'string' && !Buffer.isBuffer(t.ca))
    throw invalid('tls.ca', 'tls.ca must be a PEM text or a Buffer.');
  const tls: TlsOptions = { acceptSelfSigned: t.acceptSelfSigned === true, ...(t.ca !== undefined ? { ca: t.ca as string | Buffer } : {}) };

  const retryIn = objectOption(o.retry, 'retry');
  const retry: RetryPolicy = {
    retries: count(retryIn.retries, 'retry.retries', DEFAULT_RETRY.retries),
    baseDelayMs: positiveMs(retryIn.baseDelayMs, 'retry.baseDelayMs', DEFAULT_RETRY.baseDelayMs, true),
    maxDelayMs: positiveMs(retryIn.maxDelayMs, 'retry.maxDelayMs', DEFAULT_RETRY.maxDelayMs, true),
  };
  const pollIn = objectOption(o.poll, 'poll');
  const poll: PollTiming = {
    ...(pollIn as Partial<PollTiming>),
    intervalMs: positiveMs(pollIn.intervalMs, 'poll.intervalMs', DEFAULT_POLL.intervalMs),
    tightForMs: positiveMs(pollIn.tightForMs, 'poll.tightForMs', DEFAULT_POLL.tightForMs, true),
    maxIntervalMs: positiveMs(pollIn.maxIntervalMs, 'poll.maxIntervalMs', DEFAULT_POLL.maxIntervalMs),
  };

  const logger = o.logger as Logger | undefined;
  if (logger !== undefined && (typeof logger?.debug !== 'function' || typeof logger?.warn !== 'function')) {
    throw invalid('logger', 'logger must have debug(message) and warn(message) functions.');
  }
  const transport = o.transport as Transport | undefined;
  if (transport !== undefined && (typeof transport?.request !== 'function' || typeof transport?.close !== 'function')) {
    throw invalid('transport', 'transport must have request() and close() functions.');
  }
  return {
    origin,
    username: (o.username as string | undefined) || DEFAULT_USERNAME,
    password: o.password,
    timeoutMs,
    tls,
    retry,
    poll,
    transport,
    logger,
  };
}

function objectOption(value: unknown, field: string): Record<string, unknown> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null) throw invalid(field, `${field} must be an object.`);
  return value as Record<string, unknown>;
}

function count(value: unknown, field: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 10) {
    throw invalid(field, `${field} must be a whole number from 0 to 10 (got ${describe(value)}).`);
  }
  return value;
}
