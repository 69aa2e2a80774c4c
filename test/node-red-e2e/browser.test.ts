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
import { seedContainers } from '../node-red/seed';

// Every run rewrites the pictures (the debug sidebar shows times), so the committed ones change only on purpose.
const SCREENSHOTS =
  process.env.UPDATE_SCREENSHOTS === '1' ? join(REPO_ROOT, 'docs', 'screenshots') : join(REPO_ROOT, 'artifacts', 'screenshots');
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
    {
      id: 'ui-device',
      type: 'secureedge-device',
      name: 'simulator',
      url: sim.url,
      timeout: 30,
      acceptSelfSigned: false,
      credentials: { username: 'admin', password: sim.password },
    },
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
    {
      id: 'ui-debug',
      type: 'debug',
      z: 'ui-tab',
      name: 'created',
      active: true,
      tosidebar: true,
      complete: 'payload',
      targetType: 'msg',
      x: 550,
      y: 100,
      wires: [],
    },
    {
      id: 'ui-watch',
      type: 'secureedge-watch',
      z: 'ui-tab',
      name: '',
      device: 'ui-device',
      interval: 10,
      containers: '',
      events: ['created', 'removed', 'state'],
      emitInitial: false,
      x: 120,
      y: 260,
      wires: [['ui-changes']],
    },
    {
      id: 'ui-changes',
      type: 'debug',
      z: 'ui-tab',
      name: 'changes',
      active: true,
      tosidebar: true,
      complete: 'payload',
      targetType: 'msg',
      x: 330,
      y: 260,
      wires: [],
    },
    { id: 'ui-catch', type: 'catch', z: 'ui-tab', scope: null, uncaught: false, x: 120, y: 180, wires: [['ui-failed']] },
    {
      id: 'ui-failed',
      type: 'debug',
      z: 'ui-tab',
      name: 'failed',
      active: true,
      tosidebar: true,
      complete: 'error',
      targetType: 'msg',
      x: 330,
      y: 180,
      wires: [],
    },
    {
      id: 'ui-status',
      type: 'secureedge-container-status',
      z: 'ui-tab',
      name: '',
      device: 'ui-device',
      container: '',
      containerType: 'str',
      x: 330,
      y: 260,
      wires: [[]],
    },
    // No Catch node on this tab: its error goes to the debug sidebar as Node-RED shows uncaught errors.
    { id: 'ui-tab-2', type: 'tab', label: 'Uncaught' },
    {
      id: 'ui-ghost-inject',
      type: 'inject',
      z: 'ui-tab-2',
      name: 'ghost',
      props: [{ p: 'payload' }],
      repeat: '',
      crontab: '',
      once: false,
      onceDelay: 0.1,
      topic: '',
      payload: '',
      payloadType: 'date',
      x: 120,
      y: 100,
      wires: [['ui-ghost']],
    },
    {
      id: 'ui-ghost',
      type: 'secureedge-container-status',
      z: 'ui-tab-2',
      name: '',
      device: 'ui-device',
      container: 'ghost',
      containerType: 'str',
      x: 330,
      y: 100,
      wires: [[]],
    },
  ];
}

async function openEditor(): Promise<void> {
  // The editor's first load fetches a few MB of scripts: on a busy shared machine that alone can take 10 s.
  await page.goto(`${nr.url}/`, { timeout: 60_000 });
  // Loaded once the palette holds the nodes (folded categories keep them hidden, hence attached).
  await page
    .locator('.red-ui-palette-node[data-palette-type="secureedge-create-container"]')
    .waitFor({ state: 'attached', timeout: 30_000 });
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
  page.setDefaultTimeout(20_000);
  page.on('console', (m) => recordForScan('browser console', m.text()));
  page.on('pageerror', (e) => recordForScan('browser page error', e));
  await openEditor();
}, 180_000);

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
  const options = await settle(
    () => picker.locator('option').allTextContents(),
    (o) => offered.every((i) => o.includes(i)),
  );
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

/** The open dialog's tray. */
async function openDialog(nodeId: string) {
  await page.evaluate((id) => {
    const RED = (globalThis as unknown as { RED: { workspaces: { show(z: string): void }; nodes: { node(id: string): { z: string } } } })
      .RED;
    RED.workspaces.show(RED.nodes.node(id).z);
  }, nodeId);
  await page.locator(`g[id="${nodeId}"]`).dblclick();
  const tray = page.locator('.red-ui-tray').last();
  await tray.locator('#node-dialog-ok').waitFor();
  return tray;
}

async function cancelDialog(tray: ReturnType<typeof page.locator>) {
  await tray.locator('#node-dialog-cancel').click();
  await tray.waitFor({ state: 'detached' });
}

test('the create dialog marks each bad value under its field or row as it is typed, and the good value clears it', async () => {
  await page.setViewportSize({ width: 1440, height: 1300 });
  const tray = await openDialog('ui-create');
  // The image picked in the create test is still shown as picked when the dialog opens again.
  await expect(
    settle(
      () => tray.locator('#node-input-image-choice').inputValue(),
      (v) => v === 'nginx:latest',
    ),
  ).resolves.toBe('nginx:latest');
  const containerRow = tray.locator('#node-input-container').locator('xpath=ancestor::div[contains(@class,"form-row")][1]');
  const typed = containerRow.locator('.red-ui-typedInput-container input.red-ui-typedInput-input');
  await typed.fill('../x');
  await expect(containerRow.locator('.secureedge-field-error').textContent()).resolves.toMatch(
    /^container name must start with a letter or digit/,
  );
  await expect(containerRow.locator('.red-ui-typedInput-container').getAttribute('class')).resolves.toContain('input-error');
  await typed.fill('ui-web');
  await expect(containerRow.locator('.secureedge-field-error').count()).resolves.toBe(0);

  // Rows: the wrong cell is marked and the reason shown under the row.
  const cases = [
    {
      list: 'ports',
      add: 'ports',
      row: '.secureedge-port-row',
      fill: { containerPort: '80', routerPort: '70000' },
      bad: 'routerPort',
      why: /router port must be a whole number from 1 to 65535/,
      fix: '8089',
    },
    {
      list: 'volumes',
      add: 'volumes',
      row: '.secureedge-volume-row',
      fill: { volume: 'my data', containerPath: '/data' },
      bad: 'volume',
      why: /volume name must start with a letter or digit/,
      fix: 'my-data',
    },
    {
      list: 'volumes',
      add: 'volumes',
      row: '.secureedge-volume-row',
      fill: { volume: 'data2', containerPath: 'relative/path' },
      bad: 'containerPath',
      why: /container path must be an absolute path/,
      fix: '/relative/path',
    },
    {
      list: 'env',
      add: 'env',
      row: '.secureedge-env-row',
      fill: { key: '1 BAD', value: 'x' },
      bad: 'key',
      why: /environment variable key must not contain spaces/,
      fix: 'ONE_GOOD',
    },
  ];
  for (const c of cases) {
    await tray.locator(`#node-input-add-${c.add}`).click();
    const row = tray.locator(`#node-input-${c.list}-list ${c.row}`).last();
    for (const [name, value] of Object.entries(c.fill)) await row.locator(`[name=${name}]`).fill(value);
    const item = row.locator('xpath=ancestor::li[1]');
    await expect(item.locator('.secureedge-field-error').textContent()).resolves.toMatch(c.why);
    await expect(row.locator(`[name=${c.bad}]`).getAttribute('class')).resolves.toContain('input-error');
    if (c === cases[0]) await tray.screenshot({ path: join(SCREENSHOTS, 'node-red-validation.png') });
    await row.locator(`[name=${c.bad}]`).fill(c.fix);
    await expect(item.locator('.secureedge-field-error').count()).resolves.toBe(0);
    await expect(row.locator(`[name=${c.bad}]`).getAttribute('class')).resolves.not.toContain('input-error');
  }
  await cancelDialog(tray);
  await page.setViewportSize(VIEWPORT);
}, 90_000);

test('a node whose settings would fail is flagged in the workspace before deploy', async () => {
  const tray = await openDialog('ui-status');
  await tray.locator('.red-ui-typedInput-container input.red-ui-typedInput-input').first().fill('../x');
  await tray.locator('#node-dialog-ok').click();
  await tray.waitFor({ state: 'detached' });
  const valid = await page.evaluate(() =>
    (globalThis as unknown as { RED: { nodes: { node(id: string): { valid: boolean; validationErrors?: string[] } } } }).RED.nodes.node(
      'ui-status',
    ),
  );
  expect(valid.valid).toBe(false);
  // The node's error list (shown on hover and in the info sidebar) names the field in core's words.
  expect(valid.validationErrors?.join(' ') ?? '').toMatch(/container name must start with a letter or digit/);
  // The good value clears it.
  const again = await openDialog('ui-status');
  await again.locator('.red-ui-typedInput-container input.red-ui-typedInput-input').first().fill('ui-web');
  await again.locator('#node-dialog-ok').click();
  await again.waitFor({ state: 'detached' });
  await expect(
    page.evaluate(
      () => (globalThis as unknown as { RED: { nodes: { node(id: string): { valid: boolean } } } }).RED.nodes.node('ui-status').valid,
    ),
  ).resolves.toBe(true);
}, 60_000);

test("the container picker offers the device's containers with their state; picking one sets the field, and reopening keeps it", async () => {
  await seedContainers(sim, ['picker-web']);
  const tray = await openDialog('ui-status');
  const picker = tray.locator('#node-input-container-choice');
  const options = await settle(
    () => picker.locator('option').allTextContents(),
    (o) => o.some((t) => t.startsWith('picker-web')),
  );
  expect(options).toContain('picker-web  (created)');
  await picker.selectOption('picker-web');
  await expect(tray.locator('#node-input-container').inputValue()).resolves.toBe('picker-web');
  await tray.screenshot({ path: join(SCREENSHOTS, 'node-red-container-picker.png') });
  await tray.locator('#node-dialog-ok').click();
  await tray.waitFor({ state: 'detached' });
  const reopened = await openDialog('ui-status');
  await expect(
    settle(
      () => reopened.locator('#node-input-container-choice').inputValue(),
      (v) => v === 'picker-web',
    ),
  ).resolves.toBe('picker-web');
  await cancelDialog(reopened);
}, 60_000);

test('Test connection shows success and failure apart, without doubled prefixes, and says why a stored password is not used', async () => {
  await page.evaluate(() =>
    (globalThis as unknown as { RED: { editor: { editConfig(a: string, t: string, id: string): void } } }).RED.editor.editConfig(
      '',
      'secureedge-device',
      'ui-device',
    ),
  );
  const tray = page.locator('.red-ui-tray').last();
  const button = tray.locator('#node-config-test-connection');
  await button.waitFor();
  const result = tray.locator('#node-config-test-result');

  await button.click();
  await settle(
    () => result.getAttribute('class'),
    (c) => /secureedge-test-(ok|failed)/.test(c ?? ''),
  );
  await expect(result.getAttribute('class')).resolves.toContain('secureedge-test-ok');
  await expect(result.locator('i.fa-check-circle').count()).resolves.toBe(1);
  await expect(result.textContent()).resolves.toMatch(/Connected: \d+ image\(s\) on the device\./);
  await tray.screenshot({ path: join(SCREENSHOTS, 'node-red-test-connection.png') });

  // A changed URL with the stored password: refused, and the reason is given.
  await tray.locator('#node-config-input-url').fill(sim.url.replace('127.0.0.1', 'localhost'));
  await button.click();
  await settle(
    () => result.getAttribute('class'),
    (c) => /secureedge-test-failed/.test(c ?? ''),
  );
  await expect(result.locator('i.fa-exclamation-circle').count()).resolves.toBe(1);
  const text = (await result.textContent()) ?? '';
  expect(text).toMatch(/differs from the deployed one .*only ever sent to the address it was deployed with/);
  expect(text).not.toMatch(/INVALID_INPUT|Invalid input/);
  await expect(result.getAttribute('title')).resolves.toBe('INVALID_INPUT');

  // A bad URL: one plain sentence.
  await tray.locator('#node-config-input-url').fill('ftp://device');
  await tray.locator('#node-config-input-password').fill('typed-Pa55word');
  await button.click();
  await settle(
    () => result.textContent(),
    (t) => /ftp|http/.test(t ?? '') && !/Connecting/.test(t ?? ''),
  );
  await expect(result.textContent()).resolves.toMatch(/^ device URL must start with http/);
  await tray.locator('#node-config-dialog-cancel').click();
  await tray.waitFor({ state: 'detached' });
}, 60_000);

test('an uncaught error shows in the debug sidebar as one line with the code and message', async () => {
  await showDebugSidebar();
  await page.evaluate(() => (globalThis as unknown as { RED: { workspaces: { show(id: string): void } } }).RED.workspaces.show('ui-tab-2'));
  const logged = nr.admin.waitForDebug((d) => d.id === 'ui-ghost', { timeoutMs: 20_000 });
  await page.locator('g[id="ui-ghost-inject"] .red-ui-flow-node-button-button').click();
  const debug = await logged;
  recordForScan('debug ui-ghost', debug);
  const line = page.locator('.red-ui-debug-content .red-ui-debug-msg').filter({ hasText: 'ghost' }).last();
  await line.waitFor({ timeout: 15_000 });
  const text = await line.locator('.red-ui-debug-msg-payload').innerText();
  expect(text.trim()).toMatch(/^"?NOT_FOUND: Container 'ghost' was not found on the device[^\n]*$/);
  expect(text).not.toMatch(/\[object Object\]|stack|cause/);
}, 60_000);

test("the watch dialog: core's events as checkboxes, the interval, the container filter and the start option are saved and deployed", async () => {
  // openDialog shows the watch's tab first: the tests before this one leave another tab open.
  const tray = await openDialog('ui-watch');
  const boxes = tray.locator('#node-input-events-list input[type=checkbox]');
  await boxes.first().waitFor();
  const shown = await boxes.evaluateAll((els) =>
    els.map((e) => [e.getAttribute('data-event'), (e as unknown as { checked: boolean }).checked]),
  );
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
  expect(deployed).toMatchObject({
    interval: '2',
    containers: 'ui-web, broker',
    events: ['created', 'state', 'unreachable'],
    emitInitial: true,
  });
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
  const valid = await page.evaluate(
    () => (globalThis as unknown as { RED: { nodes: { node(id: string): { valid: boolean } } } }).RED.nodes.node('ui-watch').valid,
  );
  expect(valid).toBe(false);
}, 90_000);

test('the example flows open in the editor; the nightly redeploy runs from its button (README screenshot)', async () => {
  await nr.admin.deploy(exampleFlowsFor(EXAMPLES_DIR, { url: sim.url, username: 'admin', password: sim.password }));
  await openEditor();
  await page.evaluate(() =>
    (globalThis as unknown as { RED: { workspaces: { show(id: string): void } } }).RED.workspaces.show('nightly-tab'),
  );
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
