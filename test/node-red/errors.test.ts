/**
 * Failures: done(err) with the msg, so Catch nodes get msg.error with the code, a message that
 * starts with it and says what to do, and the details; a red ring with the code; and a bad
 * value fails that message only: the node goes on working and Node-RED keeps running.
 */
import type { RunningSimulator } from '../../simulator';
import { device, helper, inject, loadFlow, logText, op, secureEdgeNodes, waitUntil, type Msg } from './harness';
import { seedContainers, stateOf } from './seed';
import { deviceEachTest } from './one-device';
import { startTestSimulator } from '../support/simulator';

let sim: RunningSimulator;
deviceEachTest((s) => (sim = s));

test('an unknown container: Catch gets NOT_FOUND with the msg; red ring; the log line starts with the code', async () => {
  const seen = await loadFlow(sim, [op('container-status')]);
  const sent = inject('op1', { container: 'ghost', topic: 'health', mine: 42 });
  const caught = await seen.nextCaught();
  expect(caught.error.code).toBe('NOT_FOUND');
  expect(caught.error.message).toMatch(/^NOT_FOUND: .*ghost/);
  expect(caught.error.source).toMatchObject({ id: 'op1', type: 'secureedge-container-status' });
  expect(caught.error.cause).toMatchObject({ code: 'NOT_FOUND', status: 404, method: 'GET' });
  expect(caught).toMatchObject({ topic: 'health', mine: 42, container: 'ghost', _msgid: sent._msgid });
  expect(seen.out).toEqual([]);
  expect(seen.badges().at(-1)).toMatchObject({ fill: 'red', shape: 'ring', text: 'NOT_FOUND' });
});

test('without a Catch node the error is logged with its code, and nothing crashes', async () => {
  await seedContainers(sim, ['web']);
  const flow = [
    { id: 'tab1', type: 'tab', label: 't' },
    device(sim),
    op('start-container', { wires: [['out']] }),
    { id: 'out', type: 'helper', z: 'tab1' },
  ];
  await helper.load(secureEdgeNodes, flow, { dev1: { username: 'admin', password: sim.password } });
  const outs: Msg[] = [];
  helper.getNode('out').on('input', (m: Msg) => outs.push(m));
  inject('op1', { container: 'nope' });
  inject('op1', { container: 'web' });
  await waitUntil('one output and the error logged', () => outs.length === 1 && logText().includes('NOT_FOUND'));
  expect(logText()).toMatch(/NOT_FOUND: Container 'nope'/);
  expect(stateOf(sim, 'web')).toBe('running');

  // What the debug sidebar shows for it: Node-RED's own encoder gives one readable line, not an
  // object tree with the stack and a cause of "[object Object]".
  const entry = helper
    .log()
    .getCalls()
    .map((c) => c.args[0] as Msg)
    .find((e) => e.level === 20 && String(e.msg).includes('NOT_FOUND'));
  expect(entry).toBeDefined();
  const { util } = require('@node-red/util');
  const shown = util.encodeObject({ msg: entry!.msg });
  expect(shown.format).not.toMatch(/error|object/i);
  expect(shown.msg).toMatch(/^NOT_FOUND: Container 'nope' was not found[^\n]*$/);
  expect(shown.msg).not.toMatch(/\[object Object\]|\bat \w+ \(|stack/);
});

test('msg.error for a Catch node: code, one-line message, a plain cause object, no stack', async () => {
  const seen = await loadFlow(sim, [op('container-status')]);
  inject('op1', { container: 'ghost' });
  const caught = await seen.nextCaught();
  expect(caught.error.code).toBe('NOT_FOUND');
  expect(caught.error.message).not.toContain('\n');
  expect(caught.error.stack).toBeUndefined();
  expect(Object.getPrototypeOf(caught.error.cause)).toBe(Object.prototype);
  expect(caught.error.cause).toMatchObject({ code: 'NOT_FOUND', status: 404, method: 'GET', path: expect.stringContaining('ghost') });
});

test('bad values in the msg fail that message only; the next good message works', async () => {
  await seedContainers(sim, ['web']);
  const seen = await loadFlow(sim, [op('container-status')]);
  const bad: Msg[] = [{}, { container: '' }, { container: 'has space' }, { container: { name: 'web' } }, { container: '../etc' }];
  for (const msg of bad) inject('op1', msg);
  inject('op1', { container: 'web' });
  await seen.until('all answered', () => seen.caught.length === bad.length && seen.out.length === 1);
  for (const c of seen.caught) {
    expect(c.error.code).toBe('INVALID_INPUT');
    expect(c.error.message).toMatch(/^INVALID_INPUT: (?!Invalid input).*Nothing was sent/);
  }
  const byValue = (v: unknown) => seen.caught.find((c) => JSON.stringify(c.container) === JSON.stringify(v))!.error.message;
  expect(byValue(undefined)).toMatch(/msg\.container is empty.*pass msg\.container/);
  expect(byValue({ name: 'web' })).toMatch(/must be a text \(got object\)/);
  expect(byValue('has space')).toMatch(/container name must start with a letter or digit/);
  expect(seen.out[0].payload).toEqual({ name: 'web', running_state: stateOf(sim, 'web') });
  // Only the good message reached the device's container endpoints.
  expect(sim.control.requestCount({ pathPrefix: '/api/v1/docker/containers/' })).toBe(1);
});

test('a bad JSONata expression at run time fails the message with INVALID_INPUT naming the source', async () => {
  const seen = await loadFlow(sim, [op('container-status', { container: '$error("boom")', containerType: 'jsonata' })]);
  inject('op1', {});
  const caught = await seen.nextCaught();
  expect(caught.error.code).toBe('INVALID_INPUT');
  expect(caught.error.message).toMatch(/JSONata expression.*boom/);
});

test('removing a running container: CONFLICT that says to stop it first; the container keeps running', async () => {
  await seedContainers(sim, ['web'], { start: true });
  const seen = await loadFlow(sim, [op('remove-container')]);
  inject('op1', { container: 'web' });
  const caught = await seen.nextCaught();
  expect(caught.error.code).toBe('CONFLICT');
  expect(caught.error.message).toMatch(/stop/i);
  expect(stateOf(sim, 'web')).toBe('running');
});

test('a wrong password: AUTH_FAILED, and neither password appears anywhere (secret scan)', async () => {
  const seen = await loadFlow(sim, [op('list-images')], { credentials: { dev1: { username: 'admin', password: 'wrong-Pa55word!' } } });
  inject('op1', {});
  const caught = await seen.nextCaught();
  expect(caught.error.code).toBe('AUTH_FAILED');
  // The login was sent now (loginSent); the node's own request was not (sent: false).
  expect(caught.error.cause.details).toMatchObject({ sent: false, loginSent: true });
  inject('op1', {});
  // The next msg is refused from memory: nothing, not even a login, reached the device.
  expect((await seen.nextCaught(2)).error.cause.details).toMatchObject({ sent: false, loginSent: false, remembered: true });
  expect(JSON.stringify(caught)).not.toContain('wrong-Pa55word!');
  expect(logText()).not.toContain('wrong-Pa55word!');
});

test('an unreachable device: NETWORK, with the msg', async () => {
  const closed = await startTestSimulator();
  const url = closed.url;
  await closed.close();
  const seen = await loadFlow(sim, [op('list-images')], { device: device(sim, { url }) });
  inject('op1', { topic: 'x' });
  const caught = await seen.nextCaught();
  expect(caught.error.code).toBe('NETWORK');
  expect(caught.topic).toBe('x');
});

test('a node without a device, or with bad device settings, fails each message with INVALID_INPUT', async () => {
  const seen = await loadFlow(sim, [op('list-images', { device: '' }), op('list-images', {}, 'op2')], {
    device: device(sim, { timeout: 'soon' }),
  });
  inject('op1', {});
  inject('op2', {});
  await seen.until('two errors', () => seen.caught.length === 2);
  const bySource = Object.fromEntries(seen.caught.map((c) => [c.error.source.id, c.error.message]));
  expect(bySource.op1).toMatch(/^INVALID_INPUT: No SecureEdge device is configured/);
  expect(bySource.op2).toMatch(/^INVALID_INPUT: .*device timeout must be a positive number of seconds/);
  expect(sim.control.requestCount()).toBe(0);
});

test('create from msg.payload with a typo in a field: INVALID_INPUT naming it, nothing created', async () => {
  const seen = await loadFlow(sim, [op('create-container', { specSource: 'msg' })]);
  inject('op1', { payload: { container: { name: 'web' }, image: { name: 'nginx', tag: 'latest' }, enviroment_variables: [] } });
  expect((await seen.nextCaught()).error.message).toMatch(/^INVALID_INPUT: .*enviroment_variables/);
  inject('op1', { payload: 'not a spec' });
  expect((await seen.nextCaught()).error.message).toMatch(/^INVALID_INPUT: msg\.payload must be the container spec/);
  expect(sim.control.containers()).toEqual([]);
});

test('redeploy that fails part-way: the error carries the failed step and the steps done', async () => {
  await seedContainers(sim, ['web'], { start: true });
  // The create is answered with a device failure: the old container is gone, the new one never came.
  sim.control.injectOnce(
    { method: 'POST', path: '/api/v1/docker/containers' },
    { kind: 'status', status: 500, body: '{"error":"disk full"}' },
  );
  const seen = await loadFlow(sim, [
    op('redeploy', {
      container: 'web',
      containerType: 'str',
      image: 'nginx',
      imageType: 'str',
      tag: 'latest',
      tagType: 'str',
      timeout: 20,
    }),
  ]);
  inject('op1', {});
  const caught = await seen.nextCaught();
  expect(caught.error.message).toMatch(/^DEVICE_ERROR: Redeploy of 'web' stopped at step 'create'/);
  expect(caught.error.cause.details.failedStep).toBe('create');
  const steps = caught.error.cause.details.steps.map((s: Msg) => s.step);
  expect(steps.slice(steps.indexOf('stop'))).toEqual([
    'stop',
    'wait-stopped',
    'remove',
    'wait-removed',
    'create',
    'rollback-remove-new',
    'rollback-create',
    'rollback-start',
    'rollback-wait-running',
  ]);
  // The safe redeploy put the old container back.
  expect(caught.error.cause.details.rolledBack).toBe(true);
  expect(stateOf(sim, 'web')).toBe('running');
});

test('a wait that runs out: TIMEOUT with the last state seen', async () => {
  await seedContainers(sim, ['web']);
  const seen = await loadFlow(sim, [op('wait-for-state', { state: 'running', timeout: 0.3 })]);
  inject('op1', { container: 'web' });
  const caught = await seen.nextCaught();
  expect(caught.error.code).toBe('TIMEOUT');
  expect(caught.error.cause.details.running_state).toBe(stateOf(sim, 'web'));
  expect(seen.badges().at(-1)).toMatchObject({ fill: 'red', text: 'TIMEOUT' });
});
