/**
 * The built editor file (dist/nodes/node-red/secureedge.html), checked without a browser: its
 * scripts run against a stand-in RED that records each node definition, and every definition is
 * held against its template, its help text, its icon and the runtime's registered types. (The
 * browser test drives the real editor; this one fails fast and says which node is wrong.)
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { secureEdgeNodes } from './harness';
import { ALL_TYPES, SOURCE_TYPES } from '../support/node-red-types';
import { DEFAULT_DEVICE_URL, DEFAULTS, DEFAULT_WATCH_EVENTS, WATCH_DEFAULT_INTERVAL_S, WATCH_EVENTS } from '../../core';
import { OPERATIONS } from '../../nodes/node-red/operations';

const DIST = join(__dirname, '../../dist/nodes/node-red');
const html = readFileSync(join(DIST, 'secureedge.html'), 'utf8');

const blocks = (attr: string) =>
  Object.fromEntries(
    [...html.matchAll(new RegExp(`<script type="text/html" ${attr}="([^"]+)">([\\s\\S]*?)</script>`, 'g'))].map((m) => [m[1], m[2]]),
  );
const templates = blocks('data-template-name');
const help = blocks('data-help-name');

interface Definition {
  category: string;
  color?: string;
  defaults: Record<
    string,
    { value: unknown; type?: string; required?: boolean; validate?(this: object, v: unknown, opt: object): true | string }
  >;
  credentials?: Record<string, { type: string }>;
  icon?: string;
  label(this: Record<string, unknown>): string;
  paletteLabel?: string;
}

/** The exportable settings the runtime registers, as the editor finds them in RED.settings. */
function runtimeSettings(): Record<string, unknown> {
  const settings: Record<string, unknown> = {};
  const red = {
    nodes: {
      registerType: (_t: string, _c: unknown, opts?: { settings?: Record<string, { value: unknown; exportable: boolean }> }) => {
        for (const [k, v] of Object.entries(opts?.settings ?? {})) if (v.exportable) settings[k] = v.value;
      },
    },
    httpAdmin: { get() {}, post() {} },
    auth: { needsPermission: () => () => undefined },
  };
  secureEdgeNodes(red);
  return settings;
}

/** Run the editor scripts with a RED that records registerType; $ only needs extend at definition time. */
function definitions(): Record<string, Definition> {
  const defs: Record<string, Definition> = {};
  const sandbox: Record<string, unknown> = {
    RED: {
      settings: runtimeSettings(),
      nodes: { registerType: (type: string, def: Definition) => (defs[type] = def) },
      validators: { typedInput: () => () => true, number: () => () => true },
    },
    // $ outside a dialog: extend at definition time, and no dialog inputs when a validator runs.
    $: Object.assign(() => ({ val: () => undefined }), { extend: (...objs: object[]) => Object.assign({}, ...objs) }),
  };
  sandbox.window = sandbox;
  for (const m of html.matchAll(/<script type="text\/javascript">([\s\S]*?)<\/script>/g)) runInNewContext(m[1], sandbox);
  return defs;
}

const defs = definitions();
const operationTypes = Object.keys(defs).filter((t) => t !== 'secureedge-device' && !SOURCE_TYPES.includes(t));

test('the editor defines the device config node, every operation node and the watch, in one palette category', () => {
  expect(Object.keys(defs).sort()).toEqual([...ALL_TYPES].sort());
  expect(defs['secureedge-device'].category).toBe('config');
  for (const t of operationTypes) {
    expect(defs[t]).toMatchObject({ category: 'SecureEdge', color: expect.stringMatching(/^#[0-9a-f]{6}$/i) });
  }
});

test('the runtime registers exactly the types the editor defines', () => {
  const registered: string[] = [];
  const red = {
    nodes: { registerType: (t: string) => registered.push(t), createNode() {}, getNode() {} },
    util: {},
    httpAdmin: { get() {}, post() {} },
    auth: { needsPermission: () => () => undefined },
  };
  secureEdgeNodes(red);
  expect(registered.sort()).toEqual(Object.keys(defs).sort());
});

test.each(operationTypes)('%s: device setting, an input for every property, typed targets with their type field, icon, label', (type) => {
  const def = defs[type];
  const template = templates[type];
  expect(template).toBeDefined();
  expect(def.defaults.device).toMatchObject({ type: 'secureedge-device', required: true });
  for (const prop of Object.keys(def.defaults)) {
    const id = ['ports', 'volumes', 'env'].includes(prop) ? `node-input-${prop}-list` : `node-input-${prop}`;
    expect(template).toContain(`id="${id}"`);
  }
  for (const target of ['container', 'image', 'tag', 'volume']) {
    if (!(target in def.defaults)) continue;
    expect(def.defaults[`${target}Type`]).toBeDefined();
    expect(template).toMatch(new RegExp(`<input type="hidden" id="node-input-${target}Type"`));
  }
  expect(def.icon && existsSync(join(DIST, 'icons', def.icon))).toBe(true);
  const fresh = Object.fromEntries(Object.entries(def.defaults).map(([k, v]) => [k, v.value]));
  expect(def.label.call(fresh)).toMatch(/\w/);
  expect(def.label.call({ ...fresh, name: 'My node' })).toBe('My node');
});

test('labels describe the node they are called on: its fixed target, or where the msg gives it', () => {
  const label = (type: string, props: Record<string, unknown>) => defs[`secureedge-${type}`].label.call(props);
  expect(label('start-container', { container: 'web', containerType: 'str' })).toBe('start web');
  expect(label('start-container', { container: 'app', containerType: 'flow' })).toBe('start flow.app');
  expect(label('container-status', { container: 'container', containerType: 'msg' })).toBe('status msg.container');
  expect(label('create-container', { specSource: 'editor', container: 'web', containerType: 'str' })).toBe('create web');
  expect(label('redeploy', { specSource: 'msg' })).toBe('redeploy from msg.payload');
  expect(label('list-containers', { includeStatus: true })).toBe('list containers + status');
  expect(label('wait-for-state', { container: 'web', containerType: 'str', state: 'exited' })).toBe('wait web exited');
  expect(label('image-details', { image: 'nginx', imageType: 'str', tag: 'tag', tagType: 'msg' })).toBe('details nginx:msg.tag');
});

test('every target behaves the same in every node: an empty text by default, which the runtime reads from msg.<target>', () => {
  for (const [type, def] of Object.entries(defs)) {
    for (const target of ['container', 'image', 'tag', 'volume']) {
      if (!(target in def.defaults)) continue;
      expect({ type, value: def.defaults[target].value, kind: def.defaults[`${target}Type`].value }).toEqual({
        type,
        value: '',
        kind: 'str',
      });
    }
  }
  // The placeholder says what empty means, in every dialog (set when the dialog opens, from one place).
  expect(html).toContain("input.attr('placeholder', 'empty: msg.' + t)");
  expect(defs['secureedge-redeploy'].defaults).toMatchObject({
    networks: { value: 'machine-builder' },
    removeVolumes: { value: false },
    specSource: { value: 'editor' },
  });
});

test('the simple nodes are generated from the OPERATIONS table; the others keep their hand-written dialog', () => {
  const generatedTypes = OPERATIONS.filter((op) => op.editor).map((op) => op.type);
  expect(generatedTypes.length).toBeGreaterThanOrEqual(9);
  for (const op of OPERATIONS) {
    const generated = html.includes(`<!-- generated for ${op.type} `);
    expect({ type: op.type, generated }).toEqual({ type: op.type, generated: op.editor !== undefined });
    if (!op.editor) continue;
    expect(defs[op.type]).toMatchObject({ paletteLabel: op.editor.paletteLabel, icon: op.editor.icon });
    // One row per target the runtime reads, and nothing else but device, checkboxes and name.
    const inputs = [...templates[op.type].matchAll(/<input type="(?:text|checkbox)" id="node-input-(\w+)"/g)].map((m) => m[1]);
    expect(inputs).toEqual(['device', ...op.targets, ...(op.editor.checkboxes ?? []).map((c) => c.name), 'name']);
  }
});

test('default timeouts come from core: the dialogs show DEFAULTS, not their own numbers', () => {
  expect(defs['secureedge-device'].defaults.timeout.value).toBe(DEFAULTS.requestTimeoutMs / 1000);
  expect(defs['secureedge-redeploy'].defaults.timeout.value).toBe(DEFAULTS.redeployTimeoutMs / 1000);
  expect(defs['secureedge-wait-for-state'].defaults.timeout.value).toBe(DEFAULTS.waitTimeoutMs / 1000);
  expect(html).not.toMatch(/placeholder="(30|60|300)"/);
});

test("a node whose settings would fail is flagged before deploy, and the reason names the field and row in core's words", () => {
  const check = (type: string, prop: string, value: unknown, node: object = {}) => {
    const validate = defs[`secureedge-${type}`].defaults[prop].validate!;
    expect(validate.length).toBe(2); // Node-RED shows a returned text only from a two-parameter validator
    return validate.call(node, value, {});
  };
  expect(check('container-status', 'container', '../x', { containerType: 'str' })).toMatch(
    /^container name must start with a letter or digit/,
  );
  expect(check('container-status', 'container', 'web', { containerType: 'str' })).toBe(true);
  expect(check('container-status', 'container', '', { containerType: 'str' })).toBe(true); // empty: msg.container
  expect(check('remove-volume', 'volume', 'a', { volumeType: 'str' })).toMatch(/^volume name must be at least 2 characters/);
  expect(check('image-details', 'image', 'Nginx', { imageType: 'str' })).toMatch(/^image name must follow Docker's rules/);
  expect(check('create-container', 'ports', [{ containerPort: '80', routerPort: '70000', protocol: 'tcp' }])).toBe(
    'Ports, row 1: router port must be a whole number from 1 to 65535',
  );
  expect(
    check('create-container', 'ports', [
      { containerPort: '80', routerPort: '8080', protocol: 'tcp' },
      { containerPort: '81', routerPort: '8080', protocol: 'tcp' },
    ]),
  ).toBe('Ports, row 2: router port 8080/tcp is mapped twice');
  expect(check('redeploy', 'volumes', [{ volume: 'my data', containerPath: '/data' }])).toMatch(/^Volumes, row 1: volume name must start/);
  expect(check('redeploy', 'volumes', [{ volume: 'data', containerPath: 'relative/path' }])).toMatch(
    /^Volumes, row 1: container path must be an absolute path/,
  );
  expect(
    check('create-container', 'env', [
      { key: 'OK', value: '' },
      { key: '1 BAD', value: 'x' },
    ]),
  ).toBe('Environment, row 2: environment variable key must not contain spaces or control characters');
  expect(check('create-container', 'networks', 'machine-builder, bad net')).toMatch(/^network name must start/);
  expect(check('create-container', 'timeout', '-3')).toBe('Wait must be a positive number of seconds');
  // The good values clear it.
  expect(check('create-container', 'ports', [{ containerPort: '80', routerPort: '8080', protocol: 'tcp' }])).toBe(true);
  expect(check('redeploy', 'volumes', [{ volume: 'data', containerPath: '/data' }])).toBe(true);
  expect(check('create-container', 'env', [{ key: 'PORT', value: '1' }])).toBe(true);
  expect(check('create-container', 'timeout', '')).toBe(true);
  // A spec from msg.payload leaves the form's rows unused, so they do not flag the node.
  expect(check('create-container', 'ports', [{ containerPort: 'x', routerPort: '', protocol: 'tcp' }], { specSource: 'msg' })).toBe(true);
});

test("the watch node: no input, one output; its events, their default choice and the interval come from core through the runtime's settings", () => {
  const def = defs['secureedge-watch'] as Definition & {
    inputs: number;
    outputs: number;
    defaults: Record<string, { validate?: (v: unknown) => boolean }>;
  };
  expect(def).toMatchObject({ category: 'SecureEdge', inputs: 0, outputs: 1 });
  expect(def.defaults.device).toMatchObject({ type: 'secureedge-device', required: true });
  expect(def.defaults.events.value).toEqual([...DEFAULT_WATCH_EVENTS]);
  expect(def.defaults.interval.value).toBe(WATCH_DEFAULT_INTERVAL_S);
  expect(def.defaults.emitInitial.value).toBe(false);
  const valid = (prop: string, v: unknown) => def.defaults[prop].validate!.call({}, v);
  expect([valid('interval', 1), valid('interval', 0.5), valid('interval', '')]).toEqual([true, false, false]);
  expect([valid('containers', ''), valid('containers', 'web, broker'), valid('containers', 'web, -x')]).toEqual([true, true, false]);
  expect([valid('events', ['state']), valid('events', [])]).toEqual([true, false]);
  const template = templates['secureedge-watch'];
  for (const id of ['device', 'interval', 'containers', 'events-list', 'emitInitial', 'name'])
    expect(template).toContain(`id="node-input-${id}"`);
  expect(existsSync(join(DIST, 'icons', def.icon!))).toBe(true);
  expect(def.label.call({ containers: '' })).toBe('watch all containers');
  expect(def.label.call({ containers: 'web, broker' })).toBe('watch web, broker');
  for (const event of WATCH_EVENTS)
    expect(help['secureedge-watch']).toContain(`<dt>${event}`.replace('<dt>image-removed', '<dt>image-added / image-removed'));
});

test('the device dialog: URL default, credentials username/password, timeout, the plainly labelled TLS switch', () => {
  const def = defs['secureedge-device'];
  expect(def.defaults.url.value).toBe(DEFAULT_DEVICE_URL);
  expect(def.credentials).toEqual({ username: { type: 'text' }, password: { type: 'password' } });
  const template = templates['secureedge-device'];
  for (const prop of [...Object.keys(def.defaults), 'username', 'password']) expect(template).toContain(`id="node-config-input-${prop}"`);
  expect(template).toContain('type="password" id="node-config-input-password"');
  expect(template).toContain('Accept a self-signed certificate (not verified!)');
});

test('the create dialog has the lists the browser test drives: stable row classes, field names, an add button each', () => {
  for (const type of ['secureedge-create-container', 'secureedge-redeploy']) {
    for (const list of ['ports', 'volumes', 'env']) expect(templates[type]).toContain(`id="node-input-${list}-list"`);
    expect(templates[type]).toContain('id="node-input-image-choice"');
  }
  for (const fragment of [
    "row.addClass('secureedge-port-row')",
    "row.addClass('secureedge-volume-row')",
    "row.addClass('secureedge-env-row')",
    "id: 'node-input-add-' + name",
    "'containerPort'",
    "'routerPort'",
    '<select name="protocol"',
    "'containerPath'",
    "'key'",
  ]) {
    expect(html).toContain(fragment);
  }
});

test.each(Object.keys(defs))('%s: sidebar help with inputs, outputs, details and message-properties lists', (type) => {
  const text = help[type];
  expect(text).toBeDefined();
  expect(text).toContain('class="message-properties"');
  if (type === 'secureedge-device') return;
  for (const heading of ['Inputs', 'Outputs', 'Details', 'Errors']) expect(text).toContain(`<h3>${heading}</h3>`);
  expect(text).toMatch(/<dt>payload <span class="property-type">/);
});

test("help for create and redeploy says which port is which, in the device UI's words", () => {
  for (const type of ['secureedge-create-container', 'secureedge-redeploy']) {
    expect(help[type]).toMatch(
      /Container port<\/b>: the port the program listens on inside the container \(the API's\s+<code>source<\/code>\)/,
    );
    expect(help[type]).toMatch(/Router port<\/b>: the port opened on the device \(the API's <code>destination<\/code>\)/);
    // The API page's contrary '--publish' sentence was a note for developers; the help does not carry it.
    expect(help[type]).not.toContain('--publish');
  }
});

test('no include marker is left unexpanded, and the editor parts are not shipped separately', () => {
  expect(html).not.toMatch(/<!-- include /);
  expect(existsSync(join(DIST, 'editor'))).toBe(false);
});
