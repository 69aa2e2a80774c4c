/**
 * Core errors -> the error a Node-RED node hands to done(err).
 *
 * Node-RED builds a Catch node's msg.error from the Error it is given: `message` from
 * err.toString(), `code` from an own `code` property, `cause` from an own `cause` property
 * (see @node-red/runtime Flow.handleError). So the error we hand over:
 *  - reads "NOT_FOUND: Container 'web' was not found ..." in the log, the debug sidebar and
 *    msg.error.message (toString is the message itself, without a class-name prefix);
 *  - carries `code`, so a Switch node can route on msg.error.code;
 *  - carries the core error's secret-free toJSON() as `cause` (status, path, field, and
 *    details such as a redeploy's steps up to the failure) so msg.error.cause has them.
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
