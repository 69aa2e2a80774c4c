/**
 * The editor's admin endpoints: the image list of a deployed device (read permission) and of the
 * device as the editor has it now (write permission), answering names and tags, never a
 * credential; a stored password is never sent to a URL other than the one it was deployed with.
 */
import type { RunningSimulator } from '../../simulator';
import { recordForScan } from '../support/secrets';
import { startTestSimulator } from '../support/simulator';
import { seedContainers } from './seed';
import { deviceCredentials, helper, inject, op, secureEdgeNodes, testFlow, unloadAndScan, Observed } from './harness';

let sim: RunningSimulator;
/** Another server standing for "an address someone typed": it must never be contacted with the stored password. */
let elsewhere: RunningSimulator;

const granted = new Set<string>();
const asked = new Set<string>();
/** The nodes with Node-RED's permission check replaced by one the test controls (the helper has no adminAuth). */
function nodesWithPermissions(red: { auth: unknown }) {
  red.auth = {
    needsPermission: (permission: string) => {
      asked.add(permission);
      return (_req: unknown, res: { status(n: number): { json(b: unknown): void } }, next: () => void) =>
        granted.has(permission) ? next() : res.status(401).json({ error: 'unauthorized' });
    },
  };
  return secureEdgeNodes(red);
}

async function load(): Promise<Observed> {
  await helper.load(nodesWithPermissions, testFlow(sim, [op('list-images')]), deviceCredentials(sim));
  const seen = new Observed();
  seen.attach();
  return seen;
}

async function call(method: 'get' | 'post', path: string, body?: unknown) {
  const req = helper.request()[method](path);
  const res = body === undefined ? await req : await req.send(body);
  recordForScan(`admin ${method.toUpperCase()} ${path}`, { status: res.status, body: res.body, text: res.text });
  return res as { status: number; body: any; text: string };
}

beforeAll(async () => {
  await helper.startServer();
  sim = await startTestSimulator();
  elsewhere = await startTestSimulator();
});
beforeEach(async () => {
  granted.clear();
  granted.add('secureedge.read').add('secureedge.write');
  sim.control.clearRequests();
  elsewhere.control.clearRequests();
});
afterEach(unloadAndScan);
afterAll(async () => {
  await helper.stopServer();
  await sim.close();
  await elsewhere.close();
});

const imageNames = () => sim.control.images().map((i) => ({ name: i.name, tag: i.tag }));

test("GET devices/:id/images: the deployed device's images, through its shared client (one login with the flow)", async () => {
  const seen = await load();
  const res = await call('get', '/secureedge/devices/dev1/images');
  expect(res.status).toBe(200);
  expect(res.body).toEqual({ images: imageNames() });
  inject('op1', {});
  await seen.nextOut();
  await call('get', '/secureedge/devices/dev1/images');
  expect(sim.control.loginCount()).toBe(1);
  expect(res.text).not.toContain(sim.password);
});

test('GET for an id that is not a deployed device: 404 NOT_FOUND, nothing sent', async () => {
  await load();
  for (const id of ['nope', 'op1']) {
    const res = await call('get', `/secureedge/devices/${id}/images`);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
  }
  expect(sim.control.requestCount()).toBe(0);
});

test('POST with a typed password: the images of a device that is not deployed yet', async () => {
  await load();
  const res = await call('post', '/secureedge/images', {
    id: 'new-device',
    url: sim.url,
    username: 'admin',
    password: sim.password,
    timeout: '5',
  });
  expect(res.status).toBe(200);
  expect(res.body).toEqual({ images: imageNames() });
});

test('POST with a wrong typed password: AUTH_FAILED, and the answer holds no password', async () => {
  await load();
  const res = await call('post', '/secureedge/images', { url: sim.url, password: 'typo-Pa55word' });
  expect(res.status).toBe(502);
  expect(res.body.error.code).toBe('AUTH_FAILED');
  expect(res.text).not.toContain('typo-Pa55word');
});

test('POST with "__PWRD__" (unchanged) and the deployed URL: uses the deployed device', async () => {
  await load();
  const res = await call('post', '/secureedge/images', {
    id: 'dev1',
    url: sim.url,
    password: '__PWRD__',
    acceptSelfSigned: false,
    timeout: '10',
  });
  expect(res.status).toBe(200);
  expect(res.body).toEqual({ images: imageNames() });
});

test('POST with the stored password but another URL or TLS setting: refused, the other address gets nothing', async () => {
  await load();
  const attempts = [
    { id: 'dev1', url: elsewhere.url, password: '__PWRD__' },
    { id: 'dev1', url: elsewhere.url },
    { id: 'dev1', url: sim.url, password: '__PWRD__', acceptSelfSigned: true },
    { id: 'unknown', url: sim.url },
  ];
  for (const body of attempts) {
    const res = await call('post', '/secureedge/images', body);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'INVALID_INPUT' });
    // It says why the stored password is not used: another address than the deployed one, or nothing deployed.
    expect(res.body.error.message).toMatch(
      body.id === 'unknown'
        ? /^Enter the device password: this device is not deployed yet/
        : /differs from the deployed one .*only ever sent to the address it was deployed with/,
    );
    // No doubled prefix: the code is in its own field.
    expect(res.body.error.message).not.toMatch(/^(INVALID_INPUT|Invalid input)/);
  }
  expect(elsewhere.control.requestCount()).toBe(0);
  expect(sim.control.requestCount()).toBe(0);
});

test('POST with a bad URL: 400 INVALID_INPUT naming the URL problem', async () => {
  await load();
  const res = await call('post', '/secureedge/images', { url: 'ftp://device', password: 'x-Pa55word' });
  expect(res.status).toBe(400);
  expect(res.body.error.message).toMatch(/device URL must start with http/);
});

test.each(['images', 'containers'])(
  'permissions (%s): GET needs secureedge.read, POST secureedge.write; refused calls contact no device',
  async (kind) => {
    await load();
    expect([...asked].sort()).toEqual(['secureedge.read', 'secureedge.write']);
    granted.clear();
    // The device pool may already hold a session from an earlier test: count requests, not logins.
    const before = sim.control.requests.length;
    expect((await call('get', `/secureedge/devices/dev1/${kind}`)).status).toBe(401);
    expect((await call('post', `/secureedge/${kind}`, { url: sim.url, password: sim.password })).status).toBe(401);
    expect(sim.control.requests.length).toBe(before);
    granted.add('secureedge.read');
    expect((await call('get', `/secureedge/devices/dev1/${kind}`)).status).toBe(200);
    const afterRead = sim.control.requests.length;
    expect(afterRead).toBeGreaterThan(before);
    expect((await call('post', `/secureedge/${kind}`, { url: sim.url, password: sim.password })).status).toBe(401);
    expect(sim.control.requests.length).toBe(afterRead);
  },
);

test('the container picker: each container with its state, for the deployed device and for the dialog as it is', async () => {
  await seedContainers(sim, ['picker-a', 'picker-b'], { start: true });
  sim.control.setContainerState('picker-b', 'exited');
  await load();
  const expected = sim.control.containers().map((c) => ({ name: c.name, running_state: c.state }));
  expect(expected).toEqual(
    expect.arrayContaining([
      { name: 'picker-a', running_state: 'running' },
      { name: 'picker-b', running_state: 'exited' },
    ]),
  );
  const deployed = await call('get', '/secureedge/devices/dev1/containers');
  expect(deployed.status).toBe(200);
  expect(deployed.body).toEqual({ containers: expected });
  const typed = await call('post', '/secureedge/containers', { id: 'new', url: sim.url, username: 'admin', password: sim.password });
  expect(typed.body).toEqual({ containers: expected });
  // The stored password stays with its URL here too.
  const elsewhereRes = await call('post', '/secureedge/containers', { id: 'dev1', url: elsewhere.url, password: '__PWRD__' });
  expect(elsewhereRes.status).toBe(400);
  expect(elsewhere.control.requestCount()).toBe(0);
});
