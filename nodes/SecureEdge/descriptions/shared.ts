/** Fields several resources share: the Get Many limit pair. */
import type { INodeProperties } from 'n8n-workflow';

export function getManyFields(resource: string): INodeProperties[] {
  const show = { resource: [resource], operation: ['getAll'] };
  return [
    {
      displayName: 'Return All',
      name: 'returnAll',
      type: 'boolean',
      default: false,
      description: 'Whether to return all results or only up to a given limit',
      displayOptions: { show },
    },
    {
      displayName: 'Limit',
      name: 'limit',
      type: 'number',
      typeOptions: { minValue: 1 },
      default: 50,
      description: 'Max number of results to return',
      displayOptions: { show: { ...show, returnAll: [false] } },
    },
  ];
}
