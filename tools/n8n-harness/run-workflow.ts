/**
 * Runs a workflow with n8n-core's WorkflowExecute, as n8n's own node tests do: a Workflow from
 * n8n-workflow, the package's node types, an in-memory credentials helper and lifecycle hooks
 * that hand back the finished run. Everything a user could see (each node's items and errors,
 * the run's error) is recorded for the secret scan.
 */
import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import {
  Workflow,
  type IConnections,
  type INode,
  type INodeExecutionData,
  type INodeTypes,
  type IRun,
  type IWorkflowExecuteAdditionalData,
  type ExecutionError,
} from 'n8n-workflow';

import { observer } from './observer';
import type { InMemoryCredentialsHelper } from './credentials-helper';

const UNUSED = (what: string) => () => {
  throw new Error(`${what} is not available in the n8n test harness`);
};

let executionCounter = 0;

export interface RunOptions {
  nodes: INode[];
  connections: IConnections;
  nodeTypes: INodeTypes;
  credentialsHelper: InMemoryCredentialsHelper;
  startNode: string;
  /** Gets the running execution's cancel, as n8n's Stop button uses it (tests of cancellation). */
  onStart?: (cancel: () => void) => void;
}

export interface RunResult {
  run: IRun;
  /** Items the node put out on its first output (run 0), or undefined if it did not run. */
  output(nodeName: string): INodeExecutionData[] | undefined;
  /** Items on each of the node's outputs (run 0); the last is the error output when it has one. */
  outputs(nodeName: string): Array<INodeExecutionData[] | null> | undefined;
  /** The error the node failed with, if it did. */
  error(nodeName: string): ExecutionError | undefined;
  /** Nodes in the order they finished. */
  order: string[];
}

export function additionalDataFor(
  credentialsHelper: InMemoryCredentialsHelper,
  hooks?: ExecutionLifecycleHooks,
): IWorkflowExecuteAdditionalData {
  return {
    credentialsHelper,
    hooks,
    executionId: hooks?.executionId,
    currentNodeExecutionIndex: 0,
    restApiUrl: 'http://127.0.0.1:5678/rest',
    instanceBaseUrl: 'http://127.0.0.1:5678/',
    // Never contacted: expressions such as $execution.resumeUrl are built from them.
    formBaseUrl: 'http://127.0.0.1:5678/form',
    formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
    formTestBaseUrl: 'http://127.0.0.1:5678/form-test',
    webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
    webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
    webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
    mcpBaseUrl: 'http://127.0.0.1:5678/mcp',
    mcpTestBaseUrl: 'http://127.0.0.1:5678/mcp-test',
    variables: {},
    logAiEvent: () => {},
    executeWorkflow: UNUSED('executeWorkflow'),
    getRunExecutionData: UNUSED('getRunExecutionData'),
    getRuntimeCredential: UNUSED('getRuntimeCredential'),
    startRunnerTask: UNUSED('startRunnerTask'),
  } as unknown as IWorkflowExecuteAdditionalData;
}

export async function runWorkflow(options: RunOptions): Promise<RunResult> {
  const workflow = new Workflow({
    id: 'harness-workflow',
    name: 'harness',
    nodes: options.nodes,
    connections: options.connections,
    nodeTypes: options.nodeTypes,
    active: false,
    settings: { executionOrder: 'v1' },
  });
  const executionId = String(++executionCounter);
  const hooks = new ExecutionLifecycleHooks('manual', executionId, {
    id: workflow.id,
    name: 'harness',
    active: false,
    isArchived: false,
    nodes: options.nodes,
    connections: options.connections,
    createdAt: new Date(),
    updatedAt: new Date(),
    activeVersionId: null,
  });
  const order: string[] = [];
  hooks.addHandler('nodeExecuteAfter', (nodeName, taskData) => {
    order.push(nodeName);
    observer.record(`n8n node "${nodeName}" output`, taskData.data);
    if (taskData.error) observer.record(`n8n node "${nodeName}" error`, taskData.error);
  });
  let resolveFinished!: (run: IRun) => void;
  const finished = new Promise<IRun>((resolve) => (resolveFinished = resolve));
  hooks.addHandler('workflowExecuteAfter', (run) => resolveFinished(run));

  const startNode = workflow.getNode(options.startNode) ?? undefined;
  const execute = new WorkflowExecute(additionalDataFor(options.credentialsHelper, hooks), 'manual');
  const execution = execute.run({ workflow, startNode });
  options.onStart?.(() => execution.cancel());
  await execution;
  const run = await finished;
  if (run.data.resultData.error) observer.record('n8n run error', run.data.resultData.error);

  const runData = run.data.resultData.runData;
  return {
    run,
    order,
    output: (name) => runData[name]?.[0]?.data?.main?.[0] ?? undefined,
    outputs: (name) => runData[name]?.[0]?.data?.main,
    error: (name) => runData[name]?.[0]?.error,
  };
}
