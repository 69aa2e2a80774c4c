/**
 * Client options at and just past their limits, and the words of each refusal: a person reads the
 * message to fix the setting, so each names the option, what was wrong with the value and what it
 * must be. Every refusal comes before anything is sent (the simulator counts what it receives); a
 * value at its limit is accepted and the client then works. The device URL: what a pasted address
 * may carry (spaces around it, a trailing slash, https) and what it must not (another scheme, a
 * user, a path, a query, a fragment), each with its own sentence.
 */
import { createUndiciTransport, DEFAULT_DEVICE_URL, parseDeviceUrl, SecureEdgeClient, type SecureEdgeClientOptions } from '../../core';
import type { RunningSimulator } from '../../simulator';
import { testClient } from '../support/client';
import { recordForScan, TEST_PASSWORD } from '../support/secrets';
import { startTestSimulator } from '../support/simulator';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startTestSimulator();
});
afterAll(() => sim.close());

const base = (): SecureEdgeClientOptions => ({ url: sim.url, password: TEST_PASSWORD });

/** The error of building a client with `options`, recorded for the secret scan. */
function refusal(options: unknown): { code?: string; field?: string; message?: string } {
  try {
    new SecureEdgeClient(options as SecureEdgeClientOptions);
  } catch (err) {
    recordForScan('option error', err);
    return err as { code?: string; field?: string; message?: string };
  }
  throw new Error('expected the options to be refused, they were accepted');
}

const logOnly = { debug: () => undefined };

describe('a refused option names itself, says what is wrong, and nothing is sent', () => {
  test.each<[string, () => unknown, string, string]>([
    ['options given as a text', () => 'http://device', 'options', 'the client needs its options: { url, password }.'],
    [
      'an empty password',
      () => ({ ...base(), password: '' }),
      'password',
      "password is required (the device's admin password, printed on its sticker).",
    ],
    ['a username that is a number', () => ({ ...base(), username: 42 }), 'username', 'username must be a text.'],
    ['tls as a text', () => ({ ...base(), tls: 'insecure' }), 'tls', 'tls must be an object such as { acceptSelfSigned: false }.'],
    [
      'acceptSelfSigned as the text "false"',
      () => ({ ...base(), tls: { acceptSelfSigned: 'false' } }),
      'tls.acceptSelfSigned',
      'tls.acceptSelfSigned must be true or false (got the text "false"); certificate checks stay on unless it is exactly true.',
    ],
    [
      'a timeout as a long text (only its first 20 characters are shown)',
      () => ({ ...base(), timeoutMs: '123456789012345678901234567890' }),
      'timeoutMs',
      'timeoutMs must be a positive number of milliseconds (got the text "12345678901234567890").',
    ],
    [
      'a timeout of NaN',
      () => ({ ...base(), timeoutMs: NaN }),
      'timeoutMs',
      'timeoutMs must be a positive number of milliseconds (got NaN).',
    ],
    [
      'a timeout one past what a timer can wait (about 24 days)',
      () => ({ ...base(), timeoutMs: 2_147_483_648 }),
      'timeoutMs',
      'timeoutMs must be a positive number of milliseconds (got 2147483648).',
    ],
    [
      'a negative retry delay',
      () => ({ ...base(), retry: { baseDelayMs: -1 } }),
      'retry.baseDelayMs',
      'retry.baseDelayMs must be a non-negative number of milliseconds (got -1).',
    ],
    [
      'a negative longest retry delay',
      () => ({ ...base(), retry: { maxDelayMs: -1 } }),
      'retry.maxDelayMs',
      'retry.maxDelayMs must be a non-negative number of milliseconds (got -1).',
    ],
    [
      'a negative tight polling time',
      () => ({ ...base(), poll: { tightForMs: -1 } }),
      'poll.tightForMs',
      'poll.tightForMs must be a non-negative number of milliseconds (got -1).',
    ],
    [
      '11 retries',
      () => ({ ...base(), retry: { retries: 11 } }),
      'retry.retries',
      'retry.retries must be a whole number from 0 to 10 (got 11).',
    ],
    [
      '-1 retries',
      () => ({ ...base(), retry: { retries: -1 } }),
      'retry.retries',
      'retry.retries must be a whole number from 0 to 10 (got -1).',
    ],
    [
      '2.5 retries',
      () => ({ ...base(), retry: { retries: 2.5 } }),
      'retry.retries',
      'retry.retries must be a whole number from 0 to 10 (got 2.5).',
    ],
    [
      'retries as a text',
      () => ({ ...base(), retry: { retries: '3' } }),
      'retry.retries',
      'retry.retries must be a whole number from 0 to 10 (got the text "3").',
    ],
    [
      'a logger without warn()',
      () => ({ ...base(), logger: logOnly }),
      'logger',
      'logger must have debug(message) and warn(message) functions.',
    ],
    [
      'a logger without debug()',
      () => ({ ...base(), logger: { warn: () => undefined } }),
      'logger',
      'logger must have debug(message) and warn(message) functions.',
    ],
    ['a logger of null', () => ({ ...base(), logger: null }), 'logger', 'logger must have debug(message) and warn(message) functions.'],
    ['a transport of null', () => ({ ...base(), transport: null }), 'transport', 'transport must have request() and close() functions.'],
  ])('%s', (_what, options, field, words) => {
    const before = sim.control.requestCount();
    expect(refusal(options())).toMatchObject({ code: 'INVALID_INPUT', field, message: `Invalid input: ${words}` });
    expect(sim.control.requestCount()).toBe(before);
  });
});

test('values at their limits are accepted and the client works with them', async () => {
  const client = testClient(sim, {
    username: 'admin',
    timeoutMs: 2_147_483_647,
    retry: { retries: 10, baseDelayMs: 0, maxDelayMs: 0 },
    poll: { intervalMs: 20, tightForMs: 0, maxIntervalMs: 100 },
  });
  const logins = sim.control.loginCount();
  try {
    expect(await client.listImages()).toEqual(expect.any(Array));
    expect(sim.control.loginCount()).toBe(logins + 1);
  } finally {
    await client.close();
  }
});

test("a transport of the caller's own is accepted and carries the calls", async () => {
  const transport = createUndiciTransport({ origin: sim.url, connectTimeoutMs: 1000 });
  const client = testClient(sim, { transport });
  const before = sim.control.requestCount({ method: 'GET', pathPrefix: '/api/v1/docker/images' });
  try {
    await client.listImages();
    expect(sim.control.requestCount({ method: 'GET', pathPrefix: '/api/v1/docker/images' })).toBe(before + 1);
  } finally {
    await client.close();
  }
});

describe('the device URL', () => {
  const urlRefusal = (url: string) => {
    try {
      parseDeviceUrl(url);
    } catch (err) {
      recordForScan('url error', err);
      return err;
    }
    throw new Error('expected the URL to be refused');
  };
  const saying = (why: string) => ({
    code: 'INVALID_INPUT',
    field: 'url',
    message: `Invalid input: device URL ${why} (for example ${DEFAULT_DEVICE_URL}).`,
  });

  test('an address pasted with a no-break space after it still reaches the device', async () => {
    const client = testClient(sim, { url: `${sim.url}\u00a0` });
    try {
      expect(client.url).toBe(sim.url);
      await client.listImages();
      expect(sim.control.requestCount({ method: 'GET', pathPrefix: '/api/v1/docker/images' })).toBeGreaterThan(0);
    } finally {
      await client.close();
    }
  });

  test('https and a trailing slash (or an empty query or fragment) are the address itself', () => {
    expect(parseDeviceUrl('https://127.0.0.1:8443')).toBe('https://127.0.0.1:8443');
    expect(parseDeviceUrl(`${sim.url}/`)).toBe(sim.url);
    expect(parseDeviceUrl(`${sim.url}/?`)).toBe(sim.url);
    expect(parseDeviceUrl(`${sim.url}/#`)).toBe(sim.url);
  });

  test('another scheme: it must start with http:// or https://', () => {
    expect(urlRefusal(DEFAULT_DEVICE_URL.replace('http:', 'ftp:'))).toMatchObject(saying('must start with http:// or https://'));
  });

  test.each([
    ['a user', 'http://admin@127.0.0.1'],
    ['a password only', 'http://:S3cretPw@127.0.0.1'],
  ])('with %s in it: no user or password', (_what, url) => {
    const err = urlRefusal(url);
    expect(err).toMatchObject(saying('must not contain a user or password; use the password setting'));
    expect((err as Error).message).not.toContain('S3cretPw');
  });

  test.each(['/api/v1', '/?page=1', '/#containers', '?page=1', '#containers'])('the address followed by %s: no path', (tail) => {
    expect(urlRefusal(`${sim.url}${tail}`)).toMatchObject(saying('must be the device address only, without a path'));
  });

  test('a malformed URL holding a user and password says so, without echoing them', () => {
    const err = urlRefusal('http://admin:S3cretPw@exa mple');
    expect(err).toMatchObject(saying('is not a URL (and it seems to hold a user or password: put the password in the password setting)'));
    expect((err as Error).message).not.toContain('S3cretPw');
  });

  test('an @ after the host (in the path) is not taken for a user or password', () => {
    expect(urlRefusal('http://exa mple/containers@2')).toMatchObject(saying('is not a URL'));
  });
});
