/**
 * The SecureEdge Trigger's poll() in n8n-core's own PollContext (the context n8n's poll scheduler
 * hands it), against the simulator: "Fetch Test Event" in manual mode, and active polls that keep
 * their cursor in the node's static data, as n8n runs them.
 */
import { N8nHarness } from '../harness'; // first: it sets n8n's user folder before n8n-core loads

import { PollContext } from 'n8n-core';
import {
  Workflow,
  type INode,
  type INodeType,
  type IPollFunctions,
  type WorkflowActivateMode,
  type WorkflowExecuteMode,
} from 'n8n-workflow';

import type { SecureEdgeClient } from '../../../core';
import type { RunningSimulator } from '../../../simulator';
import { testClient } from '../../support/client';
import { recordForScan } from '../../support/secrets';
import { startTestSimulator } from '../../support/simulator';
import { additionalDataFor } from '../../../tools/n8n-harness/run-workflow';

const TRIGGER_TYPE = 'n8n-nodes-ixon-secureedge.secureEdgeTrigger';

let sim: RunningSimulator;
let client: SecureEdgeClient;
let n8n: N8nHarness;
let credential: string;

beforeAll(async () => {
  n8n = await N8nHarness.create();
});
beforeEach(async () => {
  sim = await startTestSimulator();
  client = testClient(sim);
  credential = n8n.addDevice(sim);
  await client.createContainer({ container: { name: 'web' }, image: { name: 'nginx', tag: 'latest' } });
  await client.startContainer('web');
  await client.createContainer({ container: { name: 'broker' }, image: { name: 'eclipse-mosquitto', tag: '2' } });
});
afterEach(async () => {
  await client.close();
  await sim.close();
});

/** A workflow holding the trigger, and a poll() as n8n's scheduler calls it (same workflow, same static data). */
function trigger(parameters: Record<string, unknown>, mode: WorkflowExecuteMode = 'trigger') {
  const node: INode = {
    id: 'trigger',
    name: 'SecureEdge Trigger',
    type: TRIGGER_TYPE,
    typeVersion: 1,
    position: [0, 0],
    parameters: { pollTimes: { item: [{ mode: 'everyMinute' }] }, ...parameters },
    credentials: { secureEdgeApi: { id: credential, name: 'device' } },
  };
  const workflow = new Workflow({
    id: 'wf',
    nodes: [node],
    connections: {},
    active: mode !== 'manual',
    nodeTypes: n8n.pkg.nodeTypes,
    staticData: {},
  });
  const type = n8n.pkg.nodeTypes.getByName(TRIGGER_TYPE) as INodeType;
  const activation: WorkflowActivateMode = mode === 'manual' ? 'manual' : 'activate';
  return {
    workflow,
    poll: async () => {
      const context = new PollContext(workflow, node, additionalDataFor(n8n.credentials), mode, activation) as unknown as IPollFunctions;
      const out = await type.poll!.call(context);
      recordForScan('n8n trigger output', out);
      return out === null ? null : out[0].map((i) => i.json);
    },
    cursor: () => JSON.parse(JSON.stringify(workflow.getStaticData('node', node))),
  };
}

test('Fetch Test Event (manual): the watched containers now, as state items; the cursor is not touched', async () => {
  const { poll, workflow } = trigger({ events: ['state'], containers: '' }, 'manual');
  const items = await poll();
  expect(items!.map(({ at, ...rest }) => rest).sort((a, b) => String(a.container).localeCompare(String(b.container)))).toEqual([
    { event: 'state', container: 'broker', to: 'created' },
    { event: 'state', container: 'web', to: 'running' },
  ]);
  expect(JSON.stringify(workflow.staticData)).not.toContain('secureEdgeWatch');
  const filtered = await trigger({ events: ['state'], containers: 'web' }, 'manual').poll();
  expect(filtered!.map((i) => i.container)).toEqual(['web']);
});

test('active: the first poll stores a baseline (no items); a stop is one item; nothing changed is null; no login per poll', async () => {
  const { poll, cursor } = trigger({ events: ['created', 'removed', 'state'], containers: '' });
  expect(await poll()).toBeNull();
  const logins = sim.control.loginCount();
  expect(cursor().secureEdgeWatch.snapshot.containers).toEqual({ web: 'running', broker: 'created' });
  expect(await poll()).toBeNull();
  await client.stopContainer('web');
  const [stopped, ...rest] = (await poll())!;
  expect(rest).toEqual([]);
  expect(stopped).toMatchObject({ event: 'state', container: 'web', from: 'running', to: 'exited' });
  expect(await poll()).toBeNull();
  expect(sim.control.loginCount()).toBe(logins); // the pooled session outlives each poll
});

test('active: unreachable once per outage with the cursor kept, then reachable and what changed meanwhile', async () => {
  const { poll, cursor } = trigger({ events: ['state', 'unreachable', 'reachable'], containers: '' });
  await poll();
  const baseline = cursor().secureEdgeWatch.snapshot;
  sim.control.setFaults({ errorRate: 1, errorStatuses: [500] });
  expect((await poll())!.map((i) => i.event)).toEqual(['unreachable']);
  expect(await poll()).toBeNull();
  expect(cursor().secureEdgeWatch.snapshot).toEqual(baseline);
  sim.control.clearFaults();
  sim.control.setContainerState('web', 'exited');
  expect((await poll())!.map((i) => [i.event, i.to])).toEqual([
    ['reachable', undefined],
    ['state', 'exited'],
  ]);
});

test('a bad container filter fails before anything is sent, naming the setting', async () => {
  sim.control.clearRequests();
  await expect(trigger({ events: ['state'], containers: 'web, -x' }).poll()).rejects.toThrow(/container name in the watch list/);
  await expect(trigger({ events: [], containers: '' }).poll()).rejects.toThrow(/choose at least one event/);
  expect(sim.control.requests).toEqual([]);
});
