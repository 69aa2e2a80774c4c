/**
 * The exported login pieces (loginForm, loginFailure: what n8n's credential and engines with
 * their own HTTP stack use) fill in the device's only user, `admin`, when no username is given:
 * the form logs in on a real device model, and a refused login names `admin` in its message
 * rather than an empty name.
 */
import { createUndiciTransport, loginFailure, loginForm, sessionIdFromSetCookie, type Transport } from '../../core';
import type { RunningSimulator } from '../../simulator';
import { recordForScan, TEST_PASSWORD } from '../support/secrets';
import { startTestSimulator } from '../support/simulator';

let sim: RunningSimulator;
let transport: Transport;

beforeAll(async () => {
  sim = await startTestSimulator();
  transport = createUndiciTransport({ origin: sim.url, connectTimeoutMs: 2000 });
});
afterAll(async () => {
  await transport.close(0);
  await sim.close();
});

const send = (password: string) => transport.request({ ...loginForm('', password), timeoutMs: 5000 });

test('a login form without a username logs in as admin', async () => {
  const res = await send(TEST_PASSWORD);
  // Only its type is asserted: the session id itself must not reach a test message.
  expect(typeof sessionIdFromSetCookie(res.headers['set-cookie'])).toBe('string');
  expect(sim.control.loginCount()).toBe(1);
});

test('a refused login without a username names the user admin', async () => {
  const res = await send(`${TEST_PASSWORD}-wrong`);
  expect(sessionIdFromSetCookie(res.headers['set-cookie'])).toBeUndefined();
  const err = loginFailure(sim.url, '', res.status);
  recordForScan('login failure', err);
  expect(err.code).toBe('AUTH_FAILED');
  expect(err.message).toBe(
    `The device refused the login for user 'admin' (HTTP 401). Check the password: it is the one printed on the sticker on the device.`,
  );
});
