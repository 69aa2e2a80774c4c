/** The built core and simulator load and work on Node 20.18+ (Node-RED 4 on older devices). */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { findNode20 } from '../support/node20';
import { recordForScan } from '../support/secrets';

const run = promisify(execFile);

test('dist/core runs a session and a redeploy on Node 20 against dist/simulator', async () => {
  const node = findNode20();
  const root = join(__dirname, '../..');
  const script = `
    const { SecureEdgeClient } = require('./dist/core');
    const { startSimulator } = require('./dist/simulator');
    (async () => {
      const sim = await startSimulator({ password: 'node20-check' });
      const client = new SecureEdgeClient({ url: sim.url, password: 'node20-check', poll: { intervalMs: 10 } });
      const report = await client.redeploy({ container: { name: 'web' }, image: { name: 'nginx', tag: 'latest' } });
      console.log(JSON.stringify({ version: process.version, state: report.running_state, steps: report.steps.length }));
      await client.close();
      await sim.close();
    })().catch((e) => { console.error(e.code, e.message); process.exit(1); });
  `;
  const { stdout } = await run(node, ['-e', script], { cwd: root });
  recordForScan('node 20 output', stdout);
  const result = JSON.parse(stdout.trim());
  expect(result.version).toMatch(/^v20\./);
  // status, preflight, create, start, wait-running: a first deploy has nothing to stop or remove.
  expect(result).toMatchObject({ state: 'running', steps: 5 });
});
