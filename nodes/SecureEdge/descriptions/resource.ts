import type { INodeProperties } from 'n8n-workflow';

export const resourceProperty: INodeProperties = {
  displayName: 'Resource',
  name: 'resource',
  type: 'options',
  noDataExpression: true,
  options: [
    { name: 'Container', value: 'container' },
    { name: 'Image', value: 'image' },
    { name: 'Volume', value: 'volume' },
  ],
  default: 'container',
};
