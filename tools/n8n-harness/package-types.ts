/**
 * The package's node and credential types, loaded from the BUILT package the way n8n loads a
 * community package: n8n-core's PackageDirectoryLoader reads package.json's "n8n" section and
 * requires the files under dist/. The harness's own node types are added beside them.
 */
import { PackageDirectoryLoader } from 'n8n-core';
import { type ICredentialType, type INodeType, type INodeTypes, type IVersionedNodeType, NodeHelpers } from 'n8n-workflow';
import { join } from 'node:path';

import { DEVICE_REQUEST_NODE_TYPE, DeviceRequestNode, ITEMS_NODE_TYPE, ItemsNode } from './harness-nodes';

export const PACKAGE_ROOT = join(__dirname, '..', '..');
export const SECUREEDGE_NODE_TYPE = 'n8n-nodes-ixon-secureedge.secureEdge';
export const CREDENTIAL_TYPE = 'secureEdgeApi';

export interface LoadedPackage {
  nodeTypes: INodeTypes;
  credentialTypes: Record<string, ICredentialType>;
  /** The SecureEdge node class instance, for its methods (list search, credential test). */
  secureEdge: INodeType;
}

export async function loadPackage(): Promise<LoadedPackage> {
  const loader = new PackageDirectoryLoader(PACKAGE_ROOT);
  await loader.loadAll();
  const types: Record<string, INodeType | IVersionedNodeType> = {
    [ITEMS_NODE_TYPE]: new ItemsNode(),
    [DEVICE_REQUEST_NODE_TYPE]: new DeviceRequestNode(),
  };
  // The loader keys nodes by their short name; workflows use "<package>.<name>", as n8n does.
  for (const [name, { type }] of Object.entries(loader.nodeTypes)) types[`${loader.packageName}.${name}`] = type;
  const credentialTypes: Record<string, ICredentialType> = {};
  for (const { type } of Object.values(loader.credentialTypes)) credentialTypes[type.name] = type;

  const nodeTypes: INodeTypes = {
    getByName: (name) => known(name),
    getByNameAndVersion: (name, version) => NodeHelpers.getVersionedNodeType(known(name), version),
    getKnownTypes: () => ({}),
  };
  function known(name: string): INodeType | IVersionedNodeType {
    const type = types[name];
    if (!type) throw new Error(`Unknown node type in harness: ${name}`);
    return type;
  }
  return { nodeTypes, credentialTypes, secureEdge: known(SECUREEDGE_NODE_TYPE) as INodeType };
}
