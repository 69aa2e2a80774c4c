/**
 * The SecureEdge Trigger in a running n8n 2.41.1 (`n8n start`, the package installed as n8n installs community
 * nodes): a workflow with the trigger is published (made active) and n8n polls the simulator on its own schedule
 * (every minute, n8n's shortest). A poll with nothing changed starts no execution; after a container is stopped on
 * the device, the next poll starts exactly one, whose item is the state event. The polls and the execution's own
 * SecureEdge node share one device session for as long as n8n runs: one login in all (issue: unattended operation).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

import type { SecureEdgeClient } from '../../core';
import type { RunningSimulator } from '../../simulator';
import { testClient } from '../support/client';
import { recordForScan } from '../support/secrets';
import { startTestSimulator } from '../support/simulator';
import { ENGINE_DIR, N8nEngine, REPO_ROOT, tail } from './engine/harness';
import { N8nRest } from './engine/rest-client';
import { PACKAGE_NAME, secureEdgeCredential, workflow, CREDENTIAL_TYPE } from './engine/workflows';

const SETUP_MS = 30 * 60_000; // includes installing n8n on a fresh clone
const POLL_WAIT_MS = 150_000; // n8n polls once a minute at the most
const CREDENTIAL = { id: 'secureEdgeTrig1', name: 'SecureEdge trigger test' };
const WORKFLOW_ID = 'seTriggerEngine01';
const LIST_PATH = '/api/v1/docker/containers';

let sim: RunningSimulator;
let client: SecureEdgeClient;
let engine: N8nEngine;
let n8n: ChildProcess | undefined;
let output = '';
let rest: N8nRest;
/** Logins before n8n started (the test's own client made one). */
let loginsBeforeN8n = 0;

const polls = () => sim.control.requests.filter((r) => r.method === 'GET' && r.path === LIST_PATH).length;

async function until<T>(what: string, read: () => Promise<T | undefined> | T | undefined, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${output.split('\n').slice(-30).join('\n')}`);
    if (n8n?.exitCode !== null && n8n?.exitCode !== undefined)
      throw new Error(`n8n exited (${n8n.exitCode}) while waiting for ${what}\n${output.slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

interface ExecutionSummary {
  id: string;
  status: string;
  mode: string;
}

async function executions(): Promise<ExecutionSummary[]> {
  const filter = encodeURIComponent(JSON.stringify({ workflowId: WORKFLOW_ID }));
  const page = await rest.get<{ results: ExecutionSummary[] }>(`/rest/executions?filter=${filter}`);
  return page.results;
}

/** The trigger's items in one execution (n8n returns run data in its `flatted` form). */
async function triggerItems(id: string): Promise<Array<Record<string, unknown>>> {
  const execution = await rest.get<{ data: string }>(`/rest/executions/${id}`);
  const requireFromN8n = createRequire(path.join(ENGINE_DIR, 'node_modules', 'n8n', 'package.json'));
  const { parse } = requireFromN8n('flatted') as {
    parse(text: string): {
      resultData: { runData: Record<string, Array<{ data: { main: Array<Array<{ json: Record<string, unknown> }>> } }>> };
    };
  };
  const run = parse(execution.data);
  return run.resultData.runData['SecureEdge Trigger'][0].data.main[0].map((i) => i.json);
}

beforeAll(async () => {
  sim = await startTestSimulator();
  client = testClient(sim);
  await client.createContainer({ container: { name: 'web' }, image: { name: 'nginx', tag: 'latest' } });
  await client.startContainer('web');
  engine = await N8nEngine.create('trigger');
  await engine.importCredentials([secureEdgeCredential(CREDENTIAL.id, CREDENTIAL.name, { url: sim.url, password: sim.password })]);
  const wf = workflow(
    WORKFLOW_ID,
    'SecureEdge trigger (engine test)',
    [
      {
        name: 'SecureEdge Trigger',
        type: `${PACKAGE_NAME}.secureEdgeTrigger`,
        typeVersion: 1,
        parameters: { pollTimes: { item: [{ mode: 'everyMinute' }] }, events: ['created', 'removed', 'state'], containers: '' },
        credentials: { [CREDENTIAL_TYPE]: CREDENTIAL },
      },
      { name: 'Changed', type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} },
      {
        name: 'Status',
        type: `${PACKAGE_NAME}.secureEdge`,
        typeVersion: 1,
        parameters: { resource: 'container', operation: 'getStatus', containerName: { __rl: true, mode: 'name', value: 'web' } },
        credentials: { [CREDENTIAL_TYPE]: CREDENTIAL },
      },
    ],
    [
      ['SecureEdge Trigger', 'Changed'],
      ['Changed', 'Status'],
    ],
  );
  await engine.importWorkflows([wf]);
  const published = await engine.cli(['publish:workflow', `--id=${WORKFLOW_ID}`]);
  if (published.code !== 0) throw new Error(`publish:workflow failed:\n${tail(published)}`);

  loginsBeforeN8n = sim.control.loginCount();
  const env = await engine.env();
  const nodeBin = path.join(REPO_ROOT, 'node_modules', '.bin', 'node');
  n8n = spawn(nodeBin, [path.join(ENGINE_DIR, 'node_modules', 'n8n', 'bin', 'n8n'), 'start'], {
    cwd: engine.userFolder,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [n8n.stdout!, n8n.stderr!]) {
    stream.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      recordForScan('n8n start output', chunk.toString('utf8'));
    });
  }
  const baseUrl = `http://127.0.0.1:${env.N8N_PORT}`;
  await until(
    'n8n to be ready',
    async () => ((await fetch(`${baseUrl}/healthz/readiness`).catch(() => undefined))?.ok ? true : undefined),
    5 * 60_000,
  );
  rest = new N8nRest(baseUrl);
  await rest.setupOwner();
}, SETUP_MS);

afterAll(async () => {
  if (n8n && n8n.exitCode === null) {
    const exited = new Promise((resolve) => n8n!.once('exit', resolve));
    n8n.kill('SIGTERM');
    await exited;
  }
  await client?.close();
  await engine?.dispose();
  await sim?.close();
});

test(
  'activation polls at once for a baseline; the next poll, with nothing changed, starts no execution',
  async () => {
    await until('the activation poll', () => (polls() >= 1 ? true : undefined), 60_000);
    expect(output).not.toMatch(/problem activating|WorkflowActivationError/i);
    await until('the next scheduled poll', () => (polls() >= 2 ? true : undefined), POLL_WAIT_MS);
    await new Promise((r) => setTimeout(r, 5000)); // time for an execution, had the poll emitted one
    expect(await executions()).toEqual([]);
  },
  POLL_WAIT_MS + 60_000,
);

test(
  'a container stopped on the device: the next poll starts one execution whose item is the state event',
  async () => {
    await client.stopContainer('web');
    const before = polls();
    await until('the next scheduled poll', () => (polls() > before ? true : undefined), POLL_WAIT_MS);
    const [execution] = await until(
      'an execution',
      async () => {
        const list = await executions();
        return list.length > 0 && list.every((e) => e.status !== 'running' && e.status !== 'new') ? list : undefined;
      },
      60_000,
    );
    expect(execution).toMatchObject({ status: 'success', mode: 'trigger' });
    const items = await triggerItems(execution.id);
    expect(items).toEqual([{ event: 'state', container: 'web', from: 'running', to: 'exited', at: expect.any(String) }]);
    // One change, one execution: the poll after it finds nothing new.
    const after = polls();
    await until('one more poll', () => (polls() > after ? true : undefined), POLL_WAIT_MS);
    await new Promise((r) => setTimeout(r, 5000));
    expect(await executions()).toHaveLength(1);
    // Four polls and one execution with a SecureEdge node of its own, in one running n8n: one device session.
    expect(polls()).toBeGreaterThanOrEqual(4);
    expect(sim.control.loginCount() - loginsBeforeN8n).toBe(1);
  },
  2 * POLL_WAIT_MS + 120_000,
);
