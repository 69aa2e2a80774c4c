/**
 * Builders for what `n8n import:credentials` and `n8n import:workflow` read: the same JSON the editor exports.
 * Parameters are written the way the editor saves them (a resource locator as {__rl, mode, value}), so the engine
 * reads them exactly as it reads a workflow a user built.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const PACKAGE_NAME = 'n8n-nodes-ixon-secureedge';
export const SECUREEDGE_NODE = `${PACKAGE_NAME}.secureEdge`;
export const CREDENTIAL_TYPE = 'secureEdgeApi';

export interface CredentialImport {
  id: string;
  name: string;
  type: string;
  data: Record<string, unknown>;
}

export interface WorkflowNode {
  id: string;
  name: string;
  type: string;
  typeVersion: number;
  position: [number, number];
  parameters: Record<string, unknown>;
  credentials?: Record<string, { id: string; name: string }>;
  onError?: 'stopWorkflow' | 'continueRegularOutput' | 'continueErrorOutput';
  disabled?: boolean;
  /** Run once with the first item only, however many items come in. */
  executeOnce?: boolean;
  notes?: string;
}

export interface WorkflowImport {
  id: string;
  name: string;
  active: boolean;
  nodes: WorkflowNode[];
  connections: Record<string, { main: Array<Array<{ node: string; type: 'main'; index: number }>> }>;
  settings: Record<string, unknown>;
  pinData?: Record<string, unknown>;
  [extra: string]: unknown;
}

export function secureEdgeCredential(
  id: string,
  name: string,
  device: { url: string; password: string; username?: string },
): CredentialImport {
  return {
    id,
    name,
    type: CREDENTIAL_TYPE,
    data: { url: device.url, username: device.username ?? 'admin', password: device.password, ignoreSSLIssues: false },
  };
}

/** A value given "By Name" in a resource locator field; expressions start with '='. */
export function byName(value: string) {
  return { __rl: true, mode: 'name', value };
}

type NodeInput = Omit<WorkflowNode, 'id' | 'position' | 'typeVersion'> & { typeVersion?: number };

export function manualTrigger(name = 'Start'): NodeInput {
  return { name, type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} };
}

export function secureEdge(
  name: string,
  credential: { id: string; name: string },
  parameters: Record<string, unknown>,
  extra: Partial<WorkflowNode> = {},
): NodeInput {
  return { name, type: SECUREEDGE_NODE, typeVersion: 1, parameters, credentials: { [CREDENTIAL_TYPE]: credential }, ...extra };
}

/** A Code node (runs in n8n's JS task runner) returning the given items. */
export function codeItems(name: string, items: Array<Record<string, unknown>>): NodeInput {
  return {
    name,
    type: 'n8n-nodes-base.code',
    typeVersion: 2,
    parameters: { jsCode: `return ${JSON.stringify(items.map((json) => ({ json })))};` },
  };
}

/** An edge: from node (its output index, 0 unless an error output), to node. */
export type Edge = [from: string, to: string, output?: number];

export function workflow(id: string, name: string, nodes: NodeInput[], edges: Edge[]): WorkflowImport {
  const connections: WorkflowImport['connections'] = {};
  for (const [from, to, output = 0] of edges) {
    if (!nodes.some((n) => n.name === from) || !nodes.some((n) => n.name === to)) throw new Error(`edge ${from} -> ${to}: no such node`);
    const main = (connections[from] ??= { main: [] }).main;
    while (main.length <= output) main.push([]);
    main[output].push({ node: to, type: 'main', index: 0 });
  }
  return {
    id,
    name,
    active: false,
    nodes: nodes.map(
      (node, i): WorkflowNode => ({ ...node, typeVersion: node.typeVersion ?? 1, id: randomUUID(), position: [i * 220, 0] }),
    ),
    connections,
    settings: { executionOrder: 'v1' },
    pinData: {},
  };
}

/** The example n8n workflows: in the repository, outside examples/ (Node-RED lists every .json there as a flow). */
const EXAMPLES_DIR = path.resolve(__dirname, '../../../n8n-workflows');

/** An example workflow from n8n-workflows/, as a user would import it. */
export function exampleWorkflow(file: string): WorkflowImport {
  return JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8')) as WorkflowImport;
}
