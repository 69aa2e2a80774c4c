/**
 * Workflows for the queue-mode test and bench, in the JSON the editor saves. Production executions in queue mode
 * come from triggers on the main: a Webhook gives one execution per call, and the shipped examples' Schedule
 * Triggers are set to fire every few seconds.
 */
import { randomUUID } from 'node:crypto';

const SECUREEDGE_NODE = 'n8n-nodes-ixon-secureedge.secureEdge';

const SECUREEDGE_TRIGGER = 'n8n-nodes-ixon-secureedge.secureEdgeTrigger';

export interface WorkflowJson {
  name: string;
  nodes: Array<{ type: string; parameters: Record<string, unknown>; credentials?: Record<string, { id: string; name: string }> }>;
  connections: object;
  settings?: object;
}

/** A Webhook (answers at once, so the caller never waits for the run) followed by one SecureEdge node. */
export function webhookToSecureEdge(
  name: string,
  webhookPath: string,
  credential: { id: string; name: string },
  parameters: Record<string, unknown>,
): WorkflowJson & { nodes: Array<Record<string, unknown> & { type: string; parameters: Record<string, unknown> }> } {
  return {
    name,
    nodes: [
      {
        id: randomUUID(),
        name: 'Webhook',
        type: 'n8n-nodes-base.webhook',
        typeVersion: 2,
        position: [0, 0],
        // n8n registers a production webhook at /webhook/<path> only for a node with a webhookId.
        webhookId: randomUUID(),
        parameters: { httpMethod: 'POST', path: webhookPath, responseMode: 'onReceived', options: {} },
      },
      {
        id: randomUUID(),
        name: 'SecureEdge',
        type: SECUREEDGE_NODE,
        typeVersion: 1,
        position: [220, 0],
        parameters,
        credentials: { secureEdgeApi: credential },
      },
    ],
    connections: { Webhook: { main: [[{ node: 'SecureEdge', type: 'main', index: 0 }]] } },
    settings: { executionOrder: 'v1' },
  };
}

/** `web` from nginx:latest on the machine network: the redeploy the kill test and the bench run. */
export const REDEPLOY_WEB = {
  resource: 'container',
  operation: 'redeploy',
  specMode: 'fields',
  containerName: { __rl: true, mode: 'name', value: 'web' },
  imageName: { __rl: true, mode: 'name', value: 'nginx' },
  imageTag: { __rl: true, mode: 'name', value: 'latest' },
  networks: 'machine-builder',
  options: { timeout: 120 },
};

export const STATUS_OF_WEB = {
  resource: 'container',
  operation: 'getStatus',
  containerName: { __rl: true, mode: 'name', value: 'web' },
};

/**
 * A copy of a shipped example whose Schedule Trigger fires every `seconds` seconds instead of at 02:00 or every
 * 5 minutes, so a test sees its production run within seconds. Nothing else in the workflow changes.
 */
export function firingEvery<W extends WorkflowJson>(example: W, seconds: number): W {
  let schedules = 0;
  const nodes = example.nodes.map((node) => {
    if (node.type !== 'n8n-nodes-base.scheduleTrigger') return node;
    schedules++;
    return { ...node, parameters: { ...node.parameters, rule: { interval: [{ field: 'seconds', secondsInterval: seconds }] } } };
  });
  if (schedules !== 1) throw new Error(`${example.name}: expected one Schedule Trigger, found ${schedules}`);
  return { ...example, nodes };
}

/** A copy whose SecureEdge nodes use `credential` (one device per workflow, so a test's counts are its own). */
export function usingCredential<W extends WorkflowJson>(example: W, credential: { id: string; name: string }): W {
  const nodes = example.nodes.map((node) =>
    node.credentials?.secureEdgeApi ? { ...node, credentials: { ...node.credentials, secureEdgeApi: credential } } : node,
  );
  return { ...example, nodes };
}

/**
 * A copy whose SecureEdge Trigger polls every `seconds` seconds instead of every minute. n8n refuses a poll time
 * that fires more than once a minute (a seconds field other than one number), but takes several poll times of one
 * fixed second each: `0 * * * * *`, `5 * * * * *`, ... The shipped example keeps n8n's "every minute".
 */
export function pollingEvery<W extends WorkflowJson>(example: W, seconds: number): W {
  if (60 % seconds !== 0) throw new Error(`poll every ${seconds} s: 60 must be a multiple`);
  const item = Array.from({ length: 60 / seconds }, (_, i) => ({ mode: 'custom', cronExpression: `${i * seconds} * * * * *` }));
  let triggers = 0;
  const nodes = example.nodes.map((node) => {
    if (node.type !== SECUREEDGE_TRIGGER) return node;
    triggers++;
    return { ...node, parameters: { ...node.parameters, pollTimes: { item } } };
  });
  if (triggers !== 1) throw new Error(`${example.name}: expected one SecureEdge Trigger, found ${triggers}`);
  return { ...example, nodes };
}
