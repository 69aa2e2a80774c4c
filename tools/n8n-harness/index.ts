/**
 * The fast n8n test layer: the package's built node and credential, run by n8n-core's own
 * execution code (WorkflowExecute, LoadOptionsContext, CredentialTestContext) against a
 * simulator. Import this module before anything else from n8n-core (see user-folder.ts).
 */
import './user-folder';

import { CredentialTestContext, LoadOptionsContext } from 'n8n-core';
import {
  Workflow,
  type ICredentialDataDecryptedObject,
  type IConnections,
  type INode,
  type INodeCredentialTestResult,
  type INodeListSearchResult,
  type INodeParameters,
  type ICredentialsDecrypted,
  type ICredentialTestFunctions,
  type ILoadOptionsFunctions,
} from 'n8n-workflow';

import type { RunningSimulator } from '../../simulator';
import { observer } from './observer';
import { InMemoryCredentialsHelper } from './credentials-helper';
import { DEVICE_REQUEST_NODE_TYPE, ITEMS_NODE_TYPE } from './harness-nodes';
import { harnessLogger, installLogger } from './logger';
import { CREDENTIAL_TYPE, loadPackage, SECUREEDGE_NODE_TYPE, type LoadedPackage } from './package-types';
import { additionalDataFor, runWorkflow, type RunResult } from './run-workflow';

export { harnessLogger } from './logger';
export type { RunResult } from './run-workflow';

export interface Step {
  /** Node name; default "SecureEdge", "SecureEdge 2", ... */
  name?: string;
  /** 'secureEdge' (default) or the harness's 'deviceRequest'. */
  type?: 'secureEdge' | 'deviceRequest';
  /** As a workflow's JSON holds them. */
  parameters: Record<string, unknown>;
  continueOnFail?: boolean;
  /** The node's "On Error" setting, e.g. 'continueErrorOutput'. */
  onError?: INode['onError'];
  /** Credential id; default the harness's default device. */
  credential?: string;
}

export class N8nHarness {
  private devices = 0;
  private defaultCredential?: string;

  private constructor(
    readonly pkg: LoadedPackage,
    readonly credentials: InMemoryCredentialsHelper,
  ) {}

  static async create(): Promise<N8nHarness> {
    installLogger();
    const pkg = await loadPackage();
    return new N8nHarness(pkg, new InMemoryCredentialsHelper(pkg.credentialTypes));
  }

  /** Store a SecureEdge API credential for a simulator; the first one is the default. */
  addDevice(sim: Pick<RunningSimulator, 'url'>, overrides: ICredentialDataDecryptedObject = {}): string {
    const id = `device-${++this.devices}`;
    this.credentials.set(id, CREDENTIAL_TYPE, credentialData(sim.url, overrides));
    this.defaultCredential ??= id;
    return id;
  }

  /** Items -> step 1 -> step 2 ..., run once by WorkflowExecute. */
  async run(items: object[], steps: Step[], options: { onStart?: (cancel: () => void) => void } = {}): Promise<RunResult> {
    const nodes: INode[] = [
      { id: 'items', name: 'Items', type: ITEMS_NODE_TYPE, typeVersion: 1, position: [0, 0], parameters: { items: JSON.stringify(items) } },
    ];
    const connections: IConnections = {};
    steps.forEach((step, i) => {
      const name = step.name ?? (i === 0 ? 'SecureEdge' : `SecureEdge ${i + 1}`);
      const credential = step.credential ?? this.defaultCredential;
      nodes.push({
        id: `step-${i}`,
        name,
        type: step.type === 'deviceRequest' ? DEVICE_REQUEST_NODE_TYPE : SECUREEDGE_NODE_TYPE,
        typeVersion: 1,
        position: [200 * (i + 1), 0],
        parameters: step.parameters as INodeParameters,
        continueOnFail: step.continueOnFail,
        onError: step.onError,
        credentials: credential ? { [CREDENTIAL_TYPE]: { id: credential, name: credential } } : undefined,
      });
      const previous = nodes[nodes.length - 2].name;
      connections[previous] = { main: [[{ node: name, type: 'main', index: 0 }]] };
    });
    return runWorkflow({
      nodes,
      connections,
      nodeTypes: this.pkg.nodeTypes,
      credentialsHelper: this.credentials,
      startNode: 'Items',
      onStart: options.onStart,
    });
  }

  /** The node's credential test, called as n8n's credential tester calls it (with n8n-core's context). */
  async credentialTest(data: ICredentialDataDecryptedObject): Promise<INodeCredentialTestResult> {
    const method = this.pkg.secureEdge.methods?.credentialTest?.secureEdgeConnectionTest;
    if (!method) throw new Error('The SecureEdge node has no credential test named secureEdgeConnectionTest');
    const credential: ICredentialsDecrypted = { id: 'under-test', name: 'under test', type: CREDENTIAL_TYPE, data };
    const context = new CredentialTestContext() as unknown as ICredentialTestFunctions;
    const result = await method.call(context, credential);
    observer.record('n8n credential test result', result);
    return result;
  }

  /** A list-search method of the node, called as n8n's editor backend calls it (LoadOptionsContext). */
  async listSearch(method: string, parameters: INodeParameters, filter?: string): Promise<INodeListSearchResult> {
    const search = this.pkg.secureEdge.methods?.listSearch?.[method];
    if (!search) throw new Error(`The SecureEdge node has no list search method ${method}`);
    const node: INode = {
      id: 'editing',
      name: 'SecureEdge',
      type: SECUREEDGE_NODE_TYPE,
      typeVersion: 1,
      position: [0, 0],
      parameters,
      credentials: { [CREDENTIAL_TYPE]: { id: this.defaultCredential ?? '', name: 'device' } },
    };
    const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes: this.pkg.nodeTypes });
    const additionalData = additionalDataFor(this.credentials);
    additionalData.currentNodeParameters = parameters;
    const context = new LoadOptionsContext(workflow, node, additionalData, 'parameters') as ILoadOptionsFunctions;
    const result = await search.call(context, filter);
    observer.record(`n8n list search ${method}`, result);
    return result;
  }

  get log() {
    return harnessLogger.lines;
  }
}

export function credentialData(url: string, overrides: ICredentialDataDecryptedObject = {}): ICredentialDataDecryptedObject {
  return { url, username: 'admin', password: observer.defaultPassword, ignoreSSLIssues: false, sessionId: '', ...overrides };
}

/** A resource locator value as the editor stores it. */
export function byName(value: string) {
  return { __rl: true, mode: 'name', value };
}

export function fromList(value: string) {
  return { __rl: true, mode: 'list', value };
}
