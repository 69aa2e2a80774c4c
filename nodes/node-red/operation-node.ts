/**
 * The one input handler every operation node shares. For each message:
 * blue badge -> read the targets -> one core call -> msg.payload = result, send the SAME msg
 * on, green badge; or on failure: red ring with the error code and done(err) with the msg, so
 * Catch nodes get it. A failure fails that message only; the node keeps taking messages.
 */
import { setMaxListeners } from 'node:events';
import { findDevice } from './device-node';
import { SecureEdgeNodeError, toFailure } from './node-error';
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
    // can cancel them and wait until core has stopped at a safe point. One signal for all of them:
    // closing cancels every message at once, and an AbortController per message cost more than
    // the rest of a message's work.
    const closing = new AbortController();
    // Every message in flight listens on it while its request or wait runs: many at once is normal.
    setMaxListeners(0, closing.signal);
    const inFlight = new Set<Promise<unknown>>();

    node.on('input', (msg: NodeMessage, send: SendFn, done: DoneFn) => {
      const work = handle(RED, op, node, def, msg, closing.signal);
      inFlight.add(work);
      const settled = () => inFlight.delete(work);
      work.then(
        (result) => {
          settled();
          msg.payload = result;
          node.status({ fill: 'green', shape: op.notRunning?.(result) ? 'ring' : 'dot', text: short(op.summary(result)) });
          send(msg);
          done();
        },
        (err: unknown) => {
          settled();
          const failure = toFailure(err);
          node.status(op.failureStatus?.(failure) ?? { fill: 'red', shape: 'ring', text: failure.code });
          done(failure);
        },
      );
    });

    node.on('close', (_removed, done) => {
      closing.abort();
      Promise.allSettled([...inFlight]).then(() => {
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
