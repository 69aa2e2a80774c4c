/**
 * The device's own words reach the message also from error bodies shaped as servers commonly
 * send them: JSON followed by a newline (read as JSON, not quoted raw), and an HTML page without
 * a <title> whose last words stand after its last tag (kept whole, to the last character).
 */
import type { SecureEdgeClient } from '../../core';
import type { RunningSimulator } from '../../simulator';
import { expectError, testClient } from '../support/client';
import { startTestSimulator } from '../support/simulator';

const IMAGES = '/api/v1/docker/images';
let sim: RunningSimulator;
let client: SecureEdgeClient;

beforeAll(async () => {
  sim = await startTestSimulator();
  client = testClient(sim);
});
afterAll(async () => {
  await client.close();
  await sim.close();
});

test.each([
  ['JSON with a trailing newline', '{"error":"disk full"}\n', 'disk full'],
  ['JSON between blank lines', '\n  {"message":"registry locked"}  \n', 'registry locked'],
  ['HTML without a title, words after the last tag', '<h1>Bad Gateway</h1>upstream is restarting', 'Bad Gateway upstream is restarting'],
])('an error body of %s: the message quotes the device exactly', async (_what, body, words) => {
  sim.control.injectOnce({ method: 'GET', path: IMAGES }, { kind: 'status', status: 500, body });
  const err = await expectError(() => client.listImages());
  expect(err.code).toBe('DEVICE_ERROR');
  expect(err.message).toBe(`The device answered HTTP 500 to GET ${IMAGES}. The device says: "${words}".`);
});
