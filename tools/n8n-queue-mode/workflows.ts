/**
 * Workflows for the queue-mode test and bench, in the JSON the editor saves. Production executions in queue mode
 * come from triggers on the main: a Webhook gives one execution per call, and the shipped examples' Schedule
 * Triggers are set to fire every few seconds.
 */
import { randomUUID } from 'node:crypto';

const SECUREEDGE_NODE = 'n8n-nodes-ixon-secureedge.secureEdge';

export interface WorkflowJson {
  name: string;
  nodes: Array<{ type: string; parameters: Record<string, unknown> }>;
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
