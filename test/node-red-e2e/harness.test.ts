/**
 * The Node-RED harness itself, with Node-RED's own core nodes only: a deploy is awaited until the
 * flows really run, an inject button press reaches the debug sidebar, and a flow Node-RED cannot
 * start is reported instead of silently waited on.
 */
import { startNodeRedUnderTest, type NodeRedUnderTest } from './support/node-red-under-test';

let nr: NodeRedUnderTest;

beforeAll(async () => {
  nr = await startNodeRedUnderTest({ label: 'harness', installPackage: false });
}, 90_000);

afterAll(async () => {
  await nr?.stop();
});

test('the editor answers on loopback', async () => {
  expect(nr.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  const res = await fetch(`${nr.url}/settings`);
  expect(res.status).toBe(200);
  const settings = (await res.json()) as { version: string };
  expect(settings.version).toMatch(/^5\./);
});

test('a deployed flow runs: inject -> function -> debug', async () => {
  const flows = [
    { id: 'tab1', type: 'tab', label: 'harness' },
    { id: 'inj', type: 'inject', z: 'tab1', props: [{ p: 'payload' }], payload: '20', payloadType: 'num', wires: [['fn']] },
    { id: 'fn', type: 'function', z: 'tab1', func: 'msg.payload = msg.payload * 2 + 1; return msg;', outputs: 1, wires: [['dbg']] },
    { id: 'dbg', type: 'debug', z: 'tab1', active: true, tosidebar: true, complete: 'payload', targetType: 'msg', wires: [] },
  ];
  const rev = await nr.admin.deploy(flows);
  expect((await nr.admin.getFlows()).rev).toBe(rev);
  const debug = nr.admin.waitForDebug((d) => d.id === 'dbg');
  await nr.admin.inject('inj');
  expect((await debug).value).toBe(41);
});

test('a flow with a node type Node-RED does not know fails the deploy with the type named', async () => {
  const flows = [
    { id: 'tab2', type: 'tab', label: 'unknown' },
    { id: 'x', type: 'secureedge-no-such-node', z: 'tab2', wires: [] },
  ];
  await expect(nr.admin.deploy(flows)).rejects.toThrow(/missing-types.*secureedge-no-such-node/);
});
