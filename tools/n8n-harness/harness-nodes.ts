/**
 * Two small node types the harness adds next to the package's own, so workflows can be built
 * without n8n-nodes-base:
 * - "Items" starts a workflow and puts out the items given in its parameter (a previous node's
 *   items for expressions such as {{ $json.name }}).
 * - "Device Request" calls a device path through n8n's httpRequestWithAuthentication with the
 *   secureEdgeApi credential: n8n-core then runs the credential's preAuthentication and
 *   authenticate, as for n8n's HTTP Request node.
 */
import type {
  IDataObject,
  IExecuteFunctions,
  IHttpRequestMethods,
  INodeExecutionData,
  INodeType,
  INodeTypeDescription,
} from 'n8n-workflow';

export const ITEMS_NODE_TYPE = 'harness.items';
export const DEVICE_REQUEST_NODE_TYPE = 'harness.deviceRequest';

export class ItemsNode implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'Items',
    name: 'items',
    group: ['input'],
    version: 1,
    description: 'Puts out the items given',
    defaults: { name: 'Items' },
    inputs: ['main'],
    outputs: ['main'],
    properties: [{ displayName: 'Items', name: 'items', type: 'json', default: '[{}]' }],
  };

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    const raw = this.getNodeParameter('items', 0) as string | IDataObject[];
    const items = (typeof raw === 'string' ? JSON.parse(raw) : raw) as IDataObject[];
    return [items.map((json) => ({ json }))];
  }
}

export class DeviceRequestNode implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'Device Request',
    name: 'deviceRequest',
    group: ['transform'],
    version: 1,
    description: 'GET or POST a device path with the SecureEdge credential',
    defaults: { name: 'Device Request' },
    inputs: ['main'],
    outputs: ['main'],
    credentials: [{ name: 'secureEdgeApi', required: true }],
    properties: [
      { displayName: 'Path', name: 'path', type: 'string', default: '/api/v1/docker/containers' },
      { displayName: 'Method', name: 'method', type: 'string', default: 'GET' },
    ],
  };

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    const out: INodeExecutionData[] = [];
    const { url } = await this.getCredentials<{ url: string }>('secureEdgeApi');
    for (let i = 0; i < this.getInputData().length; i++) {
      const response = (await this.helpers.httpRequestWithAuthentication.call(this, 'secureEdgeApi', {
        method: this.getNodeParameter('method', i) as IHttpRequestMethods,
        url: url + (this.getNodeParameter('path', i) as string),
        returnFullResponse: true,
        json: true,
      })) as { statusCode: number; body: unknown };
      out.push({ json: { statusCode: response.statusCode, body: response.body as IDataObject }, pairedItem: { item: i } });
    }
    return [out];
  }
}
