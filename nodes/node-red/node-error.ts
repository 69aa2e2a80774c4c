/**
 * Core errors -> what a Node-RED node hands to done().
 *
 * Node-RED builds a Catch node's msg.error from what it is given (@node-red/runtime
 * Flow.handleError): `message` from toString(), `code` and `cause` from own properties, `stack`
 * too when there is one. When no Catch node takes it, the same value goes to the log and the
 * debug sidebar, which show an Error as an object tree (name, message, code, `cause` as
 * "[object Object]", stack) but anything else by its toString(): one line, as core nodes show.
 * So the node throws a SecureEdgeNodeError internally and hands done() a `SecureEdgeFailure`,
 * which is not an Error and has no stack:
 *  - one line "NOT_FOUND: Container 'web' was not found ..." in the log, the debug sidebar and
 *    msg.error.message;
 *  - `code`, so a Switch node can route on msg.error.code;
 *  - core's secret-free toJSON() as a plain `cause` (status, method, path, field, and details
 *    such as a redeploy's steps up to the failure).
 */
import { isSecureEdgeError, SecureEdgeError, type SecureEdgeErrorCode } from '../../core';

/** The core codes, plus UNEXPECTED for a failure that is a bug in this package, not the user's doing. */
export type NodeErrorCode = SecureEdgeErrorCode | 'UNEXPECTED';

export class SecureEdgeNodeError extends Error {
  override readonly name = 'SecureEdgeError';
  readonly code: NodeErrorCode;

  constructor(code: NodeErrorCode, message: string, cause?: Record<string, unknown>) {
    super(`${code}: ${message}`, cause === undefined ? undefined : { cause });
    this.code = code;
  }

  override toString(): string {
    return this.message;
  }
}

/**
 * What done() gets. Deliberately not an Error (see above); its constructor's name has no "Error"
 * in it either, for the same reason (the debug sidebar checks the name).
 */
export class SecureEdgeFailure {
  readonly message: string;
  readonly code: NodeErrorCode;
  readonly cause?: Record<string, unknown>;

  constructor(err: SecureEdgeNodeError) {
    this.message = err.message;
    this.code = err.code;
    if (err.cause !== undefined) this.cause = err.cause as Record<string, unknown>;
  }

  toString(): string {
    return this.message;
  }
}

/** The value to hand to done() for any failure. */
export function toFailure(err: unknown): SecureEdgeFailure {
  return new SecureEdgeFailure(toNodeError(err));
}

export function toNodeError(err: unknown): SecureEdgeNodeError {
  if (err instanceof SecureEdgeNodeError) return err;
  if (isSecureEdgeError(err)) {
    // "INVALID_INPUT: Invalid input: ..." says it twice; the code is enough.
    const message = err.code === 'INVALID_INPUT' ? err.message.replace(/^Invalid input: /, '') : err.message;
    return new SecureEdgeNodeError(err.code, message, err.toJSON());
  }
  const message = err instanceof Error ? err.message : String(err);
  return new SecureEdgeNodeError('UNEXPECTED', `${message} (this is a bug in the SecureEdge nodes; please report it)`);
}

/** An INVALID_INPUT raised by the adapter itself (a setting or msg value it cannot use). */
export function invalidInput(field: string, message: string): SecureEdgeError {
  return new SecureEdgeError({ code: 'INVALID_INPUT', field, message: `Invalid input: ${message} Nothing was sent to the device.` });
}
