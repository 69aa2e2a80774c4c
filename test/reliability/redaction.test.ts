/**
 * Redaction through core's doors: a device that echoes what it received (the simulator's
 * echoReceived switch: the Cookie header, the request body and the last login body, with the
 * password) in its error bodies and HTML pages. Every error message and cause core builds from
 * such an answer must show neither the password nor the cookie, in any encoding — while the
 * device's own words around them still come through (else the echo proved nothing).
 */
import type { SecureEdgeClient } from '../../core';
import type { RunningSimulator } from '../../simulator';
import { expectError, testClient } from '../support/client';
import { startTestSimulator } from '../support/simulator';
import { C, Cleanup } from './helpers';
import { echoedSecrets, leakedSecrets } from './redaction-helpers';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

async function echoingDevice(
  options: Parameters<typeof startTestSimulator>[0] = {},
): Promise<{ sim: RunningSimulator; client: SecureEdgeClient }> {
  const sim = await startTestSimulator({ echoReceived: true, ...options });
  const client = testClient(sim);
  cleanup.add(() => sim.close());
  cleanup.add(() => client.close());
  // A first call logs in, so the device has a cookie and a login body to echo.
  await client.listContainers();
  return { sim, client };
}

/** Everything a person could see of an error: message, fields, cause chain, JSON form. */
function shown(err: Error): string {
  const parts: string[] = [];
  for (let e: unknown = err; e instanceof Error; e = e.cause) parts.push(e.message, String(e.stack ?? ''), JSON.stringify(e));
  return parts.join('\n');
}

test('the switch works: the device really echoes the cookie and the login body with the password', async () => {
  const { sim } = await echoingDevice();
  const cookie = sim.control.issuedSessionCookies()[0];
  const res = await fetch(`${sim.url}${C}/ghost/status`, { headers: { cookie: `id=${cookie}` } });
  const body = await res.text();
  expect(res.status).toBe(404);
  expect(echoedSecrets(body, sim)).toEqual(expect.arrayContaining(['cookie', 'password']));
  const page = await fetch(`${sim.url}/login?error=1`).then((r) => r.text());
  expect(echoedSecrets(page, sim)).toEqual(['password']);
});

test.each(['json', 'text', 'html'] as const)(
  'a %s error body that echoes the secrets: the message quotes the device, without them',
  async (errorBodyStyle) => {
    const { sim, client } = await echoingDevice({ errorBodyStyle });
    const err = await expectError(() => client.getContainerStatus('ghost'));
    expect(err.code).toBe('NOT_FOUND');
    // The device's words came through (so the echo reached the message), the secrets did not.
    expect(err.message).toMatch(/The device says: ".*cookie "id=\[redacted\]"/);
    expect(err.message).toContain('[redacted]');
    expect(leakedSecrets(shown(err), sim)).toEqual([]);
  },
);

test.each([400, 500, 503] as const)('an injected %s whose page echoes the secrets: no secret in the message', async (status) => {
  const { sim, client } = await echoingDevice({ errorBodyStyle: 'html' });
  sim.control.injectOnce({ method: 'POST', path: `${C}/web/start` }, { kind: 'status', status });
  const err = await expectError(() => client.startContainer('web'));
  expect(err.status).toBe(status);
  expect(err.message).toContain('[redacted]');
  expect(leakedSecrets(shown(err), sim)).toEqual([]);
});

test('a 200 answer that is an HTML page echoing the secrets: BAD_RESPONSE without them', async () => {
  const { sim, client } = await echoingDevice();
  sim.control.injectOnce({ method: 'GET', path: C }, { kind: 'html' });
  const err = await expectError(() => client.listContainers());
  expect(err.code).toBe('BAD_RESPONSE');
  expect(leakedSecrets(shown(err), sim)).toEqual([]);
});

test('a session rejected with an echoing body, then renewed: the call succeeds and nothing leaked into its log', async () => {
  const logged: string[] = [];
  const sim = await startTestSimulator({ echoReceived: true });
  const client = testClient(sim, { logger: { debug: (m) => logged.push(m), warn: (m) => logged.push(m) } });
  cleanup.add(() => sim.close());
  cleanup.add(() => client.close());
  await client.listContainers();
  sim.control.expireAllSessions();
  await client.listImages();
  expect(sim.control.loginCount()).toBe(2);
  expect(logged.length).toBeGreaterThan(0);
  expect(leakedSecrets(logged.join('\n'), sim)).toEqual([]);
});

test('a wrong password refused with a page that echoes it: AUTH_FAILED without it', async () => {
  for (const wrongPasswordAnswer of [401, 200] as const) {
    const sim = await startTestSimulator({ echoReceived: true, wrongPasswordAnswer, errorBodyStyle: 'html' });
    const client = testClient(sim, { password: 'Wrong+Sticker/Pa55=' });
    cleanup.add(() => sim.close());
    cleanup.add(() => client.close());
    const err = await expectError(() => client.listContainers());
    expect(err.code).toBe('AUTH_FAILED');
    expect(sim.control.receivedPasswords()).toContain('Wrong+Sticker/Pa55=');
    expect(leakedSecrets(shown(err), sim)).toEqual([]);
  }
});

test('a password in every spelling (space, quote, backslash, !): none of them in a message', async () => {
  // Form encoding ('+' for space, %21 for !) differs from encodeURIComponent, and JSON escapes the
  // quote and the backslash: each spelling must be known to the redactor, or it leaks.
  const password = 'Sp ace"Quo\\te!x';
  const { sim, client } = await echoingDevice({ password });
  // The echo repeats the last login body: the password form-encoded.
  const notFound = await expectError(() => client.getContainerStatus('ghost'));
  expect(notFound.message).toContain('password=[redacted]');
  // A JSON body without an error string is quoted as JSON: the password JSON-escaped inside a text.
  sim.control.injectOnce(
    { method: 'GET', path: `${C}/ghost/status` },
    { kind: 'status', status: 400, body: JSON.stringify({ problem: `login with ${password} refused` }) },
  );
  const failed = await expectError(() => client.getContainerStatus('ghost'));
  expect(failed.message).toContain('login with [redacted] refused');
  // Percent escapes echoed in lower case (%2b for +) are the same secret.
  const lower = encodeURIComponent(password).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase());
  sim.control.injectOnce({ method: 'GET', path: `${C}/ghost/status` }, { kind: 'status', status: 400, body: `bad login ${lower} here` });
  const lowered = await expectError(() => client.getContainerStatus('ghost'));
  expect(lowered.message).toContain('bad login [redacted] here');
  for (const err of [notFound, failed, lowered]) expect(leakedSecrets(shown(err), sim)).toEqual([]);
});

test('a cookie issued after the first error is redacted too (the redactor learns new secrets)', async () => {
  const { sim, client } = await echoingDevice();
  await expectError(() => client.getContainerStatus('ghost'));
  sim.control.expireAllSessions();
  await client.listContainers();
  expect(sim.control.issuedSessionCookies()).toHaveLength(2);
  const err = await expectError(() => client.getContainerStatus('ghost'));
  expect(err.message).toContain('cookie "id=[redacted]"');
  expect(leakedSecrets(shown(err), sim)).toEqual([]);
});

test('the device quotes the secrets right where core shortens its words: not even a piece shows', async () => {
  const { sim, client } = await echoingDevice();
  // Core keeps the first 200 characters of the device's words. The echo repeats the request body
  // before the cookie and the login body, so container names of growing length slide both secrets
  // across that cut: a redaction applied after cutting would let a piece through for some of them.
  for (let length = 2; length <= 128; length += 5) {
    sim.control.injectOnce({ method: 'POST', path: C }, { kind: 'status', status: 400 });
    const err = await expectError(() =>
      client.createContainer({ container: { name: 'x'.repeat(length) }, image: { name: 'nginx', tag: 'latest' } }),
    );
    expect(err.status).toBe(400);
    expect({ length, leaked: leakedSecrets(shown(err), sim, { fragments: true }) }).toEqual({ length, leaked: [] });
  }
}, 120_000);
