/** The trigger's parameters. Event names, their meaning and the default choice are core's. */
import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_WATCH_EVENTS, WATCH_EVENT_DESCRIPTIONS, WATCH_EVENTS } from '../../core';

const label = (event: string) =>
  event
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');

export const triggerProperties: INodeProperties[] = [
  {
    displayName: 'Events',
    name: 'events',
    type: 'multiOptions',
    options: [...WATCH_EVENTS]
      .map((event) => ({ name: label(event), value: event, description: `When ${WATCH_EVENT_DESCRIPTIONS[event]}` }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    default: [...DEFAULT_WATCH_EVENTS],
    required: true,
    description: 'Which changes start the workflow; each change is one item {event, container?, image?, from?, to?, at}',
  },
  {
    displayName: 'Containers',
    name: 'containers',
    type: 'string',
    default: '',
    placeholder: 'e.g. web, broker',
    description: 'Comma-separated container names to watch; empty watches every container',
  },
  {
    displayName:
      'The first poll after activation only records what is on the device (no items). Each poll reads the container list, the state of each watched container, the image list for image events, and each configuration for Configuration.',
    name: 'notice',
    type: 'notice',
    default: '',
  },
];
