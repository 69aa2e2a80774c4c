/**
 * `npm start`'s demo (scripts/start-demo.mjs), run as a person runs it, minus the build that
 * `npm test` has just done: it must print the editor URL, serve a Node-RED with every example
 * flow deployed and pointed at its simulator, run a flow from a button, and stop both on Ctrl-C
 * (SIGINT).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { connectAdmin, type AdminClient } from '../../tools/node-red/admin-client.cjs';
import { listExampleFlows, DEMO_DEVICE_ID } from '../../tools/node-red/example-flows.cjs';
import { recordForScan, shownOnPurpose, TEST_PASSWORD } from '../support/secrets';
import { EXAMPLES_DIR, REPO_ROOT } from './support/node-red-under-test';

let demo: ChildProcess;
let demoDir: string;
const lines: string[] = [];
let exited: Promise<number | null>;
let editorUrl: string;
let deviceUrl: string;
let admin: AdminClient;

/** The one line that shows the simulator's password, on purpose, so a person can log in to it. */
const PASSWORD_LINE = /^ Simulated device: /;

function waitForLine(pattern: RegExp, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const found = lines.find((l) => pattern.test(l));
    if (found) return resolve(found);
    const timer = setTimeout(
      () => reject(new Error(`the demo did not print ${pattern} within ${timeoutMs} ms. It printed:\n${lines.slice(-30).join('\n')}`)),
      timeoutMs,
    );
    demo.stdout!.on('data', check);
    demo.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the demo exited (${code}) before printing ${pattern}. It printed:\n${lines.slice(-30).join('\n')}`));
    });
    function check() {
      const line = lines.find((l) => pattern.test(l));
      if (!line) return;
      clearTimeout(timer);
      demo.stdout!.off('data', check);
      resolve(line);
    }
  });
}

beforeAll(async () => {
  demoDir = mkdtempSync(join(tmpdir(), 'secureedge-demo-'));
  // npm start prints the demo device's login for the person who started it: that line only.
  shownOnPurpose(PASSWORD_LINE);
  demo = spawn(process.execPath, [join(REPO_ROOT, 'scripts', 'start-demo.mjs')], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      SECUREEDGE_DEMO_DIR: demoDir,
      SECUREEDGE_DEMO_PORT: '0',
      SECUREEDGE_DEMO_DEVICE_PORT: '0',
      SECUREEDGE_DEMO_PASSWORD: TEST_PASSWORD,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  exited = new Promise((resolve) => demo.once('exit', (code) => resolve(code)));
  for (const stream of [demo.stdout!, demo.stderr!]) {
    createInterface({ input: stream }).on('line', (line) => {
      lines.push(line);
      recordForScan('npm start output', PASSWORD_LINE.test(line) ? line.replace(TEST_PASSWORD, '<shown on purpose>') : line);
    });
  }
  await waitForLine(/Press Ctrl-C to stop/, 90_000);
  editorUrl = /Node-RED editor:\s+(\S+)/.exec(lines.find((l) => /Node-RED editor:/.test(l)) ?? '')![1].replace(/\/$/, '');
  deviceUrl = /Simulated device:\s+(\S+)/.exec(lines.find((l) => PASSWORD_LINE.test(l)) ?? '')![1];
  admin = await connectAdmin(editorUrl, { onMessage: (m) => recordForScan(`demo comms ${m.topic}`, m.data) });
}, 120_000);

afterAll(async () => {
  admin?.close();
  if (demo && demo.exitCode === null && demo.signalCode === null) {
    demo.kill('SIGKILL');
    await exited;
  }
  rmSync(demoDir, { recursive: true, force: true });
});

test('prints the editor URL on loopback and the simulated device with its login', () => {
  expect(editorUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect(deviceUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  // The password shows on that line only (and there on purpose): never in Node-RED's log or a request line.
  const withPassword = lines.filter((l) => l.includes(TEST_PASSWORD));
  expect(withPassword).toHaveLength(1);
  expect(withPassword[0]).toMatch(PASSWORD_LINE);
  expect(withPassword[0]).toContain('username admin');
});

test('the editor is served, with every example flow deployed and pointed at the simulator', async () => {
  const page = await fetch(`${editorUrl}/`);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('Node-RED');

  const { flows } = await admin.getFlows();
  const expectedTabs = listExampleFlows(EXAMPLES_DIR).flatMap((f) => f.nodes.filter((n) => n.type === 'tab').map((n) => n.label));
  expect(expectedTabs.length).toBeGreaterThan(0);
  expect(flows.filter((n) => n.type === 'tab').map((n) => n.label)).toEqual(expect.arrayContaining(expectedTabs));
  expect(flows.find((n) => n.id === DEMO_DEVICE_ID)).toMatchObject({ url: deviceUrl });
});

test("an example flow works from its button: the inventory lists the simulator's images", async () => {
  const debug = admin.waitForDebug((d) => d.id === 'inventory-images-out' || d.id === 'inventory-failed', { timeoutMs: 20_000 });
  await admin.inject('inventory-images-inject');
  const out = await debug;
  recordForScan('demo debug', out);
  expect(out.id).toBe('inventory-images-out');
  const images = out.value as Array<{ name: string; tag: string }>;
  expect(images.map((i) => `${i.name}:${i.tag}`)).toEqual(expect.arrayContaining(['nginx:latest']));
  // The request reached the simulator the demo started (it prints one line per request).
  expect(lines.some((l) => /^device\s+\| GET \/api\/v1\/docker\/images/.test(l))).toBe(true);
});

test('Ctrl-C (SIGINT) stops Node-RED and the simulator, and the demo exits cleanly', async () => {
  demo.kill('SIGINT');
  expect(await exited).toBe(0);
  expect(lines).toContain('stopped.');
  await expect(fetch(`${editorUrl}/`)).rejects.toThrow();
  await expect(fetch(`${deviceUrl}/`)).rejects.toThrow();
}, 30_000);
