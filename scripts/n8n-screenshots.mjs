// `npm run screenshots:n8n`: the README's n8n screenshots (docs/screenshots/n8n-*.png), taken in the real n8n
// 2.41.1 editor in Chromium. Not part of `npm test` (it takes minutes); run it after changing a panel.
//
// It runs `scripts/start-n8n.mjs` (the simulator with a running `web` and a stopped `broker`, n8n with this
// package installed as n8n installs a community node, the credential and the example workflows) in a throwaway
// user folder on free ports, creates n8n's owner account in the editor, adds one workflow with the nodes the
// screenshots open, and takes:
//   n8n-example-workflow.png   the health-check example: SecureEdge nodes with their subtitles in words
//   n8n-create-panel.png       Create after a run (its output) with an empty Add Port row (placeholders, no defaults)
//   n8n-container-picker.png   the Container list of Get Status: the device's containers with their state
//   n8n-image-picker.png       the Image list: the device's images with their size
// Environment: SECUREEDGE_SCREENSHOTS_DIR (default docs/screenshots), SECUREEDGE_N8N_URL (use an n8n that
// `npm run start:n8n` already runs instead of starting one; its owner is created, or signed in, as below).
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const { freePort } = require('../tools/free-port.cjs');

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = process.env.SECUREEDGE_SCREENSHOTS_DIR || join(root, 'docs', 'screenshots');
/** The owner of a throwaway n8n, on this machine only. */
const OWNER = { email: 'owner@example.com', firstName: 'Plant', lastName: 'Engineer', password: 'Screenshots-0nly' };
const CREDENTIAL = { secureEdgeApi: { id: 'secureEdgeAccount1', name: 'SecureEdge account' } };
const NODE_TYPE = 'n8n-nodes-ixon-secureedge.secureEdge';
const say = (line) => process.stdout.write(`${line}\n`);

/** Debian's chromium (playwright-core brings no browser of its own). */
function findChromium() {
  try {
    return execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('chromium not found on PATH. Install it: apt-get update && apt-get install -y chromium');
  }
}

/** The nodes the panel screenshots open: a Create without ports, a Get Status and an image's details. */
const PANELS_WORKFLOW = {
  name: 'SecureEdge panels (screenshots)',
  settings: { executionOrder: 'v1' },
  nodes: [
    { id: 's1', name: 'Run now', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
    {
      id: 's2',
      name: 'Create app',
      type: NODE_TYPE,
      typeVersion: 1,
      position: [260, -120],
      credentials: CREDENTIAL,
      parameters: {
        resource: 'container',
        operation: 'create',
        specMode: 'fields',
        containerName: 'app',
        imageName: { __rl: true, mode: 'list', value: 'nginx' },
        imageTag: { __rl: true, mode: 'list', value: 'latest' },
      },
    },
    {
      id: 's3',
      name: 'Get status',
      type: NODE_TYPE,
      typeVersion: 1,
      position: [260, 0],
      credentials: CREDENTIAL,
      parameters: { resource: 'container', operation: 'getStatus', containerName: { __rl: true, mode: 'list', value: 'web' } },
    },
    {
      id: 's4',
      name: 'Image details',
      type: NODE_TYPE,
      typeVersion: 1,
      position: [260, 120],
      credentials: CREDENTIAL,
      parameters: {
        resource: 'image',
        operation: 'getDetails',
        imageName: { __rl: true, mode: 'list', value: 'nginx' },
        imageTag: { __rl: true, mode: 'list', value: 'latest' },
      },
    },
  ],
  connections: {
    'Run now': {
      main: [
        [
          { node: 'Create app', type: 'main', index: 0 },
          { node: 'Get status', type: 'main', index: 0 },
          { node: 'Image details', type: 'main', index: 0 },
        ],
      ],
    },
  },
};

/** Starts `npm run start:n8n`'s script on free ports in a temp folder; resolves with the editor URL and a stop(). */
async function startN8n() {
  const userFolder = mkdtempSync(join(tmpdir(), 'secureedge-n8n-screenshots-'));
  const env = {
    ...process.env,
    SECUREEDGE_N8N_DIR: userFolder,
    SECUREEDGE_N8N_PORT: String(await freePort(0)),
    SECUREEDGE_DEMO_DEVICE_PORT: '0',
  };
  const child = spawn(process.execPath, [join(root, 'scripts', 'start-n8n.mjs')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(userFolder, { recursive: true, force: true });
  };
  const url = await new Promise((resolve, reject) => {
    const onData = (chunk) => {
      output += chunk;
      const found = /n8n editor:\s+(http:\/\/127\.0\.0\.1:\d+)\//.exec(output);
      if (found) resolve(found[1]);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`start-n8n.mjs exited (code ${code}):\n${output.split('\n').slice(-20).join('\n')}`)));
  });
  return { url, stop };
}

/** A fresh n8n asks for its owner; one started before may already have it (then sign in). */
async function signIn(page, url) {
  await page.goto(`${url}/`);
  await page.waitForURL(/\/(setup|signin|home|assistant|workflows)/, { timeout: 120_000 });
  if (page.url().includes('/setup')) {
    for (const [field, value] of Object.entries(OWNER)) await page.fill(`input[name=${field}]`, value);
    await page.click('[data-test-id=form-submit-button]');
  } else if (page.url().includes('/signin')) {
    await page.fill('input[name=emailOrLdapLoginId]', OWNER.email);
    await page.fill('input[name=password]', OWNER.password);
    await page.click('[data-test-id=form-submit-button]');
  }
  await page.waitForURL((u) => !/\/(setup|signin)/.test(u.pathname), { timeout: 60_000 });
}

/** n8n's own REST API as the editor calls it (same cookie, same browser id). */
async function rest(page, method, path, body) {
  return page.evaluate(
    async ({ method, path, body }) => {
      const res = await fetch(path, {
        method,
        headers: { 'content-type': 'application/json', 'browser-id': globalThis.localStorage.getItem('n8n-browserId') ?? '' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${(await res.text()).slice(0, 300)}`);
      return (await res.json()).data;
    },
    { method, path, body },
  );
}

async function openWorkflow(page, url, id) {
  await page.goto(`${url}/workflow/${id}`);
  await page.waitForSelector('[data-test-id=canvas-node]', { timeout: 120_000 });
  // Let the canvas fit the view and the subtitles render.
  await page.waitForTimeout(1500);
}

/** Opens a node's panel (NDV) by its name on the canvas. */
async function openNode(page, name) {
  await page.locator(`[data-test-id=canvas-node][data-node-name="${name}"]`).dblclick();
  await page.waitForSelector('[data-test-id=ndv]', { timeout: 30_000 });
  await page.waitForTimeout(1000);
}

/** The panel's middle column (parameters and an open list), for a picture that stays legible in the README. */
async function parametersPane(page) {
  const box = await page.locator('[data-test-id=ndv] [data-test-id=node-parameters]').boundingBox();
  if (!box) throw new Error('the parameters pane is not visible');
  return { x: Math.max(0, box.x - 12), y: Math.max(0, box.y - 8), width: box.width + 24, height: 440 };
}

async function closeNode(page) {
  await page.locator('[data-test-id=ndv-close-button]').click();
  await page.waitForSelector('[data-test-id=ndv]', { state: 'hidden', timeout: 30_000 });
}

async function main() {
  mkdirSync(outDir, { recursive: true });
  let n8n;
  if (process.env.SECUREEDGE_N8N_URL) n8n = { url: process.env.SECUREEDGE_N8N_URL.replace(/\/$/, ''), stop: async () => {} };
  else {
    say('Starting the simulator and n8n (npm run start:n8n in a temp folder) ...');
    n8n = await startN8n();
  }
  const browser = await chromium.launch({
    executablePath: findChromium(),
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 850 } });
    page.setDefaultTimeout(60_000);
    say(`n8n at ${n8n.url}; signing in ...`);
    await signIn(page, n8n.url);
    const workflows = await rest(page, 'GET', '/rest/workflows');
    const healthCheck = workflows.find((w) => /health check/i.test(w.name));
    if (!healthCheck) throw new Error('the health-check example workflow was not imported');

    say('n8n-example-workflow.png');
    await openWorkflow(page, n8n.url, healthCheck.id);
    await page.screenshot({ path: join(outDir, 'n8n-example-workflow.png') });

    const panels = await rest(page, 'POST', '/rest/workflows', PANELS_WORKFLOW);
    await openWorkflow(page, n8n.url, panels.id);

    say('n8n-create-panel.png');
    await openNode(page, 'Create app');
    await page.locator('[data-test-id=ndv] [data-test-id=node-execute-button]').first().click();
    // The output as JSON, so every field name shows whole; then Add Port, to show its empty row.
    await page.locator('[data-test-id=output-panel] [data-test-id=radio-button-json]').click();
    await page.waitForSelector('[data-test-id=output-panel] >> text=waitedForCreateMs', { timeout: 60_000 });
    await page.locator('[data-test-id=ndv] button:has-text("Add Port")').click();
    await page.waitForTimeout(800);
    await page.screenshot({ path: join(outDir, 'n8n-create-panel.png') });
    await closeNode(page);

    say('n8n-container-picker.png');
    await openNode(page, 'Get status');
    await page.locator('[data-test-id=ndv] [data-test-id=rlc-input]').first().click();
    await page.waitForSelector('[data-test-id=rlc-item] >> text=broker', { timeout: 60_000 });
    await page.waitForTimeout(500);
    await page.screenshot({ path: join(outDir, 'n8n-container-picker.png'), clip: await parametersPane(page) });
    await page.keyboard.press('Escape');
    await closeNode(page);

    say('n8n-image-picker.png');
    await openNode(page, 'Image details');
    await page.locator('[data-test-id=ndv] [data-test-id=rlc-input]').first().click();
    await page.waitForSelector('[data-test-id=rlc-item] >> text=mosquitto', { timeout: 60_000 });
    await page.waitForTimeout(500);
    await page.screenshot({ path: join(outDir, 'n8n-image-picker.png'), clip: await parametersPane(page) });
    say(`done: ${outDir}`);
  } catch (err) {
    // What the editor showed when a step failed, to see why.
    const shot = join(tmpdir(), 'n8n-screenshots-failure.png');
    await browser
      .contexts()[0]
      ?.pages()[0]
      ?.screenshot({ path: shot })
      .then(() => say(`the editor at the failure: ${shot}`))
      .catch(() => {});
    throw err;
  } finally {
    await browser.close();
    await n8n.stop();
  }
}

main().catch((err) => {
  process.stderr.write(`n8n-screenshots: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
