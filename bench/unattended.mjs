// Unattended operation, measured through the n8n node (n8n-core's WorkflowExecute, the BUILT node):
// - loginsPerScheduledDay: a 3-node health check run every 5 minutes for a simulated day (288
//   executions, device session life 24 h) -> logins the device received. Goal 1.
// - refusedLoginsAfterPasswordChange: the device's password changed, one execution of 100 items
//   through 3 nodes with Continue On Fail -> refused logins the device received. Goal 1.
// The day is simulated by moving Date.now() forward between executions (the pool, the refusal
// memory and the in-process simulator all read it); sockets and timers run in real time.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

async function loadHarness() {
  try {
    require.resolve('../dist/nodes/SecureEdge/SecureEdge.node.js');
    require.resolve('n8n-core');
    require('./lib/ts-require.cjs');
    return require('../tools/n8n-harness/index.ts');
  } catch (err) {
    return { unavailable: `n/a (not built: ${err.code ?? err.message})` };
  }
}

const healthCheck = (harness, extra = {}) => [
  { parameters: { resource: 'image', operation: 'getAll' }, ...extra },
  { parameters: { resource: 'container', operation: 'getAll' }, ...extra },
  { parameters: { resource: 'container', operation: 'getStatus', containerName: harness.byName('bench-web') }, ...extra },
];

/** Date.now() moved forward by `offset`, for the simulated day only. */
function simulatedClock() {
  const realNow = Date.now;
  let offset = 0;
  Date.now = () => realNow() + offset;
  return { advance: (ms) => (offset += ms), restore: () => (Date.now = realNow) };
}

export async function loginsPerScheduledDay(password) {
  const harness = await loadHarness();
  if (harness.unavailable) return harness;
  const { startSimulator } = require('../dist/simulator');
  const clock = simulatedClock();
  const sim = await startSimulator({ password, sessionLifetimeMs: 24 * 60 * 60_000 });
  try {
    const n8n = await harness.N8nHarness.create();
    n8n.addDevice({ url: sim.url }, { password });
    const spec = { container: { name: 'bench-web' }, image: { name: 'nginx', tag: 'latest' } };
    await n8n.run([{}], [{ parameters: { resource: 'container', operation: 'create', specMode: 'json', specJson: JSON.stringify(spec) } }]);
    sim.control.expireAllSessions();
    sim.control.clearRequests();
    let failedExecutions = 0;
    for (let run = 0; run < 288; run++) {
      const result = await n8n.run([{}], healthCheck(harness));
      if (result.run.data.resultData.error) failedExecutions++;
      clock.advance(5 * 60_000);
    }
    return {
      logins: sim.control.loginCount(),
      goal: 1,
      executions: 288,
      nodesPerExecution: 3,
      failedExecutions,
      requests: sim.control.requestCount({ pathPrefix: '/api/' }),
    };
  } finally {
    clock.restore();
    await sim.close();
  }
}

export async function refusedLoginsAfterPasswordChange(password) {
  const harness = await loadHarness();
  if (harness.unavailable) return harness;
  const { startSimulator } = require('../dist/simulator');
  const sim = await startSimulator({ password });
  try {
    const n8n = await harness.N8nHarness.create();
    // The credential still holds the old password; the device's was changed.
    n8n.addDevice({ url: sim.url }, { password: `${password}-before-the-change` });
    const items = Array.from({ length: 100 }, (_, i) => ({ i }));
    const result = await n8n.run(items, healthCheck(harness, { continueOnFail: true }));
    const errorItems = ['SecureEdge', 'SecureEdge 2', 'SecureEdge 3'].reduce(
      (n, node) => n + (result.output(node) ?? []).filter((i) => i.json.error).length,
      0,
    );
    return { refusedLogins: sim.control.loginCount(), goal: 1, items: 100, nodes: 3, errorItems };
  } finally {
    await sim.close();
  }
}
