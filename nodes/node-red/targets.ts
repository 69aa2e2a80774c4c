/**
 * The nodes' targets (container, image, tag, volume) are typedInputs: the value is in
 * `<prop>` and its type in `<prop>Type` (str, msg, flow, global, env, jsonata).
 * Precedence, as the help text says: what the node is set to wins; left to msg (or a text
 * left empty) the node reads msg.<prop>.
 */
import { invalidInput } from './node-error';
import type { NodeDef, NodeMessage, RedApi, RedNode } from './red-types';

export type TargetName = 'container' | 'image' | 'tag' | 'volume';

/** How each target is named in messages a person reads. */
export const TARGET_LABELS: Record<TargetName, string> = {
  container: 'container name',
  image: 'image name',
  tag: 'image tag',
  volume: 'volume name',
};

/** Where the value was read from, in the words of the editor ("msg.container", "flow.app", ...). */
function describeSource(type: string, value: string): string {
  switch (type) {
    case 'msg':
    case 'flow':
    case 'global':
      return `${type}.${value}`;
    case 'env':
      return `environment variable ${value}`;
    case 'jsonata':
      return 'the JSONata expression';
    default:
      return 'the node setting';
  }
}

/** Node-RED's own evaluator (context stores and JSONata need its callback form). */
export function evaluateProperty(RED: RedApi, node: RedNode, msg: NodeMessage, value: unknown, type: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    try {
      RED.util.evaluateNodeProperty(value, type, node, msg, (err, result) => (err ? reject(err) : resolve(result)));
    } catch (err) {
      reject(err);
    }
  });
}

/** Read one target for this message. The result is a text (numbers such as tag 2 become "2"); core validates it. */
export async function readTarget(RED: RedApi, node: RedNode, def: NodeDef, msg: NodeMessage, target: TargetName): Promise<string> {
  let value = typeof def[target] === 'string' ? (def[target] as string) : '';
  let type = typeof def[`${target}Type`] === 'string' ? (def[`${target}Type`] as string) : 'msg';
  // An empty text or an empty msg property is "not set here": read msg.<target>.
  if ((type === 'str' || type === 'msg') && value.trim() === '') {
    type = 'msg';
    value = target;
  }
  const source = describeSource(type, value);
  const label = TARGET_LABELS[target];
  let result: unknown;
  try {
    result = await evaluateProperty(RED, node, msg, value, type);
  } catch (err) {
    // JSONata reports errors as plain objects with a message, not as Error instances.
    const why = typeof (err as { message?: unknown })?.message === 'string' ? (err as { message: string }).message : String(err);
    throw invalidInput(target, `could not read the ${label} from ${source}: ${why}.`);
  }
  if (result === undefined || result === null || result === '') {
    const hint =
      type === 'msg' && value === target
        ? `Set it in the node, or pass msg.${target}.`
        : `Set ${source}, or change the node's ${label} setting.`;
    throw invalidInput(target, `no ${label}: ${source} is empty. ${hint}`);
  }
  if (typeof result === 'number' && Number.isFinite(result)) return String(result);
  if (typeof result !== 'string') {
    throw invalidInput(target, `the ${label} from ${source} must be a text (got ${Array.isArray(result) ? 'a list' : typeof result}).`);
  }
  return result;
}

/**
 * A number of seconds from the node's settings, as milliseconds. Left empty: the fallback
 * (undefined lets core pick its own default).
 */
export function secondsSetting(def: NodeDef, property: string, label: string, fallbackMs?: number): number | undefined {
  const raw = def[property];
  if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) return fallbackMs;
  const seconds = typeof raw === 'number' ? raw : Number(String(raw).trim());
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw invalidInput(property, `${label} must be a positive number of seconds (got ${JSON.stringify(String(raw)).slice(0, 40)}).`);
  }
  return Math.round(seconds * 1000);
}
