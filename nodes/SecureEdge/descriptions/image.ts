/** Image: what the device's registry holds (images pushed to <device>:5000). */
import type { INodeProperties } from 'n8n-workflow';

import { imageNameLocator, imageTagLocator } from './locators';
import { getManyFields } from './shared';

export const imageOperations: INodeProperties = {
  displayName: 'Operation',
  name: 'operation',
  type: 'options',
  noDataExpression: true,
  displayOptions: { show: { resource: ['image'] } },
  options: [
    {
      name: 'Get Details',
      value: 'getDetails',
      description: "Get an image's size in bytes, its platforms, and the error the device reports for it, if any",
      action: 'Get image details',
    },
    {
      name: 'Get Many',
      value: 'getAll',
      description: "Get many images from the device's registry, one item per image with its name and tag",
      action: 'Get many images',
    },
  ],
  default: 'getAll',
};

export const imageFields: INodeProperties[] = [
  ...getManyFields('image'),
  imageNameLocator({ show: { resource: ['image'], operation: ['getDetails'] } }),
  imageTagLocator({ show: { resource: ['image'], operation: ['getDetails'] } }),
];
