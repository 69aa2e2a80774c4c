/** Container: the device's Docker containers, and the redeploy and wait workflows built on them. */
import type { INodeProperties } from 'n8n-workflow';

import { RUNNING_STATES } from '../../../core';
import { containerSpecFields } from './container-spec';
import { containerNameLocator } from './locators';
import { getManyFields } from './shared';

export const containerOperations: INodeProperties = {
  displayName: 'Operation',
  name: 'operation',
  type: 'options',
  noDataExpression: true,
  displayOptions: { show: { resource: ['container'] } },
  options: [
    {
      name: 'Create',
      value: 'create',
      description: 'Create a container from an image on the device, without starting it',
      action: 'Create a container',
    },
    {
      name: 'Ensure',
      value: 'ensure',
      description:
        'Make the device run the container as the spec says, touching it only when it differs: create if missing, start if stopped, redeploy if the image, ports, volumes, networks or environment differ. One item per container with its action, reasons and outcome.',
      action: 'Ensure a container runs as specified',
    },
    {
      name: 'Get Configuration',
      value: 'getConfiguration',
      description: "Get a container's image, ports, volumes, networks and environment",
      action: 'Get container configuration',
    },
    {
      name: 'Get Many',
      value: 'getAll',
      description: 'Get the containers on the device, one item each',
      action: 'Get many containers',
    },
    {
      name: 'Get Status',
      value: 'getStatus',
      description: "Get a container's state, such as running or exited",
      action: 'Get container status',
    },
    {
      name: 'Redeploy',
      value: 'redeploy',
      description: 'Stop and remove a container, create it again from the spec, start it and wait until it runs',
      action: 'Redeploy a container',
    },
    {
      name: 'Remove',
      value: 'remove',
      description: 'Remove a stopped container. A running container must be stopped first.',
      action: 'Remove a container',
    },
    {
      name: 'Start',
      value: 'start',
      description: 'Start a created or stopped container',
      action: 'Start a container',
    },
    {
      name: 'Stop',
      value: 'stop',
      description: 'Stop a running container',
      action: 'Stop a container',
    },
    {
      name: 'Wait for State',
      value: 'waitForState',
      description: 'Wait until a container reaches one of the chosen states, checking the device until the timeout',
      action: 'Wait for a container state',
    },
  ],
  default: 'getAll',
};

const NAMED_OPERATIONS = ['getConfiguration', 'getStatus', 'remove', 'start', 'stop', 'waitForState'];

export const containerFields: INodeProperties[] = [
  ...getManyFields('container'),
  {
    displayName: 'Include State',
    name: 'includeState',
    type: 'boolean',
    default: false,
    description: "Whether to add each container's running_state (one status read per container returned, a few at a time)",
    displayOptions: { show: { resource: ['container'], operation: ['getAll'] } },
  },
  containerNameLocator({ show: { resource: ['container'], operation: NAMED_OPERATIONS } }, 'Container on the device'),
  ...containerSpecFields,
  {
    displayName: 'States',
    name: 'states',
    type: 'multiOptions',
    options: RUNNING_STATES.map((s) => ({ name: s.charAt(0).toUpperCase() + s.slice(1), value: s })),
    default: ['running'],
    required: true,
    description: 'Done when the container is in any of these states',
    displayOptions: { show: { resource: ['container'], operation: ['waitForState'] } },
  },
];
