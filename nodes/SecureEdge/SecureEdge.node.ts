/**
 * n8n node "SecureEdge": the Docker containers of an IXON SecureEdge Pro through its local API.
 * A thin adapter: parameters -> core call -> items; core's errors -> n8n's errors.
 */
import {
  NodeConnectionTypes,
  type IExecuteFunctions,
  type INodeExecutionData,
  type INodeType,
  type INodeTypeDescription,
} from 'n8n-workflow';

import { secureEdgeConnectionTest } from './credential-test';
import { containerFields, containerOperations } from './descriptions/container';
import { imageFields, imageOperations } from './descriptions/image';
import { optionsCollection } from './descriptions/options';
import { resourceProperty } from './descriptions/resource';
import { SUBTITLE } from './descriptions/subtitle';
import { volumeFields, volumeOperations } from './descriptions/volume';
import { executeSecureEdge } from './execute';
import { searchContainers, searchImages, searchImageTags } from './list-search';

export class SecureEdge implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'SecureEdge',
    name: 'secureEdge',
    icon: { light: 'file:../../icons/secureedge.svg', dark: 'file:../../icons/secureedge.dark.svg' },
    group: ['transform'],
    version: 1,
    subtitle: SUBTITLE,
    description:
      'Manage the Docker containers of an IXON SecureEdge Pro on the local network: list images, create, start, stop, remove and redeploy containers, and read their state',
    defaults: { name: 'SecureEdge' },
    inputs: [NodeConnectionTypes.Main],
    outputs: [NodeConnectionTypes.Main],
    usableAsTool: true,
    credentials: [{ name: 'secureEdgeApi', required: true, testedBy: 'secureEdgeConnectionTest' }],
    properties: [
      resourceProperty,
      containerOperations,
      imageOperations,
      volumeOperations,
      ...containerFields,
      ...imageFields,
      ...volumeFields,
      optionsCollection,
    ],
  };

  methods = {
    credentialTest: { secureEdgeConnectionTest },
    listSearch: { searchContainers, searchImages, searchImageTags },
  };

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    return [await executeSecureEdge(this)];
  }
}
