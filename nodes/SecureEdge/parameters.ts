/** Reading the node's parameters for one item: names, options, the create spec. */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { DEFAULTS, specFromForm, type ContainerSpecInput } from '../../core';
import { inputError } from './errors';
import { checkSpecFields } from './spec-fields';

export interface NodeOptions {
  timeout?: number;
  createTimeout?: number;
  removeVolumes?: boolean;
  rollback?: boolean;
  concurrency?: number;
  dryRun?: boolean;
}

const { requestTimeoutMs, waitTimeoutMs, redeployTimeoutMs } = DEFAULTS;

export function readOptions(fn: IExecuteFunctions, itemIndex: number): NodeOptions {
  return fn.getNodeParameter('options', itemIndex, {}) as NodeOptions;
}

/** Items in Parallel applies to the whole run, so it is read once, from the first item. */
export function readConcurrency(fn: IExecuteFunctions): number {
  const n = Number(readOptions(fn, 0).concurrency ?? 1);
  return Number.isFinite(n) ? Math.min(16, Math.max(1, Math.floor(n))) : 1;
}

export interface Timing {
  /** Per request to the device. */
  requestTimeoutMs: number;
  /** Deadline of a wait or a redeploy. */
  operationTimeoutMs?: number;
  createTimeoutMs?: number;
}

/** What the single Timeout option means for this operation (see its description). */
export function timingFor(operation: string, options: NodeOptions): Timing {
  const seconds = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v * 1000 : undefined);
  const timeoutMs = seconds(options.timeout);
  const createTimeoutMs = seconds(options.createTimeout);
  if (operation === 'waitForState' || operation === 'redeploy' || operation === 'ensure') {
    const operationTimeoutMs = timeoutMs ?? (operation === 'redeploy' || operation === 'ensure' ? redeployTimeoutMs : waitTimeoutMs);
    // A short deadline also bounds each request, so the node never waits past it on one answer.
    return { requestTimeoutMs: Math.min(requestTimeoutMs, operationTimeoutMs), operationTimeoutMs, createTimeoutMs };
  }
  return { requestTimeoutMs: timeoutMs ?? requestTimeoutMs, createTimeoutMs };
}

/**
 * A locator's value (list pick, typed name or expression result) as text. A plain text field
 * (Create's Container Name) may hold a hand-written locator object too, as every other name field.
 */
export function readName(fn: IExecuteFunctions, parameter: string, itemIndex: number): string {
  let value: unknown = fn.getNodeParameter(parameter, itemIndex, '', { extractValue: true });
  if (typeof value === 'object' && value !== null && (value as { __rl?: unknown }).__rl === true)
    value = (value as { value?: unknown }).value;
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number') return String(value);
  // Anything else (an expression that gave an object) goes to core as is: it says "must be a text".
  return value as string;
}

/** The rows of a fixedCollection parameter such as ports.port. */
function rows<V>(fn: IExecuteFunctions, parameter: string, key: string, itemIndex: number): V[] {
  const value = fn.getNodeParameter(parameter, itemIndex, {}) as Record<string, V[] | undefined>;
  return value?.[key] ?? [];
}

/** The create spec, from the dialog-like fields or from JSON; core validates either before sending. */
export function readSpec(fn: IExecuteFunctions, itemIndex: number): ContainerSpecInput {
  const mode = fn.getNodeParameter('specMode', itemIndex, 'fields') as string;
  if (mode === 'json') return parseSpecJson(fn, fn.getNodeParameter('specJson', itemIndex), itemIndex);
  const spec = specFromForm({
    // readName for both (create's is a plain text field): String() would turn an expression's null into a container named "null".
    name: readName(fn, 'containerName', itemIndex),
    image: readName(fn, 'imageName', itemIndex),
    tag: readName(fn, 'imageTag', itemIndex),
    // An Add Port row starts empty (null): left empty it is "required", not "not a number".
    ports: rows<IDataObject>(fn, 'ports', 'port', itemIndex).map((p) => ({
      containerPort: p.containerPort ?? undefined,
      routerPort: p.routerPort ?? undefined,
      protocol: p.protocol,
    })),
    volumes: rows<IDataObject>(fn, 'volumes', 'volume', itemIndex).map((v) => ({ volume: v.volumeName, containerPath: v.containerPath })),
    env: rows<IDataObject>(fn, 'environmentVariables', 'variable', itemIndex).map((e) => ({ key: e.key, value: e.value })),
    networks: String(fn.getNodeParameter('networks', itemIndex, '') ?? ''),
  });
  // Messages name the fields as the panel shows them ("Ports, row 2: Router Port ..."), not spec paths.
  const operation = fn.getNodeParameter('operation', itemIndex) as string;
  checkSpecFields(spec, operation === 'create' ? 'Container Name' : 'Container');
  return spec;
}

function parseSpecJson(fn: IExecuteFunctions, raw: unknown, itemIndex: number): ContainerSpecInput {
  if (typeof raw !== 'string') return raw as ContainerSpecInput;
  try {
    return JSON.parse(raw) as ContainerSpecInput;
  } catch (error) {
    // Only the position: newer Node versions quote the text around it, and env values may be secrets.
    const at = /position (\d+)/.exec((error as Error).message)?.[1];
    throw inputError(fn.getNode(), itemIndex, `Container Spec (JSON) is not valid JSON${at ? ` (at character ${at})` : ''}`, {
      field: 'Container Spec (JSON)',
      description:
        'Nothing was sent to the device. Give the create body as a JSON object, e.g. {"container": {"name": "nginx"}, "image": {"name": "nginx", "tag": "latest"}}.',
    });
  }
}
