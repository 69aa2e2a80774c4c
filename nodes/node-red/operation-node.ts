/**
 * The one input handler every operation node shares. For each message:
 * blue badge -> read the targets -> one core call -> msg.payload = result, send the SAME msg
 * on, green badge; or on failure: red ring with the error code and done(err) with the msg, so
 * Catch nodes get it. A failure fails that message only; the node keeps taking messages.
 */
import { findDevice } from './device-node';
import { SecureEdgeNodeError, toNodeError } from './node-error';
import type { Operation } from './operations';
import type { DoneFn, NodeDef, NodeMessage, RedApi, RedNode, SendFn } from './red-types';
import type { TargetName } from './targets';
import { readTarget } from './targets';

/** Badge texts are short; a long container name must not push the state out of view. */
const BADGE_MAX = 32;
const short = (text: string) => (text.length > BADGE_MAX ? `${text.slice(0, BADGE_MAX - 1)}…` : text);

export function registerOperationNode(RED: RedApi, op: Operation): void {
  function SecureEdgeOperationNode(this: RedNode, def: NodeDef) {
    RED.nodes.createNode(this, def);
    const node = this;
    // Messages in flight, so that closing the node (a redeploy of the flows, Node-RED stopping)
    // can cancel them and wait until core has stopped at a safe point.
    const inFlight = new Map<AbortController, Promise<unknown>>();

    node.on('input', (msg: NodeMessage, send: SendFn, done: DoneFn) => {
      const controller = new AbortController();
      const work = handle(RED, op, node, def, msg, controller.signal);
      inFlight.set(controller, work);
      const settled = () => inFlight.delete(controller);
      work.then(settled, settled);
      work.then(
        (result) => {
          msg.payload = result;
          node.status({ fill: 'green', shape: op.notRunning?.(result) ? 'ring' : 'dot', text: short(op.summary(result)) });
          send(msg);
          done();
        },
        (err: unknown) => {
          const error = toNodeError(err);
          node.status(op.failureStatus?.(error) ?? { fill: 'red', shape: 'ring', text: error.code });
          done(error);
        },
      );
    });

    node.on('close', (_removed, done) => {
      for (const controller of inFlight.keys()) controller.abort();
      Promise.allSettled([...inFlight.values()]).then(() => {
        node.status({});
        done();
      });
    });
  }

  RED.nodes.registerType(op.type, SecureEdgeOperationNode);
}

async function handle(RED: RedApi, op: Operation, node: RedNode, def: NodeDef, msg: NodeMessage, signal: AbortSignal): Promise<unknown> {
  const device = findDevice(RED, def.device);
  if (!device) {
    throw new SecureEdgeNodeError(
      'INVALID_INPUT',
      'No SecureEdge device is configured for this node: open the node, pick or add a device, and deploy. Nothing was sent to the device.',
    );
  }
  const target: Partial<Record<TargetName, string>> = {};
  for (const name of op.targets) target[name] = await readTarget(RED, node, def, msg, name);
  const client = device.getClient();
  node.status({ fill: 'blue', shape: 'dot', text: short(target.container ? `${op.working} ${target.container}` : op.working) });
  // The device's client stays open until this call has ended, even if the device node closes first.
  return device.track(op.run({ RED, node, def, msg, client, target, signal }));
}
