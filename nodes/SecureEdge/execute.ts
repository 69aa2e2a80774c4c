/**
 * The node's execute(): clients leased from core's pool for the whole run (the session is shared
 * with every other run and execution using the credential, so no login per run or item), the
 * items run per item with a bounded concurrency, every output item paired with its input item.
 */
import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { CREDENTIAL_TYPE, coreLogger, RunClients } from './client-factory';
import { errorItemJson, toNodeError } from './errors';
import { findOperation } from './operations';
import { readConcurrency, readOptions, timingFor } from './parameters';
import { runItems } from './run-items';

export async function executeSecureEdge(fn: IExecuteFunctions): Promise<INodeExecutionData[]> {
  const items = fn.getInputData();
  const node = fn.getNode();
  const credentials = await fn.getCredentials(CREDENTIAL_TYPE);
  const clients = new RunClients(credentials, coreLogger(fn.logger, node.name));
  const continueOnFail = fn.continueOnFail();
  // See errorItemJson: n8n adds the input's fields to error items itself only on the error output.
  const addInput = node.onError !== 'continueErrorOutput';

  // Resource and operation take no expressions (noDataExpression), so they are the same for every
  // item: read once, at the first item, instead of two parameter lookups per item.
  let chosen: { resource: string; operation: string; run: ReturnType<typeof findOperation> } | undefined;
  const choose = () => {
    if (!chosen) {
      const resource = fn.getNodeParameter('resource', 0) as string;
      const operation = fn.getNodeParameter('operation', 0) as string;
      chosen = { resource, operation, run: findOperation(resource, operation) };
    }
    return chosen;
  };

  try {
    const results = await runItems(items.length, readConcurrency(fn), !continueOnFail, async (itemIndex) => {
      const { resource, operation, run } = choose();
      if (!run) {
        throw new NodeOperationError(node, `The operation "${operation}" is not known for "${resource}"`, { itemIndex });
      }
      const timing = timingFor(operation, readOptions(fn, itemIndex));
      return run({ fn, itemIndex, timing, client: clients.get(timing.requestTimeoutMs) });
    });

    const out: INodeExecutionData[] = [];
    results.forEach((result, itemIndex) => {
      if (!result) return; // not started: an earlier item failed
      const pairedItem = { item: itemIndex };
      if (result.ok) {
        const values = Array.isArray(result.value) ? result.value : [result.value];
        for (const json of values) out.push({ json: json as IDataObject, pairedItem });
        return;
      }
      if (!continueOnFail) throw toNodeError(node, result.error, itemIndex);
      out.push({ json: errorItemJson(result.error, addInput ? items[itemIndex].json : undefined), pairedItem });
    });
    return out;
  } finally {
    // Given back, not closed: the next run (of this or any node) reuses the session.
    await clients.release();
  }
}
