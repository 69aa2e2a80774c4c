/**
 * The TLS switch in both engines: off by default and then a self-signed device is refused (a
 * Catch in Node-RED, an error item in n8n, nothing sent); switched on, the same device works.
 * And the switch says plainly in both editors what it does.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningSimulator } from '../../simulator';
import { byName, N8nHarness } from '../n8n/harness';
import { helper, inject, loadFlow, op, unloadAndScan, type FlowNode } from '../node-red/harness';
import { startTestSimulator } from '../support/simulator';
import { Cleanup } from './helpers';
import { startFront, type Front } from './front-proxy';
import { certificateMaker } from './tls-cert';

const certificates = certificateMaker();
const cleanup = new Cleanup();
let sim: RunningSimulator;
let front: Front;

beforeAll(async () => {
  await helper.startServer();
  sim = await startTestSimulator();
  front = await startFront({ target: sim.url, tls: certificates.make('device', 'IP:127.0.0.1') });
  const seed = await import('../node-red/seed');
  await seed.seedContainers(sim, ['web']);
  sim.control.clearRequests();
});
afterEach(() => cleanup.run());
afterAll(async () => {
  await helper.stopServer();
  await front.close();
  await sim.close();
  certificates.remove();
});

const httpsDevice = (acceptSelfSigned: boolean): FlowNode => ({
  id: 'dev1',
  type: 'secureedge-device',
  name: 'https device',
  url: front.url,
  timeout: '5',
  acceptSelfSigned,
});

test('Node-RED: off by default, a self-signed device is caught as NETWORK naming the certificate, nothing sent; switched on, it answers', async () => {
  cleanup.add(() => unloadAndScan());
  const strict = await loadFlow(sim, [op('container-status')], { device: httpsDevice(false) });
  inject('op1', { container: 'web' });
  const caught = await strict.nextCaught();
  expect(caught.error.code).toBe('NETWORK');
  expect(caught.error.message).toMatch(/SELF_SIGNED|self.signed|certificate/i);
  expect(front.requests).toBe(0);
  await unloadAndScan();

  const lenient = await loadFlow(sim, [op('container-status')], { device: httpsDevice(true) });
  inject('op1', { container: 'web' });
  expect((await lenient.nextOut()).payload).toEqual({ name: 'web', running_state: 'created' });
});

test('n8n: off by default, the item is a NETWORK error naming the certificate, nothing sent; switched on, it answers', async () => {
  const n8n = await N8nHarness.create();
  const strict = n8n.addDevice({ url: front.url });
  const lenient = n8n.addDevice({ url: front.url }, { ignoreSSLIssues: true });
  const before = front.requests;
  const parameters = { resource: 'container', operation: 'getStatus', containerName: byName('web') };
  const refused = await n8n.run([{}], [{ parameters, continueOnFail: true, credential: strict }]);
  expect(refused.output('SecureEdge')?.[0]?.json).toMatchObject({
    error: expect.stringMatching(/SELF_SIGNED|self.signed|certificate/i),
    details: { code: 'NETWORK' },
  });
  expect(front.requests).toBe(before);
  const accepted = await n8n.run([{}], [{ parameters, credential: lenient }]);
  expect(accepted.output('SecureEdge')?.[0]?.json).toEqual({ name: 'web', running_state: 'created' });
});

test('both editors name the switch plainly, and it is off by default', () => {
  const dist = join(__dirname, '../../dist');
  const html = readFileSync(join(dist, 'nodes/node-red/secureedge.html'), 'utf8');
  const label = /<label for="node-config-input-acceptSelfSigned"[^>]*>([^<]+)<\/label>/.exec(html)?.[1] ?? '';
  expect(label).toMatch(/self-signed/i);
  expect(label).toMatch(/not verified|insecure/i);
  expect(html).toMatch(/acceptSelfSigned:\s*\{\s*value:\s*false\s*\}/);

  const { SecureEdgeApi } = require(join(dist, 'credentials/SecureEdgeApi.credentials.js'));
  const property = new SecureEdgeApi().properties.find((p: { name: string }) => p.name === 'ignoreSSLIssues');
  expect(property.displayName).toMatch(/insecure/i);
  expect(property.description).toMatch(/self-signed/i);
  expect(property.default).toBe(false);
});
