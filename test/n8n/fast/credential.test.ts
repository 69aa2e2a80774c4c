/**
 * The SecureEdge API credential: its test (through the node's testedBy method, in n8n-core's
 * credential-test context) and its n8n-native session, used the way n8n's HTTP Request node
 * uses it: n8n-core's httpRequestWithAuthentication runs preAuthentication and the generic
 * Cookie block, and logs in again when a request answers 401.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { credentialData, N8nHarness } from '../harness';
import type { RunningSimulator } from '../../../simulator';
import { startTestSimulator } from '../../support/simulator';
import { TEST_PASSWORD } from '../../support/secrets';

let sim: RunningSimulator;
let n8n: N8nHarness;
let notASecureEdge: Server;
let notASecureEdgeUrl: string;

beforeAll(async () => {
  sim = await startTestSimulator();
  n8n = await N8nHarness.create();
  notASecureEdge = createServer((_req, res) => {
    res.writeHead(404, { 'content-type': 'text/html' });
    res.end('<h1>Not Found</h1>');
  });
  await new Promise<void>((resolve) => notASecureEdge.listen(0, '127.0.0.1', resolve));
  notASecureEdgeUrl = `http://127.0.0.1:${(notASecureEdge.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await sim.close();
  await new Promise((resolve) => notASecureEdge.close(resolve));
});

async function closedPortUrl(): Promise<string> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return `http://127.0.0.1:${port}`;
}

describe('credential test', () => {
  test('the right password: OK, and what the device lists', async () => {
    const result = await n8n.credentialTest(credentialData(sim.url));
    expect(result).toEqual({
      status: 'OK',
      message: `Connected: logged in, and the device lists ${sim.control.images().length} image(s).`,
    });
  });

  test('a wrong password says the device refused the login', async () => {
    const result = await n8n.credentialTest(credentialData(sim.url, { password: 'wrong-password' }));
    expect(result.status).toBe('Error');
    expect(result.message).toMatch(/^The device refused the login for user 'admin' \(HTTP 401\)\. Check the password/);
  });

  test('an unreachable device says it did not answer, naming the URL', async () => {
    const url = await closedPortUrl();
    const result = await n8n.credentialTest(credentialData(url));
    expect(result.status).toBe('Error');
    expect(result.message).toContain(`Cannot log in: the device at ${url} did not answer (ECONNREFUSED)`);
  });

  test('a web server that is not a SecureEdge says so', async () => {
    const result = await n8n.credentialTest(credentialData(notASecureEdgeUrl));
    expect(result.status).toBe('Error');
    expect(result.message).toBe(
      `${notASecureEdgeUrl} has no SecureEdge login at /auth/login (HTTP 404). Is this the URL of a SecureEdge Pro?`,
    );
  });

  test('a URL with a path is refused before anything is sent', async () => {
    const result = await n8n.credentialTest(credentialData(`${sim.url}/api`));
    expect(result).toMatchObject({
      status: 'Error',
      message: expect.stringMatching(/^Invalid input: device URL must be the device address only/),
    });
  });
});

describe('the n8n-native session (as the HTTP Request node uses it)', () => {
  let device: string;
  const containersRequest = {
    type: 'deviceRequest' as const,
    name: 'Device Request',
    parameters: { path: '/api/v1/docker/containers', method: 'GET' },
  };

  beforeAll(() => {
    device = n8n.addDevice(sim);
  });

  test('preAuthentication logs in once and the Cookie block sends the id cookie back unchanged', async () => {
    const loginsBefore = sim.control.loginCount();
    const result = await n8n.run([{}], [{ ...containersRequest, credential: device }]);
    expect(result.error('Device Request')).toBeUndefined();
    expect(result.output('Device Request')![0].json).toEqual({ statusCode: 200, body: [] });
    expect(sim.control.loginCount()).toBe(loginsBefore + 1);
    const sessionId = n8n.credentials.get(device)!.sessionId as string;
    // The simulator's cookies always hold '+', '/' and '=': a 200 proves they went back as set.
    expect(sessionId).toMatch(/\+/);
    expect(sessionId).toMatch(/\//);
    expect(sessionId).toMatch(/=$/);
    const get = sim.control.requests.filter((r) => r.method === 'GET').pop()!;
    expect(get).toMatchObject({ status: 200, hadSession: true });
  });

  test('the stored session is reused by the next execution: no new login', async () => {
    const loginsBefore = sim.control.loginCount();
    const preAuthBefore = n8n.credentials.preAuthenticationCalls;
    const result = await n8n.run([{}], [{ ...containersRequest, credential: device }]);
    expect(result.output('Device Request')![0].json.statusCode).toBe(200);
    expect(sim.control.loginCount()).toBe(loginsBefore);
    expect(n8n.credentials.preAuthenticationCalls).toBe(preAuthBefore);
  });

  test('a session that expired between two executions: the 401 makes n8n log in again and repeat', async () => {
    const before = n8n.credentials.get(device)!.sessionId;
    sim.control.expireAllSessions();
    sim.control.clearRequests();
    const result = await n8n.run([{}], [{ ...containersRequest, credential: device }]);
    expect(result.error('Device Request')).toBeUndefined();
    expect(result.output('Device Request')![0].json.statusCode).toBe(200);
    expect(sim.control.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      'GET /api/v1/docker/containers 401',
      'POST /auth/login 200',
      'GET /api/v1/docker/containers 200',
    ]);
    expect(n8n.credentials.get(device)!.sessionId).not.toBe(before);
  });

  test("a wrong password fails the request with the device's refusal, not the password", async () => {
    const wrong = n8n.addDevice(sim, { password: 'wrong-password' });
    const result = await n8n.run([{}], [{ ...containersRequest, credential: wrong }]);
    const error = result.error('Device Request')!;
    expect(error.message + ' ' + (error.description ?? '')).toMatch(/refused the login/);
    expect(JSON.stringify(result.run)).not.toContain(TEST_PASSWORD);
  });
});
