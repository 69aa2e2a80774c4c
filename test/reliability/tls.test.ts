/**
 * TLS is verified unless the user switches it off. A device behind HTTPS with a self-signed
 * certificate (made for this run with openssl) is refused by default, before any request is
 * sent; it is accepted with the explicit "accept self-signed" switch or with its certificate
 * given as the CA; a certificate for another host is refused even with that CA.
 */
import type { RunningSimulator } from '../../simulator';
import { expectError, testClient } from '../support/client';
import { startTestSimulator } from '../support/simulator';
import { Cleanup } from './helpers';
import { startFront, type Front } from './front-proxy';
import { certificateMaker } from './tls-cert';

const cleanup = new Cleanup();
const certificates = certificateMaker();
let forLoopback: { key: string; cert: string };
let forOtherHost: { key: string; cert: string };

beforeAll(() => {
  forLoopback = certificates.make('device', 'IP:127.0.0.1');
  forOtherHost = certificates.make('other', 'DNS:other-device.example');
});
afterEach(() => cleanup.run());
afterAll(() => certificates.remove());

async function httpsDevice(tls: { key: string; cert: string }): Promise<{ sim: RunningSimulator; front: Front }> {
  const sim = await startTestSimulator();
  cleanup.add(() => sim.close());
  const front = await startFront({ target: sim.url, tls });
  cleanup.add(() => front.close());
  return { sim, front };
}

test('by default a self-signed certificate is refused before anything is sent, and the error names the certificate', async () => {
  const { sim, front } = await httpsDevice(forLoopback);
  const client = testClient({ ...sim, url: front.url });
  cleanup.add(() => client.close());
  const err = await expectError(() => client.listContainers());
  expect(err.code).toBe('NETWORK');
  expect(err.message).toMatch(/SELF_SIGNED|self.signed|certificate/i);
  expect(err.message).toContain(front.url);
  expect(front.requests).toBe(0);
  expect(sim.control.requests).toHaveLength(0);
});

test('the explicit acceptSelfSigned switch lets it through', async () => {
  const { sim, front } = await httpsDevice(forLoopback);
  const client = testClient({ ...sim, url: front.url }, { tls: { acceptSelfSigned: true } });
  cleanup.add(() => client.close());
  expect(await client.listContainers()).toEqual([]);
  expect(sim.control.loginCount()).toBe(1);
});

test("the device's own certificate given as CA verifies it, switch off", async () => {
  const { sim, front } = await httpsDevice(forLoopback);
  const client = testClient({ ...sim, url: front.url }, { tls: { ca: forLoopback.cert } });
  cleanup.add(() => client.close());
  expect(await client.listContainers()).toEqual([]);
});

test('a CA that did not sign the certificate does not help', async () => {
  const { sim, front } = await httpsDevice(forLoopback);
  const client = testClient({ ...sim, url: front.url }, { tls: { ca: forOtherHost.cert } });
  cleanup.add(() => client.close());
  const err = await expectError(() => client.listContainers());
  expect(err.code).toBe('NETWORK');
  expect(sim.control.requests).toHaveLength(0);
});

test('a certificate for another host is refused even with its CA trusted', async () => {
  const { sim, front } = await httpsDevice(forOtherHost);
  const client = testClient({ ...sim, url: front.url }, { tls: { ca: forOtherHost.cert } });
  cleanup.add(() => client.close());
  const err = await expectError(() => client.listContainers());
  expect(err.code).toBe('NETWORK');
  expect(err.message).toMatch(/ALTNAME|does not match|altnames/i);
  expect(sim.control.requests).toHaveLength(0);
});
