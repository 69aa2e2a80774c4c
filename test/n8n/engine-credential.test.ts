/**
 * The `secureEdgeApi` credential inside the real n8n 2.41.1 CLI: n8n's own HTTP Request node uses it (through the
 * credential's preAuthentication and authenticate blocks) to reach a device endpoint, and n8n keeps the session it
 * got in the credential between executions. When the device has dropped that session, n8n's 401 refresh logs in
 * again; the SecureEdge node, which does not depend on that, logs in by itself.
 */
import type { RunningSimulator } from '../../simulator';
import { testClient } from '../support/client';
import { findLeaks } from '../support/secrets';
import { startTestSimulator } from '../support/simulator';
import { N8nEngine, tail } from './engine/harness';
import { jsonOf, nodeError, succeeded, workflowError, type Execution } from './engine/run-data';
import { manualTrigger, secureEdge, secureEdgeCredential, workflow, CREDENTIAL_TYPE, type WorkflowImport } from './engine/workflows';

const ENGINE_SETUP_MS = 30 * 60_000; // includes installing n8n on a fresh clone
const EXECUTION_MS = 120_000;
const DEVICE = { id: 'credDeviceCred01', name: 'SecureEdge (simulator)' };
const CONTAINERS_PATH = '/api/v1/docker/containers';

let sim: RunningSimulator;
let engine: N8nEngine;

/** n8n's HTTP Request node, authenticated with the SecureEdge credential (Authentication: Predefined Credential Type). */
function httpRequest(url: string) {
  return {
    name: 'HTTP Request',
    type: 'n8n-nodes-base.httpRequest',
    typeVersion: 4.2,
    parameters: {
      method: 'GET',
      url,
      authentication: 'predefinedCredentialType',
      nodeCredentialType: CREDENTIAL_TYPE,
      options: {},
    },
    credentials: { [CREDENTIAL_TYPE]: DEVICE },
  };
}

function httpThenNode(url: string): WorkflowImport {
  return workflow(
    'credHttpAndNode1',
    'HTTP Request with the SecureEdge credential, then the SecureEdge node',
    [
      manualTrigger(),
      httpRequest(`${url}${CONTAINERS_PATH}`),
      secureEdge('SecureEdge', DEVICE, { resource: 'container', operation: 'getAll', returnAll: true }, { executeOnce: true }),
    ],
    [
      ['Start', 'HTTP Request'],
      ['HTTP Request', 'SecureEdge'],
    ],
  );
}

async function run(): Promise<Execution> {
  const execution = await engine.execute('credHttpAndNode1');
  if (!succeeded(execution)) {
    throw new Error(`workflow failed: ${workflowError(execution)?.message ?? 'no run'}\n${tail(execution.cli)}`);
  }
  return execution;
}

/** What the device saw, in order: method, path, status, and whether a (valid) session came with it. */
function deviceLog() {
  return sim.control.requests.map((r) => ({
    call: `${r.method} ${r.path.split('?')[0]}`,
    status: r.status,
    hadCookie: r.hadCookie,
    hadSession: r.hadSession,
  }));
}

beforeAll(async () => {
  sim = await startTestSimulator();
  const client = testClient(sim);
  try {
    for (const name of ['plc-bridge', 'historian']) {
      await client.createContainer({
        container: { name },
        image: { name: 'nginx', tag: 'latest' },
        ports: [],
        volumes: [],
        networks: [],
        environment_variables: [],
      });
    }
  } finally {
    await client.close();
  }
  engine = await N8nEngine.create('credential');
  await engine.importCredentials([secureEdgeCredential(DEVICE.id, DEVICE.name, { url: sim.url, password: sim.password })]);
  await engine.importWorkflows([
    httpThenNode(sim.url),
    workflow(
      'credHttpError001',
      'HTTP Request with the SecureEdge credential to a missing container',
      [manualTrigger(), httpRequest(`${sim.url}${CONTAINERS_PATH}/no-such-container/status`)],
      [['Start', 'HTTP Request']],
    ),
  ]);
}, ENGINE_SETUP_MS);

afterAll(async () => {
  await engine?.dispose();
  await sim?.close();
});

const containerNames = () => sim.control.containers().map((c) => ({ name: c.name }));

test(
  "n8n's HTTP Request node reaches a device endpoint with the credential: n8n logs in through preAuthentication",
  async () => {
    sim.control.clearRequests();
    const execution = await run();

    // The device's own answer, one item per container, as the HTTP Request node splits a JSON list.
    expect(jsonOf(execution, 'HTTP Request')).toEqual(containerNames());
    expect(jsonOf(execution, 'SecureEdge')).toEqual(containerNames());

    const httpCalls = deviceLog().filter((r) => r.call === `GET ${CONTAINERS_PATH}`);
    expect(httpCalls[0]).toMatchObject({ status: 200, hadSession: true });
    // A fresh credential has no session yet: n8n's preAuthentication logged in first.
    expect(deviceLog()[0]).toMatchObject({ call: 'POST /auth/login' });
  },
  EXECUTION_MS,
);

test(
  'a session the device dropped between two executions: n8n re-logs in on the 401, the SecureEdge node by itself',
  async () => {
    await run(); // a session is stored in the credential now
    sim.control.expireAllSessions();
    sim.control.clearRequests();

    const execution = await run();
    expect(jsonOf(execution, 'HTTP Request')).toEqual(containerNames());
    expect(jsonOf(execution, 'SecureEdge')).toEqual(containerNames());

    const log = deviceLog();
    // The HTTP Request node first sent the session n8n had kept in the credential: the device refused it ...
    expect(log[0]).toEqual({ call: `GET ${CONTAINERS_PATH}`, status: 401, hadCookie: true, hadSession: false });
    // ... then n8n logged in through preAuthentication and repeated the request, which worked.
    expect(log[1]).toMatchObject({ call: 'POST /auth/login' });
    expect(log[2]).toEqual({ call: `GET ${CONTAINERS_PATH}`, status: 200, hadCookie: true, hadSession: true });
    // Every request after the refusal carried a valid session, and nothing failed.
    expect(log.slice(1).every((r) => r.status < 400)).toBe(true);
    expect(log.filter((r) => r.call === 'POST /auth/login').length).toBeGreaterThanOrEqual(2);
  },
  EXECUTION_MS * 2,
);

test(
  'an HTTP Request the device answers with an error: n8n shows the error, and neither the session nor the password',
  async () => {
    sim.control.clearRequests();
    const execution = await engine.execute('credHttpError001');
    expect(execution.cli.code).not.toBe(0);
    expect(nodeError(execution, 'HTTP Request')).toMatchObject({ httpCode: '404', message: expect.stringMatching(/not be found/) });
    // The request did carry a valid session: the error is the device's answer, not a login failure.
    expect(deviceLog().find((r) => r.call.endsWith('/no-such-container/status'))).toMatchObject({
      status: 404,
      hadSession: true,
    });
    // n8n's error (its message, description, context, the logged run) holds the request it made; the Cookie header
    // that request carried must not be in it. Checked here, at the source, and again by the file's secret scan.
    expect(findLeaks()).toEqual([]);
  },
  EXECUTION_MS,
);
