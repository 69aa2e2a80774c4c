/**
 * The create spec for Create and Redeploy, either as fields that read like the device's own
 * create dialog (container port, router port, protocol; volume name, container path; environment
 * variables; networks) or as JSON in the API's own shape. Both become the same API body.
 */
import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_NETWORK, PORT_MAX, PORT_MIN } from '../../../core';
import { containerNameLocator, imageNameLocator, imageTagLocator } from './locators';

const SPEC_OPERATIONS = ['create', 'redeploy', 'ensure'];
const onFields = { show: { resource: ['container'], operation: SPEC_OPERATIONS, specMode: ['fields'] } };

const EXAMPLE_SPEC = {
  container: { name: 'nginx' },
  image: { name: 'nginx', tag: 'latest' },
  ports: [{ source: 80, destination: 8080, protocol: 'tcp' }],
  volumes: [],
  networks: [{ name: 'machine-builder' }],
  environment_variables: [],
};

export const containerSpecFields: INodeProperties[] = [
  {
    displayName: 'Define Container',
    name: 'specMode',
    type: 'options',
    noDataExpression: true,
    options: [
      { name: 'Using Fields Below', value: 'fields', description: "Fill in the fields of the device's create dialog" },
      { name: 'Using JSON', value: 'json', description: "Give the create body in the API's own shape" },
    ],
    default: 'fields',
    displayOptions: { show: { resource: ['container'], operation: SPEC_OPERATIONS } },
  },
  {
    displayName: 'Container Name',
    name: 'containerName',
    type: 'string',
    default: '',
    required: true,
    placeholder: 'e.g. nginx',
    description: "Name of the new container: at least two letters, digits, '_', '.' or '-', starting with a letter or digit",
    // Read like every other name field: a plain text, an expression, or a hand-written {mode, value} locator.
    displayOptions: { show: { resource: ['container'], operation: ['create'], specMode: ['fields'] } },
  },
  containerNameLocator(
    { show: { resource: ['container'], operation: ['redeploy', 'ensure'], specMode: ['fields'] } },
    'Container to replace. If no container of that name exists, it is created.',
  ),
  imageNameLocator(onFields),
  imageTagLocator(onFields),
  {
    displayName: 'Ports',
    name: 'ports',
    type: 'fixedCollection',
    typeOptions: { multipleValues: true },
    placeholder: 'Add Port',
    default: {},
    description: 'Container Port: where the program listens inside the container. Router Port: the port opened on the device.',
    displayOptions: onFields,
    options: [
      {
        displayName: 'Port',
        name: 'port',
        values: [
          // No defaults: a pre-filled router port clashed with the demo's own web container (409 on a first Create).
          {
            displayName: 'Container Port',
            name: 'containerPort',
            type: 'number',
            typeOptions: { minValue: PORT_MIN, maxValue: PORT_MAX },
            default: null,
            placeholder: 'e.g. 80',
          },
          {
            displayName: 'Router Port',
            name: 'routerPort',
            type: 'number',
            typeOptions: { minValue: PORT_MIN, maxValue: PORT_MAX },
            default: null,
            placeholder: 'e.g. 8081',
          },
          {
            displayName: 'Protocol',
            name: 'protocol',
            type: 'options',
            options: [
              { name: 'TCP', value: 'tcp' },
              { name: 'UDP', value: 'udp' },
            ],
            default: 'tcp',
          },
        ],
      },
    ],
  },
  {
    displayName: 'Volumes',
    name: 'volumes',
    type: 'fixedCollection',
    typeOptions: { multipleValues: true },
    placeholder: 'Add Volume',
    default: {},
    description: 'Named volumes to mount. A volume that does not exist yet is created with the container.',
    displayOptions: onFields,
    options: [
      {
        displayName: 'Volume',
        name: 'volume',
        values: [
          { displayName: 'Volume Name', name: 'volumeName', type: 'string', default: '', placeholder: 'e.g. nginx-config' },
          { displayName: 'Container Path', name: 'containerPath', type: 'string', default: '', placeholder: 'e.g. /etc/nginx' },
        ],
      },
    ],
  },
  {
    displayName: 'Environment Variables',
    name: 'environmentVariables',
    type: 'fixedCollection',
    typeOptions: { multipleValues: true },
    placeholder: 'Add Variable',
    default: {},
    description: "Variables given to the container, added to the image's own environment",
    displayOptions: onFields,
    options: [
      {
        displayName: 'Variable',
        name: 'variable',
        values: [
          { displayName: 'Key', name: 'key', type: 'string', default: '', placeholder: 'e.g. PORT' },
          { displayName: 'Value', name: 'value', type: 'string', default: '' },
        ],
      },
    ],
  },
  {
    displayName: 'Networks',
    name: 'networks',
    type: 'string',
    default: DEFAULT_NETWORK,
    description:
      'Comma-separated network names. Containers on the same network reach each other by container name; the device UI puts every container on machine-builder. Leave empty for none.',
    displayOptions: onFields,
  },
  {
    displayName: 'Container Spec (JSON)',
    name: 'specJson',
    type: 'json',
    default: JSON.stringify(EXAMPLE_SPEC, null, 2),
    required: true,
    description:
      'The create body as the API documents it: container.name, image.name and image.tag are required; ports (source = container port, destination = router port), volumes, networks and environment_variables are lists that may be empty',
    displayOptions: { show: { resource: ['container'], operation: SPEC_OPERATIONS, specMode: ['json'] } },
  },
];
