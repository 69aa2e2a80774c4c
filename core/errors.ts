/**
 * The one error type every core call throws. Adapters (Node-RED, n8n) translate it into their
 * engine's error style; they rely on `code` being stable, so codes are never renamed.
 */
/** Every code a core error can carry, in one place: tests and documentation list them from here. */
export const SECUREEDGE_ERROR_CODES = [
  'AUTH_FAILED',
  'NOT_FOUND',
  'CONFLICT',
  'INVALID_INPUT',
  'TIMEOUT',
  'CREATE_PENDING',
  'DEVICE_ERROR',
  'BAD_RESPONSE',
  'NETWORK',
  // The caller's AbortSignal fired (a Node-RED flow redeployed, an n8n execution cancelled).
  'CANCELLED',
] as const;

export type SecureEdgeErrorCode = (typeof SECUREEDGE_ERROR_CODES)[number];

export interface SecureEdgeErrorInit {
  code: SecureEdgeErrorCode;
  message: string;
  status?: number;
  method?: string;
  path?: string;
  /** Input field the error is about (INVALID_INPUT). */
  field?: string;
  /** What the client found on the device after the failure, e.g. the container state after a lost answer. */
  details?: Record<string, unknown>;
  /** Only ever a sanitised error (see `sanitizeCause`): never a raw request, header or body. */
  cause?: unknown;
}

export class SecureEdgeError extends Error {
  override readonly name = 'SecureEdgeError';
  readonly code: SecureEdgeErrorCode;
  readonly status?: number;
  readonly method?: string;
  readonly path?: string;
  readonly field?: string;
  readonly details?: Record<string, unknown>;

  constructor(init: SecureEdgeErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = init.code;
    this.status = init.status;
    this.method = init.method;
    this.path = init.path;
    this.field = init.field;
    this.details = init.details;
  }

  /**
   * A copy with some fields changed (usually the message or the details), keeping the code, the
   * request it is about and the sanitised cause: the one way to add context to an error.
   */
  with(changes: Partial<SecureEdgeErrorInit>): SecureEdgeError {
    return new SecureEdgeError({
      code: this.code,
      message: this.message,
      status: this.status,
      method: this.method,
      path: this.path,
      field: this.field,
      details: this.details,
      cause: this.cause,
      ...changes,
    });
  }

  /** A plain, secret-free object for msg.error / n8n items / logs. */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { name: this.name, code: this.code, message: this.message };
    if (this.status !== undefined) out.status = this.status;
    if (this.method !== undefined) out.method = this.method;
    if (this.path !== undefined) out.path = this.path;
    if (this.field !== undefined) out.field = this.field;
    if (this.details !== undefined) out.details = this.details;
    return out;
  }
}

export function isSecureEdgeError(err: unknown): err is SecureEdgeError {
  return err instanceof SecureEdgeError;
}

/**
 * Keep only the name, code and message of a low-level error. undici errors can carry the
 * request options (and so the Cookie header) on their properties; we never pass those on.
 */
export function sanitizeCause(err: unknown, redact: (s: string) => string): Error | undefined {
  if (!(err instanceof Error)) return undefined;
  const clean = new Error(redact(err.message));
  clean.name = err.name;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') (clean as Error & { code?: string }).code = code;
  clean.stack = undefined;
  return clean;
}
