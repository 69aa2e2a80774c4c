/**
 * core's SecureEdgeError -> n8n's error style, one shape whatever the On Error setting:
 *  - the workflow stops: a NodeOperationError (bad input, nothing sent) or a NodeApiError (the
 *    device or the network), each with `code` (core's code) as its own property, the item index,
 *    a headline in the user's words and a description holding the hint (when it adds something)
 *    and the request's method and path;
 *  - Continue (regular output) and Continue (using error output): an item
 *    `{...input fields, error: headline, details: {code, status, method, path, field, ...}}`,
 *    so `details.code` is found the same way in both. The input fields are kept in both modes
 *    (n8n adds them itself on the error output; we add them on the regular one) so a follow-up
 *    node can name the container either way.
 * Only core's secret-free fields are carried, never a request or a header.
 */
import { NodeApiError, NodeOperationError, type IDataObject, type INode, type JsonObject } from 'n8n-workflow';

import { isSecureEdgeError, LOGIN_PATH, type SecureEdgeError, type SecureEdgeErrorCode } from '../../core';

/** What to do next, only where the message itself does not already say it. */
const HINTS: Partial<Record<SecureEdgeErrorCode, string>> = {
  AUTH_FAILED: 'The password is set in the SecureEdge credential.',
  NOT_FOUND: "Check the name; the node's lists show what the device has.",
  TIMEOUT: 'Raise Timeout under Options, or check that the device is up.',
  DEVICE_ERROR: 'Try again, or look at the device UI.',
  NETWORK: 'The URL is set in the SecureEdge credential.',
};

/** The request in words: "the create request" for POST /api/v1/docker/containers. */
const REQUESTS: Array<[method: string, path: RegExp, words: string]> = [
  ['POST', new RegExp(`^${LOGIN_PATH}$`), 'the login'],
  ['POST', /^\/api\/v1\/docker\/containers$/, 'the create request'],
  ['GET', /^\/api\/v1\/docker\/containers$/, 'the container list request'],
  ['GET', /^\/api\/v1\/docker\/containers\/[^/]+\/status$/, 'the status request'],
  ['GET', /^\/api\/v1\/docker\/containers\/[^/]+\/configuration$/, 'the configuration request'],
  ['POST', /^\/api\/v1\/docker\/containers\/[^/]+\/start$/, 'the start request'],
  ['POST', /^\/api\/v1\/docker\/containers\/[^/]+\/stop$/, 'the stop request'],
  ['DELETE', /^\/api\/v1\/docker\/containers\/[^/]+$/, 'the remove request'],
  ['DELETE', /^\/api\/v1\/docker\/volumes\/[^/]+$/, 'the volume removal'],
  ['GET', /^\/api\/v1\/docker\/images$/, 'the image list request'],
  ['GET', /^\/api\/v1\/docker\/images\/[^/]+\/[^/]+\/details$/, 'the image details request'],
];

function requestInWords(method: string, path: string): string {
  return REQUESTS.find(([m, p]) => m === method && p.test(path))?.[2] ?? 'the request';
}

/** core's message with "POST /api/v1/..." put in words; the method and path go to the description. */
export function headline(err: SecureEdgeError): string {
  let text = err.message;
  if (err.method && err.path) {
    const raw = `${err.method} ${err.path}`;
    const words = requestInWords(err.method, err.path);
    text = text.split(raw).join(words);
    // At the start of a sentence: "The create request was not found ..." rather than "the create request".
    text = text.replace(/(^|[.!?]\s+)the /g, (_m, before: string) => `${before}The `);
  }
  return text;
}

function description(err: SecureEdgeError): string | undefined {
  const parts: string[] = [];
  const hint = HINTS[err.code];
  if (hint) parts.push(hint);
  if (err.method && err.path) parts.push(`Request: ${err.method} ${err.path}${err.status !== undefined ? ` (HTTP ${err.status})` : ''}.`);
  return parts.length ? parts.join(' ') : undefined;
}

/** core's code on n8n's error, as an own property: n8n keeps own fields when it stores the error. */
function withCode<E extends NodeApiError | NodeOperationError>(error: E, code: string): E {
  Object.assign(error, { code });
  return error;
}

/** Bad input found by the adapter itself (nothing sent): INVALID_INPUT like core's, with the field. */
export function inputError(
  node: INode,
  itemIndex: number,
  message: string,
  extra: { field: string; description?: string },
): NodeOperationError {
  const error = withCode(new NodeOperationError(node, message, { itemIndex, description: extra.description }), 'INVALID_INPUT');
  Object.assign(error, { field: extra.field });
  return error;
}

/** The error to throw for an item when the workflow stops on errors. */
export function toNodeError(node: INode, err: unknown, itemIndex: number): NodeApiError | NodeOperationError {
  if (err instanceof NodeApiError || err instanceof NodeOperationError) {
    if (err.context.itemIndex === undefined) err.context.itemIndex = itemIndex;
    return err;
  }
  if (isSecureEdgeError(err)) {
    if (err.code === 'INVALID_INPUT' && err.status === undefined) {
      return withCode(new NodeOperationError(node, headline(err), { itemIndex, description: description(err) }), err.code);
    }
    const error = new NodeApiError(node, err.toJSON() as JsonObject, {
      message: headline(err),
      description: description(err),
      httpCode: err.status !== undefined ? String(err.status) : undefined,
      itemIndex,
    });
    // n8n swaps a message that mentions e.g. ECONNREFUSED for a generic sentence; core's names the device.
    error.message = headline(err);
    return withCode(error, err.code);
  }
  return new NodeOperationError(node, err instanceof Error ? err : String(err), { itemIndex });
}

/** `details` of an error item: core's code and request fields, and what the client found out. */
function errorDetails(err: unknown): IDataObject | undefined {
  if (isSecureEdgeError(err)) {
    const { details, ...rest } = err.toJSON();
    delete rest.name;
    delete rest.message;
    return { ...rest, ...(details as IDataObject | undefined) } as IDataObject;
  }
  if (err instanceof NodeApiError || err instanceof NodeOperationError) {
    const { code, field } = err as { code?: unknown; field?: unknown };
    const out: IDataObject = {};
    if (typeof code === 'string') out.code = code;
    if (typeof field === 'string') out.field = field;
    if (err.description) out.description = err.description;
    return Object.keys(out).length ? out : undefined;
  }
  return undefined;
}

/**
 * The json a Continue mode puts out for a failed input item: the input's fields, `error` (the
 * headline) and `details` (see errorDetails). Under "Continue (using error output)" n8n itself
 * adds the input's fields (it recognises an error item by having only error and details), so
 * `withInput` is false there; the result is the same shape in both modes.
 */
export function errorItemJson(err: unknown, input: IDataObject | undefined): IDataObject {
  const message = isSecureEdgeError(err) ? headline(err) : err instanceof Error ? err.message : String(err);
  const details = errorDetails(err);
  return { ...(input ?? {}), error: message, ...(details ? { details } : {}) };
}
