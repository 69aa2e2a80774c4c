/**
 * One poll of the trigger. The comparison, the baseline and the outage rule are core's
 * (pollWatch); here: the parameters, the cursor in the node's static data, the items.
 *
 * - Manual mode ("Fetch Test Event"): the watched containers as they are now, as `state` items
 *   (without `from`), so the next nodes can be built on real data. The cursor is not touched.
 * - Active: the first poll only stores a baseline; later polls emit one item per event. A failed
 *   poll leaves the snapshot as it was (one `unreachable` item per outage), so nothing that
 *   changed meanwhile is lost. n8n saves the static data when items are emitted and at activation.
 */
import { NodeOperationError, type IDataObject, type INodeExecutionData, type IPollFunctions } from 'n8n-workflow';

import {
  DEFAULT_REQUEST_TIMEOUT_MS,
  isSecureEdgeError,
  parseWatchOptions,
  pollWatch,
  statesOf,
  type SecureEdgeClient,
  type WatchCursor,
  type WatchEvent,
  type WatchOptions,
} from '../../core';
import { coreLogger, CREDENTIAL_TYPE, RunClients } from '../SecureEdge/client-factory';
import { toNodeError } from '../SecureEdge/errors';

const CURSOR_KEY = 'secureEdgeWatch';

function readOptions(fn: IPollFunctions): WatchOptions {
  try {
    return parseWatchOptions({ events: fn.getNodeParameter('events', []), containers: fn.getNodeParameter('containers', '') });
  } catch (err) {
    // core's INVALID_INPUT names the setting; anything else here would be a bug, said as such.
    throw new NodeOperationError(fn.getNode(), isSecureEdgeError(err) ? err.message : String(err), {
      description: 'Nothing was sent to the device.',
    });
  }
}

function items(events: WatchEvent[]): INodeExecutionData[][] | null {
  return events.length === 0 ? null : [events.map((event) => ({ json: event as unknown as IDataObject }))];
}

/** "Fetch Test Event": the watched containers now, one `state` item each. */
async function sampleEvents(client: SecureEdgeClient, options: WatchOptions): Promise<WatchEvent[]> {
  const list = await client.listContainers();
  const watched = options.containers.length > 0 ? list.filter((c) => options.containers.includes(c.name)) : list;
  const at = new Date().toISOString();
  return (await statesOf(client, watched))
    .filter((c) => c.running_state !== 'absent')
    .map((c) => ({ event: 'state' as const, container: c.name, to: c.running_state, at }));
}

export async function pollSecureEdge(fn: IPollFunctions): Promise<INodeExecutionData[][] | null> {
  const options = readOptions(fn);
  const node = fn.getNode();
  // Leased from core's process-wide pool, as the SecureEdge node's clients are: the session
  // outlives the poll, so a poll a minute does not log in a minute.
  const clients = new RunClients(await fn.getCredentials(CREDENTIAL_TYPE), coreLogger(fn.logger, node.name));
  try {
    let client;
    try {
      client = clients.get(DEFAULT_REQUEST_TIMEOUT_MS);
    } catch (err) {
      throw toNodeError(node, err, 0); // a credential core cannot use (URL, password): say so at activation
    }
    if (fn.getMode() === 'manual') {
      try {
        return items(await sampleEvents(client, options));
      } catch (err) {
        throw toNodeError(node, err, 0);
      }
    }
    const staticData = fn.getWorkflowStaticData('node');
    const cursor = (staticData[CURSOR_KEY] ?? {}) as WatchCursor;
    const result = await pollWatch(client, cursor, options);
    if (result.cursor !== cursor) staticData[CURSOR_KEY] = result.cursor as unknown as IDataObject;
    if (result.error && !cursor.outage)
      fn.logger.warn(`SecureEdge Trigger: device unreachable (${result.error.code}): ${result.error.message}`, { node: node.name });
    return items(result.events);
  } finally {
    await clients.release();
  }
}
