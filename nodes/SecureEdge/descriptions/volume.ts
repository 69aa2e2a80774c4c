/** Volume: named Docker volumes. The device lists none, so the name is typed in. */
import type { INodeProperties } from 'n8n-workflow';

export const volumeOperations: INodeProperties = {
  displayName: 'Operation',
  name: 'operation',
  type: 'options',
  noDataExpression: true,
  displayOptions: { show: { resource: ['volume'] } },
  options: [
    {
      name: 'Remove',
      value: 'remove',
      description: 'Remove a named volume and the data in it. Remove the containers that use it first.',
      action: 'Remove a volume',
    },
  ],
  default: 'remove',
};

export const volumeFields: INodeProperties[] = [
  {
    displayName: 'Volume Name',
    name: 'volumeName',
    type: 'string',
    default: '',
    required: true,
    placeholder: 'e.g. nginx-config',
    description: 'Name of the named volume, as given under Volumes when the container was created',
    displayOptions: { show: { resource: ['volume'], operation: ['remove'] } },
  },
];
