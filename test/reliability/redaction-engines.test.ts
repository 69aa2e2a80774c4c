/**
 * Redaction through the engines' doors, against a device that echoes what it received (the
 * simulator's echoReceived switch: Cookie header, request body, last login body with the
 * password) in every error body and page: Node-RED's msg.error (Catch), status badge and log;
 * n8n's error items (Continue On Fail), node errors, log lines and the credential test. Each door
 * must show the device's words (so the echo reached it) and neither secret, in any encoding.
 */
import type { RunningSimulator } from '../../simulator';
import { byName, credentialData, N8nHarness } from '../n8n/harness';
import { helper, inject, loadFlow, logText, op, unloadAndScan } from '../node-red/harness';
import { startTestSimulator } from '../support/simulator';
import { leakedSecrets } from './redaction-helpers';

const WRONG = 'Wrong+Sticker/Pa55=';
let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startTestSimulator({ echoReceived: true, errorBodyStyle: 'html' });
});
afterAll(() => sim.close());

describe('Node-RED', () => {
  beforeAll(() => helper.startServer());
  afterEach(() => unloadAndScan());
  afterAll(() => helper.stopServer());

  test('msg.error, the status badge and the log show the device words without the secrets', async () => {
    const seen = await loadFlow(sim, [op('container-status')]);
    inject('op1', { container: 'ghost' });
    const caught = await seen.nextCaught();
    expect(caught.error.code).toBe('NOT_FOUND');
    // The echo reached the message (the cookie, redacted), so this door was really tested.
    expect(caught.error.message).toMatch(/cookie "id=\[redacted\]"/);
    expect(sim.control.issuedSessionCookies().length).toBeGreaterThan(0);
    const shown = JSON.stringify(caught) + JSON.stringify(seen.badges()) + logText();
    expect(leakedSecrets(shown, sim)).toEqual([]);
  });

  test('a wrong password: msg.error, badge and log without it', async () => {
    const seen = await loadFlow(sim, [op('list-images')], { credentials: { dev1: { username: 'admin', password: WRONG } } });
    inject('op1', {});
    const caught = await seen.nextCaught();
    expect(caught.error.code).toBe('AUTH_FAILED');
    expect(sim.control.receivedPasswords()).toContain(WRONG);
    expect(leakedSecrets(JSON.stringify(caught) + JSON.stringify(seen.badges()) + logText(), sim)).toEqual([]);
  });
});

describe('n8n', () => {
  let n8n: N8nHarness;
  beforeAll(async () => {
    n8n = await N8nHarness.create();
    n8n.addDevice(sim);
  });

  const status = (continueOnFail: boolean) => ({
    parameters: { resource: 'container', operation: 'getStatus', containerName: byName('ghost') },
    continueOnFail,
  });

  test('an error item (Continue On Fail) shows the device words without the secrets', async () => {
    const result = await n8n.run([{}], [status(true)]);
    const [item] = result.output('SecureEdge')!;
    expect(item.json.error).toMatch(/cookie "id=\[redacted\]"/);
    expect(leakedSecrets(JSON.stringify(result.run), sim)).toEqual([]);
  });

  test('the node error and every log line show no secret', async () => {
    const result = await n8n.run([{}], [status(false)]);
    const error = result.error('SecureEdge')!;
    expect(error.message).toMatch(/cookie "id=\[redacted\]"/);
    const shown = [
      error.message,
      String(error.description ?? ''),
      JSON.stringify(error),
      JSON.stringify(result.run),
      JSON.stringify(n8n.log),
    ].join('\n');
    expect(leakedSecrets(shown, sim)).toEqual([]);
  });

  test('the credential test with a wrong password, against a device that echoes it: no secret', async () => {
    const result = await n8n.credentialTest(credentialData(sim.url, { password: WRONG }));
    expect(result.status).toBe('Error');
    expect(sim.control.receivedPasswords()).toContain(WRONG);
    expect(leakedSecrets(JSON.stringify(result) + JSON.stringify(n8n.log), sim)).toEqual([]);
  });

  test('the credential test with the right password, after an echoing error: no secret', async () => {
    const result = await n8n.credentialTest(credentialData(sim.url));
    expect(result.status).toBe('OK');
    expect(leakedSecrets(JSON.stringify(result) + JSON.stringify(n8n.log), sim)).toEqual([]);
  });
});
