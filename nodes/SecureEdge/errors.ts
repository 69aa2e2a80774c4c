/**
 * core's SecureEdgeError -> n8n's error style. Bad input (nothing was sent) is a
 * NodeOperationError; anything the device or the network did is a NodeApiError. The message is
 * always core's: it names the container, the URL or the field, and says what to do. Both carry
 * only core's secret-free fields, never a request or a header.
 */
import { NodeApiError, NodeOperationError, type IDataObject, type INode, type JsonObject } from 'n8n-workflow';

import { isSecureEdgeError, type SecureEdgeError, type SecureEdgeErrorCode } from '../../core';

const HINTS: Record<SecureEdgeErrorCode, string> = {
  AUTH_FAILED: "Check the password in the SecureEdge credential: it is the admin password on the device's sticker.",
  NOT_FOUND: 'Check the name; the node\'s lists show what the device has.',
  CONFLICT: 'The device refused because of its current state; the message says which.',
  INVALID_INPUT: 'Nothing was sent to the device.',
  TIMEOUT: 'The device did not finish in time. Raise Timeout under Options, or check the device.',
  CREATE_PENDING: 'The device is still creating the container. Do not create it again; check the container list later.',
  DEVICE_ERROR: 'The device reported a failure. Try again, or look at the device UI.',
  BAD_RESPONSE: 'The device answered in a way the API does not document. Is the URL that of a SecureEdge Pro?',
  NETWORK: 'Check the URL in the SecureEdge credential and that this n8n server can reach the device.',
  CANCELLED: 'The execution was cancelled; the operation stopped at a safe point (see the message for where the device stands).',
};

function apiError(node: INode, err: SecureEdgeError, itemIndex: number): NodeApiError {
  const error = new NodeApiError(node, err.toJSON() as JsonObject, {
    message: err.message,
    description: HINTS[err.code],
    httpCode: err.status !== undefined ? String(err.status) : undefined,
    itemIndex,
  });
  // n8n swaps a message that mentions e.g. ECONNREFUSED for a generic sentence; core's names the device.
  error.message = err.message;
  return error;
}

/** The error to throw for an item when Continue On Fail is off. */
export function toNodeError(node: INode, err: unknown, itemIndex: number): NodeApiError | NodeOperationError {
  if (err instanceof NodeApiError || err instanceof NodeOperationError) {
    if (err.context.itemIndex === undefined) err.context.itemIndex = itemIndex;
    return err;
  }
  if (isSecureEdgeError(err)) {
    if (err.code === 'INVALID_INPUT') {
      return new NodeOperationError(node, err.message, { itemIndex, description: HINTS.INVALID_INPUT });
    }
    return apiError(node, err, itemIndex);
  }
  return new NodeOperationError(node, err instanceof Error ? err : String(err), { itemIndex });
}

/**
 * The item Continue On Fail puts out: `error` is the message, `details` holds core's code, the
 * HTTP status, method, path, field and what the client found out. Only these two keys, because
 * that is the shape n8n routes to the error output under "On Error: Continue (using error
 * output)" (it then adds the input item's fields, so a notification can name the container).
 */
export function errorItemJson(err: unknown): IDataObject {
  if (isSecureEdgeError(err)) {
    const { message, details, ...rest } = err.toJSON();
    delete rest.name;
    return { error: message as string, details: { ...rest, ...(details as IDataObject | undefined) } } as IDataObject;
  }
  if (err instanceof NodeApiError || err instanceof NodeOperationError) {
    return err.description ? { error: err.message, details: { description: err.description } } : { error: err.message };
  }
  return { error: err instanceof Error ? err.message : String(err) };
}
