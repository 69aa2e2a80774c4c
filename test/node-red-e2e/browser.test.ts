/**
 * The Node-RED editor in a real browser (Debian's chromium via playwright-core), against a real
 * Node-RED 5 with this package installed from `npm pack` and a simulator as the device: the
 * palette shows every SecureEdge node, the create node's dialog offers the device's images and
 * takes a port mapping and an environment variable, Deploy and an inject button press create the
 * container on the device, and the result shows in the debug sidebar.
 *
 * Saves its screenshots in artifacts/screenshots/ on every run (not tracked by git); with
 * UPDATE_SCREENSHOTS=1 it writes the README's committed copies in docs/screenshots/ instead.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { RunningSimulator } from '../../simulator';
import { exampleFlowsFor } from '../../tools/node-red/example-flows.cjs';
import { recordForScan } from '../support/secrets';
import { startTestSimulator } from '../support/simulator';
import { launchChromium, settle } from './support/browser';
import { WATCH_EVENTS } from '../../core';
import { EXAMPLES_DIR, REPO_ROOT, startNodeRedUnderTest, type NodeRedUnderTest } from './support/node-red-under-test';
import { OPERATION_TYPES, SOURCE_TYPES } from '../support/node-red-types';

// Every run rewrites the pictures (the debug sidebar shows times), so the committed ones change only on purpose.
const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS === '1' ? join(REPO_ROOT, 'docs', 'screenshots') : join(REPO_ROOT, 'artifacts', 'screenshots');
const VIEWPORT = { width: 1440, height: 900 };
/** The editor folds palette categories with jQuery animations; a picture taken mid-slide is half empty. */
const NO_ANIMATION = 'window.jQuery && window.jQuery(":animated").length === 0';
const PALETTE_TYPES = [...OPERATION_TYPES, ...SOURCE_TYPES];

let sim: RunningSimulator;
let nr: NodeRedUnderTest;
let browser: Browser;
let page: Page;

/** inject -> create container (preset to another image, no ports, no env) -> debug; failures to a second debug. */
function browserFlow() {
  return [
    { id: 'ui-tab', type: 'tab', label: 'Browser test' },
    { id: 'ui-device', type: 'secureedge-device', name: 'simulator', url: sim.url, timeout: 30, acceptSelfSigned: false, credentials: { username: 'admin', password: sim.password } },
    {
      id: 'ui-inject',
      type: 'inject',
      z: 'ui-tab',
      name: 'go',
      props: [{ p: 'payload' }, { p: 'topic', vt: 'str' }],
      repeat: '',
      crontab: '',
      once: false,
      onceDelay: 0.1,
      topic: '',
      payload: '',
      payloadType: 'date',
      x: 120,
      y: 100,
      wires: [['ui-create']],
    },
    {
      id: 'ui-create',
      type: 'secureedge-create-container',
      z: 'ui-tab',
      name: '',
      device: 'ui-device',
      specSource: 'editor',
      container: 'ui-web',
      containerType: 'str',
      image: 'eclipse-mosquitto',
      imageType: 'str',
      tag: '2',
      tagType: 'str',
      ports: [],
      volumes: [],
      env: [],
      networks: 'machine-builder',
      timeout: '',
      x: 330,
      y: 100,
      wires: [['ui-debug']],
    },
    { id: 'ui-debug', type: 'debug', z: 'ui-tab', name: 'created', active: true, tosidebar: true, complete: 'payload', targetType: 'msg', x: 550, y: 100, wires: [] },
    { id: 'ui-watch', type: 'secureedge-watch', z: 'ui-tab', name: '', device: 'ui-device', interval: 10, containers: '', events: ['created', 'removed', 'state'], emitInitial: false, x: 120, y: 260, wires: [['ui-changes']] },
    { id: 'ui-changes', type: 'debug', z: 'ui-tab', name: 'changes', active: true, tosidebar: true, complete: 'payload', targetType: 'msg', x: 330, y: 260, wires: [] },
    { id: 'ui-catch', type: 'catch', z: 'ui-tab', scope: null, uncaught: false, x: 120, y: 180, wires: [['ui-failed']] },
    { id: 'ui-failed', type: 'debug', z: 'ui-tab', name: 'failed', active: true, tosidebar: true, complete: 'error', targetType: 'msg', x: 330, y: 180, wires: [] },
  ];
}

async function openEditor(): Promise<void> {
  await page.goto(`${nr.url}/`);
  // Loaded once the palette holds the nodes (folded categories keep them hidden, hence attached).
  await page.locator('.red-ui-palette-node[data-palette-type="secureedge-create-container"]').waitFor({ state: 'attached', timeout: 30_000 });
}

async function showDebugSidebar(): Promise<void> {
  await page.evaluate(() => (globalThis as unknown as { RED: { sidebar: { show(id: string): void } } }).RED.sidebar.show('debug'));
  await page.locator('.red-ui-debug-content').first().waitFor();
}

async function clickDeploy(): Promise<void> {
  const started = nr.admin.waitFor((m) => m.topic === 'notification/runtime-deploy', { what: 'deploy from the editor', timeoutMs: 20_000 });
  await page.locator('#red-ui-header-button-deploy').click();
  await started;
}

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  browser = await launchChromium();
  sim = await startTestSimulator();
  nr = await startNodeRedUnderTest({ label: 'browser' });
  await nr.admin.deploy(browserFlow());
  page = await browser.newPage({ viewport: VIEWPORT });
  // Fail a step with Playwright's own message (what it waited for) well before jest's test timeout.
  page.setDefaultTimeout(10_000);
  page.on('console', (m) => recordForScan('browser console', m.text()));
  page.on('pageerror', (e) => recordForScan('browser page error', e));
  await openEditor();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await nr?.stop();
  await sim?.close();
});

test('the palette has every SecureEdge node under "SecureEdge"', async () => {
  const category = page.locator('#red-ui-palette-container-SecureEdge');
  await category.waitFor();
  const header = page.locator('#red-ui-palette-header-SecureEdge');
  await expect(header.textContent()).resolves.toContain('SecureEdge');
  const types = await category.locator('.red-ui-palette-node').evaluateAll((els) => els.map((e) => e.getAttribute('data-palette-type')));
  expect([...types].sort()).toEqual([...PALETTE_TYPES].sort());
  // Every node shows its icon and a label.
  for (const type of PALETTE_TYPES) {
    const node = category.locator(`.red-ui-palette-node[data-palette-type="${type}"]`);
    await expect(node.locator('.red-ui-palette-label').textContent()).resolves.toMatch(/\w/);
    await expect(node.locator('.red-ui-palette-icon').count()).resolves.toBe(1);
  }
  // The README's palette picture: every other category folded away, SecureEdge open.
  await page.setViewportSize({ width: 1440, height: 1400 });
  await page.locator('button.red-ui-footer-button:has(> i.fa-angle-double-up)').first().click();
  await page.waitForFunction(NO_ANIMATION);
  await header.click();
  await page.waitForFunction(NO_ANIMATION);
  await expect(category.getAttribute('class')).resolves.toContain('red-ui-palette-open');
  // The palette's own element is a scroll box; picture the column from its top to the category's end.
  const column = await page.locator('#red-ui-palette').boundingBox();
  const end = await category.boundingBox();
  if (!column || !end) throw new Error('the palette is not on screen');
  const top = Math.max(0, column.y - 32);
  await page.screenshot({
    path: join(SCREENSHOTS, 'node-red-palette.png'),
    clip: { x: column.x, y: top, width: column.width, height: end.y + end.height + 8 - top },
  });
  await page.setViewportSize(VIEWPORT);
});

test('an unnamed node is labelled in the workspace with what it acts on', async () => {
  const label = page.locator('g[id="ui-create"] .red-ui-flow-node-label');
  await expect(label.textContent()).resolves.toBe('create ui-web');
});

test('the create dialog picks an image from the device and takes a port mapping and an env var; deploy + inject create it', async () => {
  // Tall enough that the whole dialog fits the README's picture.
  await page.setViewportSize({ width: 1440, height: 1120 });
  await page.locator('g[id="ui-create"]').dblclick();
  const tray = page.locator('.red-ui-tray').last();
  await tray.locator('#node-input-add-ports').waitFor();

  // The device's image list, fetched through Node-RED's admin endpoint.
  const picker = tray.locator('#node-input-image-choice');
  const offered = sim.control.images().map((i) => `${i.name}:${i.tag}`);
  const options = await settle(() => picker.locator('option').allTextContents(), (o) => offered.every((i) => o.includes(i)));
  expect(options).toEqual(expect.arrayContaining(offered));
  await picker.selectOption('nginx:latest');

  await tray.locator('#node-input-add-ports').click();
  const port = tray.locator('#node-input-ports-list .secureedge-port-row').last();
  await port.locator('[name=containerPort]').fill('80');
  await port.locator('[name=routerPort]').fill('8088');
  await port.locator('[name=protocol]').selectOption('tcp');

  await tray.locator('#node-input-add-env').click();
  const env = tray.locator('#node-input-env-list .secureedge-env-row').last();
  await env.locator('[name=key]').fill('GREETING');
  await env.locator('[name=value]').fill('hello from the editor');

  await tray.screenshot({ path: join(SCREENSHOTS, 'node-red-create-dialog.png') });
  await tray.locator('#node-dialog-ok').click();
  await tray.waitFor({ state: 'detached' });
  await page.setViewportSize(VIEWPORT);

  await clickDeploy();
  // What the editor deployed is what the dialog showed.
  const deployed = (await nr.admin.getFlows()).flows.find((n) => n.id === 'ui-create');
  expect(deployed).toMatchObject({
    container: 'ui-web',
    containerType: 'str',
    image: 'nginx',
    tag: 'latest',
    ports: [{ containerPort: '80', routerPort: '8088', protocol: 'tcp' }],
    env: [{ key: 'GREETING', value: 'hello from the editor' }],
  });

  await showDebugSidebar();
  const debug = nr.admin.waitForDebug((d) => d.id === 'ui-debug' || d.id === 'ui-failed', { timeoutMs: 20_000 });
  await page.locator('g[id="ui-inject"] .red-ui-flow-node-button-button').click();
  const result = await debug;
  recordForScan('debug ui-debug', result);
  expect(result.id).toBe('ui-debug');

  // The device has the container exactly as the dialog described it.
  expect(sim.control.containers().find((c) => c.name === 'ui-web')).toMatchObject({
    image: 'nginx',
    tag: 'latest',
    ports: [{ source: 80, destination: 8088, protocol: 'tcp' }],
    env: [{ key: 'GREETING', value: 'hello from the editor' }],
    networks: ['machine-builder'],
  });

  // ... and the person at the editor sees the result in the debug sidebar, and a green status.
  const message = page.locator('.red-ui-debug-content .red-ui-debug-msg').filter({ hasText: 'ui-web' });
  await message.first().waitFor({ timeout: 15_000 });
  const text = await page.locator('.red-ui-debug-content').first().innerText();
  recordForScan('debug sidebar text', text);
  expect(text).toContain('created');
  const statusClass = await settle(
    () => page.locator('g[id="ui-create"] .red-ui-flow-node-status').getAttribute('class'),
    (c) => /green/.test(c ?? ''),
  );
  expect(statusClass).toMatch(/red-ui-flow-node-status-(ring|dot)-green/);
}, 90_000);

test("the watch dialog: core's events as checkboxes, the interval, the container filter and the start option are saved and deployed", async () => {
  await page.locator('g[id="ui-watch"]').dblclick();
  const tray = page.locator('.red-ui-tray').last();
  const boxes = tray.locator('#node-input-events-list input[type=checkbox]');
  await boxes.first().waitFor();
  const shown = await boxes.evaluateAll((els) => els.map((e) => [e.getAttribute('data-event'), (e as unknown as { checked: boolean }).checked]));
  expect(shown).toEqual(WATCH_EVENTS.map((e) => [e, ['created', 'removed', 'state'].includes(e)]));
  await expect(tray.locator('#node-input-interval').inputValue()).resolves.toBe('10');

  await tray.locator('#node-input-interval').fill('2');
  await tray.locator('#node-input-containers').fill('ui-web, broker');
  await tray.locator('#node-input-event-removed').uncheck();
  await tray.locator('#node-input-event-unreachable').check();
  await tray.locator('#node-input-emitInitial').check();
  await tray.screenshot({ path: join(SCREENSHOTS, 'node-red-watch-dialog.png') });
  await tray.locator('#node-dialog-ok').click();
  await tray.waitFor({ state: 'detached' });
  await expect(page.locator('g[id="ui-watch"] .red-ui-flow-node-label').textContent()).resolves.toBe('watch ui-web, broker');

  await clickDeploy();
  const deployed = (await nr.admin.getFlows()).flows.find((n) => n.id === 'ui-watch');
  expect(deployed).toMatchObject({ interval: '2', containers: 'ui-web, broker', events: ['created', 'state', 'unreachable'], emitInitial: true });
  // Deployed as saved: the node polls and says how many of the two it sees.
  const status = await settle(
    () => page.locator('g[id="ui-watch"] .red-ui-flow-node-status-label').textContent(),
    (t) => /of 2 containers/.test(t ?? ''),
  );
  expect(status).toMatch(/^\d of 2 containers$/);

  // A bad interval is marked invalid in the editor before anything is deployed.
  await page.locator('g[id="ui-watch"]').dblclick();
  await tray.locator('#node-input-interval').fill('0.5');
  await tray.locator('#node-dialog-ok').click();
  await tray.waitFor({ state: 'detached' });
  const valid = await page.evaluate(() => (globalThis as unknown as { RED: { nodes: { node(id: string): { valid: boolean } } } }).RED.nodes.node('ui-watch').valid);
  expect(valid).toBe(false);
}, 90_000);

test('the example flows open in the editor; the nightly redeploy runs from its button (README screenshot)', async () => {
  await nr.admin.deploy(exampleFlowsFor(EXAMPLES_DIR, { url: sim.url, username: 'admin', password: sim.password }));
  await openEditor();
  await page.evaluate(() => (globalThis as unknown as { RED: { workspaces: { show(id: string): void } } }).RED.workspaces.show('nightly-tab'));
  await page.locator('g[id="nightly-redeploy"]').waitFor({ state: 'visible' });
  await showDebugSidebar();

  const report = nr.admin.waitForDebug((d) => d.id === 'nightly-report' || d.id === 'nightly-failed', { timeoutMs: 30_000 });
  await page.locator('g[id="nightly-inject"] .red-ui-flow-node-button-button').click();
  expect((await report).id).toBe('nightly-report');
  expect(sim.control.containers().find((c) => c.name === 'web')).toMatchObject({ image: 'nginx', state: 'running' });
  await page.locator('.red-ui-debug-content .red-ui-debug-msg').filter({ hasText: 'step report' }).first().waitFor({ timeout: 15_000 });
  recordForScan('debug sidebar text', await page.locator('.red-ui-debug-content').first().innerText());
  await page.screenshot({ path: join(SCREENSHOTS, 'node-red-example-flow.png') });
}, 90_000);
