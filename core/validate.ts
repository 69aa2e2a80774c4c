/**
 * Turn zod results into SecureEdgeErrors. Input errors name the field and the rule and are
 * raised before any request is sent; response errors say which answer was malformed and how.
 */
import type { z } from 'zod/v4';
import { SecureEdgeError } from './errors';

type Issue = z.core.$ZodIssue;

function issuePath(base: string, issue: Issue): string {
  const parts = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
  return `${base}${parts}`.replace(/^\./, '');
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') {
    const shown = value.length > 60 ? `${value.slice(0, 60)}…` : value;
    return ` (got ${JSON.stringify(shown)})`;
  }
  if (value === null) return ' (got null)';
  if (value === undefined) return ' (got nothing)';
  if (typeof value === 'number' || typeof value === 'boolean') return ` (got ${String(value)})`;
  return ` (got ${Array.isArray(value) ? 'a list' : typeof value})`;
}

/**
 * Validate caller input. `field` names the parameter as the user knows it (e.g. "container name").
 * Only single-value fields echo the offending value: spec bodies may hold secrets in env values.
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, field: string, echo = true): z.output<S> {
  // reportInput: so that "missing" can be told apart from "wrong type" (the input is not put in messages).
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issuePath(field, issue);
  const message = issue.code === 'unrecognized_keys' ? `unknown field(s) ${issue.keys.map((k) => `'${k}'`).join(', ')}` : issue.message;
  const missing = issue.code === 'invalid_type' && issue.input === undefined;
  const text = missing ? `${where} is required` : `${where}: ${message}`;
  throw new SecureEdgeError({
    code: 'INVALID_INPUT',
    field: where,
    message: `Invalid input: ${text}${echo && !missing && issue.path.length === 0 ? describeValue(value) : ''}. Nothing was sent to the device.`,
  });
}

/** Parse a device answer; a missing field is a clear BAD_RESPONSE, never a crash further on. */
export function parseResponse<S extends z.ZodType>(
  schema: S,
  data: unknown,
  ctx: { method: string; path: string; status: number },
): z.output<S> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issuePath('body', issue);
  throw new SecureEdgeError({
    code: 'BAD_RESPONSE',
    ...ctx,
    message: `The device's answer to ${ctx.method} ${ctx.path} is not what the API documents: ${where}: ${issue.message}. Is this a SecureEdge Pro with a supported firmware?`,
  });
}

/** How many distinct valid texts a TextInput remembers before it starts afresh. */
export const TEXT_INPUT_MEMORY = 256;

/**
 * parseInput for one single-text field (a container name, an image tag), remembering the texts
 * that passed: a flow that reads the status of the same few containers over and over need not run
 * zod for each call. Safe because these schemas only check (no transform), so a text that passed
 * once passes again, unchanged; anything else (a failure, a non-string) goes through zod each time.
 */
export function textInput(schema: z.ZodType<string>, field: string): (value: unknown) => string {
  const valid = new Set<string>();
  return (value) => {
    if (typeof value === 'string' && valid.has(value)) return value;
    const text = parseInput(schema, value, field);
    if (text !== value) return text; // a schema that transforms: nothing to remember
    if (valid.size >= TEXT_INPUT_MEMORY) valid.clear();
    valid.add(text);
    return text;
  };
}
