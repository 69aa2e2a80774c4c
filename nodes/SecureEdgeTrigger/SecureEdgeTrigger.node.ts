/**
 * n8n trigger "SecureEdge Trigger": starts a workflow when something changes on the device. The
 * device has no event stream, so this is a polling trigger: n8n calls poll() on the schedule the
 * user picks (Poll Times; n8n allows once a minute at the most), on the main process (also in queue
 * mode), and the snapshot of the last poll is kept in the node's static data.
 */
import { NodeConnectionTypes, type INodeExecutionData, type INodeType, type INodeTypeDescription, type IPollFunctions } from 'n8n-workflow';

import { CREDENTIAL_TYPE } from '../SecureEdge/client-factory';
import { triggerProperties } from './description';
import { pollSecureEdge } from './poll';

export class SecureEdgeTrigger implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'SecureEdge Trigger',
    name: 'secureEdgeTrigger',
    icon: { light: 'file:../../icons/secureedge.svg', dark: 'file:../../icons/secureedge.dark.svg' },
    group: ['trigger'],
    version: 1,
    subtitle: '={{"on " + $parameter["events"].join(", ")}}',
    description: 'Starts the workflow when a container or image changes on an IXON SecureEdge Pro, or the device goes unreachable',
    defaults: { name: 'SecureEdge Trigger' },
    polling: true,
    inputs: [],
    outputs: [NodeConnectionTypes.Main],
    credentials: [{ name: CREDENTIAL_TYPE, required: true }],
    properties: triggerProperties,
  };

  async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
    return pollSecureEdge(this);
  }
}
