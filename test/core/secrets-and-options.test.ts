/**
 * No secret in any representation (the redactor in every encoding the client sends, URL errors,
 * inspect/JSON of errors), options checked before anything is sent, and device JSON parsed
 * without prototype keys.
 */
import { inspect } from 'node:util';
import { parseDeviceUrl, SecureEdgeClient, type SecureEdgeClientOptions } from '../../core';
import { Redactor, secretSpellings } from '../../core/redact';
import { parseDeviceJson } from '../../core/safe-json';
import type { RunningSimulator } from '../../simulator';
import { expectError, testClient } from '../support/client';
import { recordForScan, TEST_PASSWORD } from '../support/secrets';
import { startTestSimulator } from '../support/simulator';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startTestSimulator();
});
afterAll(() => sim.close());

describe('the redactor', () => {
  test.each([
    ['raw', (p: string) => p],
    ['encodeURIComponent', (p: string) => encodeURIComponent(p)],
    ['URLSearchParams (the login body)', (p: string) => new URLSearchParams({ password: p }).toString().slice('password='.length)],
    ['lower-case percent escapes', (p: string) => encodeURIComponent(p).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase())],
    ['JSON-escaped', (p: string) => JSON.stringify(p).slice(1, -1)],
  ])('removes the password written %s, for short and odd passwords', (_how, encode) => {
    for (const password of ['a b!', 'x!', "it's (a) ~test*", 'Sé"\\/+=', TEST_PASSWORD, '1']) {
      const r = new Redactor();
      r.add(password);
      const text = `device said: user=admin&password=${encode(password)} (end)`;
      const out = r.redact(text);
      expect(out).not.toContain(encode(password));
      expect(out).toContain('[redacted]');
      expect(out).toMatch(/^device said: /);
    }
  });

  test('the form spelling of a password with a space and ! is known', () => {
    expect(secretSpellings('a b!')).toEqual(expect.arrayContaining(['a b!', 'a%20b!', 'a+b%21']));
  });

  test('holds its secrets out of inspect and JSON', () => {
    const r = new Redactor();
    r.add(TEST_PASSWORD);
    expect(inspect(r, { showHidden: true, depth: 5 })).not.toContain(TEST_PASSWORD);
    expect(JSON.stringify({ r })).not.toContain(TEST_PASSWORD);
  });
});

describe('the device URL', () => {
  test.each([
    'http://admin:S3cretPw@@[bad',
    'http://admin:S3cretPw@exa mple',
    'admin:S3cretPw@192.0.2.1',
    'http://admin:S3cretPw@127.0.0.1',
  ])('%j: INVALID_INPUT that never echoes the userinfo', (url) => {
    let err: unknown;
    try {
      parseDeviceUrl(url);
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 'INVALID_INPUT', field: 'url' });
    expect((err as Error).message).not.toContain('S3cretPw');
    expect(JSON.stringify(err)).not.toContain('S3cretPw');
    expect(inspect(err)).not.toContain('S3cretPw');
  });
});

describe('client options', () => {
  const base = (): SecureEdgeClientOptions => ({ url: sim.url, password: TEST_PASSWORD });
  test.each([
    ['timeoutMs', { timeoutMs: NaN }],
    ['timeoutMs', { timeoutMs: '1000' }],
    ['timeoutMs', { timeoutMs: 0 }],
    ['timeoutMs', { timeoutMs: Infinity }],
    ['timeoutMs', { timeoutMs: -5 }],
    ['tls.acceptSelfSigned', { tls: { acceptSelfSigned: 'false' } }],
    ['tls.acceptSelfSigned', { tls: { acceptSelfSigned: 1 } }],
    ['tls', { tls: 'insecure' }],
    ['retry.retries', { retry: { retries: NaN } }],
    ['retry.baseDelayMs', { retry: { baseDelayMs: '5' } }],
    ['poll.intervalMs', { poll: { intervalMs: NaN } }],
    ['poll.maxIntervalMs', { poll: { maxIntervalMs: 0 } }],
    ['username', { username: 42 }],
    ['password', { password: 12345 }],
    ['logger', { logger: console.log }],
  ])('%s: %p is INVALID_INPUT before anything is sent', (field, bad) => {
    const before = sim.control.requestCount();
    let err: unknown;
    try {
      new SecureEdgeClient({ ...base(), ...(bad as object) } as SecureEdgeClientOptions);
    } catch (e) {
      err = e;
    }
    recordForScan('option error', err);
    expect(err).toMatchObject({ code: 'INVALID_INPUT', field });
    expect(sim.control.requestCount()).toBe(before);
  });

  test('acceptSelfSigned: true and false (real booleans) are accepted', () => {
    expect(() => new SecureEdgeClient({ ...base(), tls: { acceptSelfSigned: true } })).not.toThrow();
    expect(
      () => new SecureEdgeClient({ ...base(), tls: { acceptSelfSigned: false }, retry: { retries: 0, baseDelayMs: 0 } }),
    ).not.toThrow();
  });
});

describe('device JSON', () => {
  test('__proto__, constructor and prototype keys are dropped at every depth', () => {
    const parsed = parseDeviceJson(
      '{"a":1,"__proto__":{"polluted":true},"b":{"constructor":{"prototype":{"x":1}},"c":[{"__proto__":{"y":2}}]}}',
    ) as Record<string, any>;
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(Object.keys(parsed)).toEqual(['a', 'b']);
    expect(Object.keys(parsed.b)).toEqual(['c']);
    expect(Object.keys(parsed.b.c[0])).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('each forbidden key alone is dropped too (the fast path is only for answers naming none)', () => {
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      const parsed = parseDeviceJson(`{"a":1,"${key}":{"polluted":true}}`) as object;
      expect([key, Object.keys(parsed)]).toEqual([key, ['a']]);
    }
    expect(parseDeviceJson('{"text":"no forbidden key here","n":[1,2]}')).toEqual({ text: 'no forbidden key here', n: [1, 2] });
  });

  test('a configuration answer with __proto__ gives a plain result object', async () => {
    const client = testClient(sim);
    try {
      await client.createContainer({ container: { name: 'proto' }, image: { name: 'nginx', tag: 'latest' } });
      const real = await client.getContainerConfiguration('proto');
      const withProto = JSON.stringify(real).slice(0, -1) + ',"__proto__":{"isAdmin":true},"constructor":{"name":"x"}}';
      sim.control.injectOnce(
        { method: 'GET', path: '/api/v1/docker/containers/proto/configuration' },
        { kind: 'status', status: 200, body: withProto },
      );
      const got = (await client.getContainerConfiguration('proto')) as unknown as Record<string, unknown>;
      expect(Object.getPrototypeOf(got)).toBe(Object.prototype);
      expect(got.isAdmin).toBeUndefined();
      expect(Object.prototype.hasOwnProperty.call(got, 'constructor')).toBe(false);
    } finally {
      await client.close();
    }
  });
});

test('errors of a refused login and a failed call show no secret under inspect or JSON', async () => {
  const wrong = 'Wr0ng pass!word';
  const client = new SecureEdgeClient({ url: sim.url, password: wrong, retry: { retries: 0 } });
  const err = await expectError(() => client.listImages());
  for (const view of [
    inspect(err, { showHidden: true, depth: 10 }),
    JSON.stringify(err),
    String(err),
    inspect(client, { showHidden: true, depth: 10 }),
    JSON.stringify(client),
  ]) {
    for (const spelling of secretSpellings(wrong)) expect(view).not.toContain(spelling);
  }
  await client.close();
});
