/**
 * The exact words of option and input errors, which a person reads to fix a setting: each refused
 * option names its field and says what it must be (and what it got, for null, a boolean or an
 * object), the device URL says whether it is missing or not a URL, a tls.ca of the right kind is
 * accepted, and parseInput says "got nothing" when a value was left out. No traffic: every check
 * happens before anything is sent (the URL below is never contacted).
 */
import { z } from 'zod/v4';
import { DEFAULT_DEVICE_URL, parseDeviceUrl, parseInput, SecureEdgeClient, type SecureEdgeClientOptions } from '../../core';
import { recordForScan, TEST_PASSWORD } from '../support/secrets';

const URL = 'http://127.0.0.1:9';
const base = (): SecureEdgeClientOptions => ({ url: URL, password: TEST_PASSWORD });

/** The error thrown by `fn`, recorded for the secret scan. */
function thrown(fn: () => unknown): { code?: string; field?: string; message?: string } {
  try {
    fn();
  } catch (err) {
    recordForScan('option error', err);
    return err as { code?: string; field?: string; message?: string };
  }
  throw new Error('expected an error, got none');
}

const withOptions = (extra: Record<string, unknown>) => () =>
  new SecureEdgeClient({ ...base(), ...extra } as unknown as SecureEdgeClientOptions);

test('no options at all: the message says which two are needed', () => {
  expect(thrown(() => new SecureEdgeClient(undefined as unknown as SecureEdgeClientOptions))).toMatchObject({
    code: 'INVALID_INPUT',
    field: 'options',
    message: 'Invalid input: the client needs its options: { url, password }.',
  });
});

test.each([
  [null, 'null'],
  [true, 'boolean'],
  [{ ms: 5 }, 'object'],
])('timeoutMs %p: the message says it got %s', (value, shown) => {
  expect(thrown(withOptions({ timeoutMs: value }))).toMatchObject({
    field: 'timeoutMs',
    message: `Invalid input: timeoutMs must be a positive number of milliseconds (got ${shown}).`,
  });
});

test.each([
  ['retry', 5],
  ['poll', null],
])('%s given as %p: the message says it must be an object', (field, value) => {
  expect(thrown(withOptions({ [field]: value }))).toMatchObject({
    code: 'INVALID_INPUT',
    field,
    message: `Invalid input: ${field} must be an object.`,
  });
});

test('tls.ca that is neither text nor Buffer is refused; a PEM text or a Buffer is accepted', () => {
  expect(thrown(withOptions({ tls: { ca: 42 } }))).toMatchObject({
    code: 'INVALID_INPUT',
    field: 'tls.ca',
    message: 'Invalid input: tls.ca must be a PEM text or a Buffer.',
  });
  const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
  expect(() => new SecureEdgeClient({ ...base(), tls: { ca: pem } })).not.toThrow();
  expect(() => new SecureEdgeClient({ ...base(), tls: { ca: Buffer.from(pem) } })).not.toThrow();
});

test.each([
  ['an empty object', {}],
  ['request() only', { request: async () => ({ status: 200, headers: {}, body: '' }) }],
  ['close() only', { close: async () => undefined }],
])('a transport with %s is refused, naming both functions', (_label, transport) => {
  expect(thrown(withOptions({ transport }))).toMatchObject({
    code: 'INVALID_INPUT',
    field: 'transport',
    message: 'Invalid input: transport must have request() and close() functions.',
  });
});

describe('the device URL', () => {
  test.each([undefined, '', '   '])('%p is "required"', (url) => {
    expect(thrown(() => parseDeviceUrl(url))).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'url',
      message: `Invalid input: device URL is required (for example ${DEFAULT_DEVICE_URL}).`,
    });
  });

  test('a text that is no URL (and holds no user or password) says only that', () => {
    expect(thrown(() => parseDeviceUrl('not a url'))).toMatchObject({
      field: 'url',
      message: `Invalid input: device URL is not a URL (for example ${DEFAULT_DEVICE_URL}).`,
    });
  });
});

test('parseInput: a left-out value that fails a non-type check is shown as "got nothing"', () => {
  // A missing value usually fails the type check ("is required"); an enum fails otherwise, and the
  // echo then has to say there was no value rather than print an empty quote.
  const err = thrown(() => parseInput(z.enum(['fast', 'safe']), undefined, 'mode'));
  expect(err).toMatchObject({ code: 'INVALID_INPUT', field: 'mode' });
  expect(err.message).toMatch(/^Invalid input: mode: .* \(got nothing\)\. Nothing was sent to the device\.$/);
});
