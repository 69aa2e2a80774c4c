/** Options every operation shares; each is read per item except Items in Parallel. */
import type { INodeProperties } from 'n8n-workflow';

export const optionsCollection: INodeProperties = {
  displayName: 'Options',
  name: 'options',
  type: 'collection',
  placeholder: 'Add Option',
  default: {},
  options: [
    {
      displayName: 'Create Wait (Seconds)',
      name: 'createTimeout',
      type: 'number',
      typeOptions: { minValue: 1 },
      default: 180,
      description:
        'How long to wait for a new container while the device is still creating it (the first use of a large image). Default: from the image size, at least a minute.',
      displayOptions: { show: { '/operation': ['create', 'redeploy'] } },
    },
    {
      displayName: 'Dry Run',
      name: 'dryRun',
      type: 'boolean',
      default: false,
      description: 'Whether to only say what would change (action and reasons per container) without changing anything on the device',
      displayOptions: { show: { '/operation': ['ensure'] } },
    },
    {
      displayName: 'Items in Parallel',
      name: 'concurrency',
      type: 'number',
      typeOptions: { minValue: 1, maxValue: 16 },
      default: 1,
      description: 'How many input items to work on at the same time. They share one login. Read from the first item only.',
    },
    {
      displayName: 'Remove Volumes',
      name: 'removeVolumes',
      type: 'boolean',
      default: false,
      description:
        'Whether to also remove the named volumes of the old container and of the spec, so the new container starts with empty volumes. Their data is lost, also when a rollback puts the old container back (on empty volumes).',
      displayOptions: { show: { '/operation': ['redeploy'] } },
    },
    {
      displayName: 'Rollback',
      name: 'rollback',
      type: 'boolean',
      default: true,
      description:
        "Whether to put the old container back when the redeploy fails after touching it (create refused, start failed, the new container not running in time): the half-made new container is removed, the old one created again from its configuration and started if it ran. The item's details.rolledBack says whether it worked. Off: the vendor's behaviour, the container stays as the failed step left it.",
      displayOptions: { show: { '/operation': ['redeploy'] } },
    },
    {
      displayName: 'Timeout (Seconds)',
      name: 'timeout',
      type: 'number',
      typeOptions: { minValue: 1 },
      default: 60,
      description:
        'Wait for State: how long to wait (default 60). Redeploy and Ensure: the deadline for each container (default 300). Other operations: how long to wait for each answer from the device (default 30).',
    },
  ],
};
