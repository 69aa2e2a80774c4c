/**
 * Pickers for names the device knows: a searchable list from the device, or a name typed in
 * (or an expression, e.g. {{ $json.name }} from a previous node). Values are read with
 * `extractValue`, so a plain string in a workflow's JSON works as well as a locator object.
 */
import type { INodeProperties } from 'n8n-workflow';

import { RULES, combinedPattern, type TextRule } from '../../../core';

/** core's rule as n8n field validation, so a typo is flagged in the editor; core checks again before sending. */
export function ruleValidation(rule: TextRule): NonNullable<NonNullable<INodeProperties['modes']>[number]['validation']> {
  const checks = rule.checks.map((c) => c.message).join('; ');
  return [
    {
      type: 'regex',
      properties: {
        regex: combinedPattern(rule),
        errorMessage: `Not a valid ${rule.label}: ${rule.minLength}-${rule.maxLength} characters; ${checks}`,
      },
    },
  ];
}

export function containerNameLocator(displayOptions: INodeProperties['displayOptions'], description: string): INodeProperties {
  return {
    displayName: 'Container',
    name: 'containerName',
    type: 'resourceLocator',
    default: { mode: 'list', value: '' },
    required: true,
    description,
    modes: [
      {
        displayName: 'From List',
        name: 'list',
        type: 'list',
        placeholder: 'Select a container...',
        typeOptions: { searchListMethod: 'searchContainers', searchable: true },
      },
      {
        displayName: 'By Name',
        name: 'name',
        type: 'string',
        placeholder: 'e.g. nginx',
        validation: ruleValidation(RULES.containerName),
      },
    ],
    displayOptions,
  };
}

export function imageNameLocator(displayOptions: INodeProperties['displayOptions']): INodeProperties {
  return {
    displayName: 'Image',
    name: 'imageName',
    type: 'resourceLocator',
    default: { mode: 'list', value: '' },
    required: true,
    description: "Image name in the device's own registry (what was pushed to the device on port 5000), without registry or tag",
    modes: [
      {
        displayName: 'From List',
        name: 'list',
        type: 'list',
        placeholder: 'Select an image...',
        typeOptions: { searchListMethod: 'searchImages', searchable: true },
      },
      {
        displayName: 'By Name',
        name: 'name',
        type: 'string',
        placeholder: 'e.g. nginx',
        validation: ruleValidation(RULES.imageName),
      },
    ],
    displayOptions,
  };
}

export function imageTagLocator(displayOptions: INodeProperties['displayOptions']): INodeProperties {
  return {
    displayName: 'Tag',
    name: 'imageTag',
    type: 'resourceLocator',
    default: { mode: 'list', value: '' },
    required: true,
    description: 'Tag of the image, e.g. latest. The list shows the tags the device has for the chosen image.',
    modes: [
      {
        displayName: 'From List',
        name: 'list',
        type: 'list',
        placeholder: 'Select a tag...',
        typeOptions: { searchListMethod: 'searchImageTags', searchable: true },
      },
      {
        displayName: 'By Name',
        name: 'name',
        type: 'string',
        placeholder: 'e.g. latest',
        validation: ruleValidation(RULES.imageTag),
      },
    ],
    displayOptions,
  };
}
