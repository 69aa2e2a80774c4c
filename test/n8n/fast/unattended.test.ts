/**
 * Unattended operation through n8n-core's WorkflowExecute: the node's clients come from core's
 * process-wide pool, so a scheduled workflow logs in once a day, a wrong password is refused once
 * per backoff window whatever the items and nodes, and a device that is off fails items fast.
 * Time moves by faking only Date (sockets and timers stay real).
 */
import { byName, N8nHarness } from '../harness';
import { startSimulator, type RunningSimulator } from '../../../simulator';
import { startTestSimulator } from '../../support/simulator';
import { TEST_PASSWORD } from '../../support/secrets';
import { fakeOnlyDate } from '../../support/clock';

const DAY = 24 * 60 * 60_000;

let sim: RunningSimulator;
let n8n: N8nHarness;
beforeAll(async () => {
  sim = await startTestSimulator({ sessionLifetimeMs: DAY });
  n8n = await N8nHarness.create();
  n8n.addDevice(sim);
  const spec = { container: { name: 'web' }, image: { name: 'nginx', tag: 'latest' } };
  await n8n.run([{}], [{ parameters: { resource: 'container', operation: 'create', specMode: 'json', specJson: JSON.stringify(spec) } }]);
});
afterAll(() => sim.close());
afterEach(() => jest.useRealTimers());

const healthCheck = (extra: object = {}) => [
  { parameters: { resource: 'image', operation: 'getAll' }, ...extra },
  { parameters: { resource: 'container', operation: 'getAll' }, ...extra },
  { parameters: { resource: 'container', operation: 'getStatus', containerName: byName('web') }, ...extra },
];

test('a 3-node health check every 5 minutes for a simulated day logs in exactly once', async () => {
  sim.control.expireAllSessions();
  const advance = fakeOnlyDate().advance;
  sim.control.clearRequests();
  for (let run = 0; run < 288; run++) {
    const result = await n8n.run([{}], healthCheck());
    expect(result.run.data.resultData.error).toBeUndefined();
    advance(5 * 60_000);
  }
  expect(sim.control.requestCount({ pathPrefix: '/api/' })).toBeGreaterThanOrEqual(288 * 3);
  expect(sim.control.loginCount()).toBe(1);
}, 240_000);

test('a wrong password over 100 items x 3 nodes (Continue On Fail): one refused login, every item AUTH_FAILED', async () => {
  const wrong = n8n.addDevice(sim, { password: 'changed-on-the-device' });
  const loginsBefore = sim.control.loginCount();
  const steps = healthCheck({ continueOnFail: true, credential: wrong }).map((s, i) =>
    i === 0 ? { ...s, parameters: { ...s.parameters, options: { concurrency: 4 } } } : s,
  );
  const items = Array.from({ length: 100 }, (_, i) => ({ i }));
  const result = await n8n.run(items, steps);
  for (const node of ['SecureEdge', 'SecureEdge 2', 'SecureEdge 3']) {
    const out = result.output(node)!;
    expect(out).toHaveLength(100);
    expect(out.every((item) => (item.json.details as { code?: string }).code === 'AUTH_FAILED')).toBe(true);
  }
  expect(sim.control.loginCount() - loginsBefore).toBe(1);
  // The later items say when the next login will be tried.
  expect(String(result.output('SecureEdge 3')![99].json.error)).toMatch(/no login is sent before .*\(in \d+ s\)/);
  // A second execution inside the window sends nothing either.
  await n8n.run(items.slice(0, 10), steps);
  expect(sim.control.loginCount() - loginsBefore).toBe(1);
});

test('the device off: 100 items fail fast with NETWORK, and the next execution after it is back succeeds', async () => {
  const probe = await startSimulator({ password: TEST_PASSWORD });
  const port = probe.port;
  await probe.close();
  const off = n8n.addDevice({ url: `http://127.0.0.1:${port}` });
  const items = Array.from({ length: 100 }, (_, i) => ({ i }));
  const started = Date.now();
  const result = await n8n.run(items, [{ ...healthCheck()[0], continueOnFail: true, credential: off }]);
  const elapsed = Date.now() - started;
  const out = result.output('SecureEdge')!;
  expect(out).toHaveLength(100);
  expect(out.every((item) => (item.json.details as { code?: string }).code === 'NETWORK')).toBe(true);
  // Without the outage memory each item spent its connection retries (about 1.2 s each).
  expect(elapsed / 100).toBeLessThan(100);

  const back = await startTestSimulator({ port });
  try {
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const again = await n8n.run([{}], [{ ...healthCheck()[0], credential: off }]);
    expect(again.run.data.resultData.error).toBeUndefined();
    expect(back.control.loginCount()).toBe(1);
  } finally {
    await back.close();
  }
});
