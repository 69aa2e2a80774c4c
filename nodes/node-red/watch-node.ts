/**
 * `secureedge-watch`: no input, one output; a msg per change on the device. The polling, the
 * diff and the outage rule are core's (DeviceWatch); this adapter reads the settings, turns
 * events into msgs and shows what is watched and how the last poll went in the status badge.
 *
 * Events go out as { topic: container or image name (the device URL for unreachable/reachable),
 * payload: { event, container?, image?, from?, to?, at, ... } }.
 */
import {
  DEFAULT_WATCH_EVENTS,
  DeviceWatch,
  parseWatchOptions,
  WATCH_DEFAULT_INTERVAL_S,
  WATCH_EVENT_DESCRIPTIONS,
  WATCH_EVENTS,
  WATCH_MIN_INTERVAL_S,
  watchIntervalMs,
  type WatchDeps,
  type WatchEvent,
  type WatchPollResult,
} from '../../core';
import { findDevice, type DeviceNode } from './device-node';
import { SecureEdgeNodeError, toNodeError } from './node-error';
import type { NodeDef, RedApi, RedNode } from './red-types';

export const WATCH_TYPE = 'secureedge-watch';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Every call goes through the device's shared client, fetched per call so a replaced client is picked up. */
function depsOf(device: DeviceNode): WatchDeps {
  return {
    listContainers: () => device.getClient().listContainers(),
    stateOrAbsent: (name) => device.getClient().stateOrAbsent(name),
    listImages: () => device.getClient().listImages(),
    getContainerConfiguration: (name) => device.getClient().getContainerConfiguration(name),
  };
}

function toMsg(event: WatchEvent, deviceUrl: string) {
  return { topic: event.container ?? event.image ?? deviceUrl, payload: event };
}

export function registerWatchNode(RED: RedApi): void {
  function SecureEdgeWatchNode(this: RedNode, def: NodeDef) {
    RED.nodes.createNode(this, def);
    const node = this;
    let watch: DeviceWatch | undefined;
    try {
      const device = findDevice(RED, def.device);
      if (!device) {
        throw new SecureEdgeNodeError(
          'INVALID_INPUT',
          'No SecureEdge device is configured for this node: open the node, pick or add a device, and deploy.',
        );
      }
      const options = parseWatchOptions({
        events: def.events,
        containers: def.containers,
        emitInitial: def.emitInitial === true || def.emitInitial === 'true',
      });
      const intervalMs = watchIntervalMs(def.interval);
      device.getClient(); // a device setting that cannot make a client fails here, once, not at every poll
      const what = options.containers.length > 0 ? options.containers.join(', ') : 'all containers';
      let outage = false;
      watch = new DeviceWatch(
        depsOf(device),
        { ...options, intervalMs },
        {
          onEvent: (event) => node.send(toMsg(event, device.settings.url)),
          onPoll: (result: WatchPollResult) => {
            if (result.error) {
              if (!outage) node.warn(`Device ${device.settings.url} unreachable (${result.error.code}): ${result.error.message}`);
              outage = true;
              node.status({ fill: 'red', shape: 'ring', text: 'unreachable' });
              return;
            }
            if (outage) node.log(`Device ${device.settings.url} reachable again`);
            outage = false;
            node.status({
              fill: 'green',
              shape: 'dot',
              text:
                options.containers.length > 0
                  ? `${result.watched} of ${plural(options.containers.length, 'container')}`
                  : plural(result.watched, 'container'),
            });
          },
        },
      );
      node.status({ fill: 'blue', shape: 'dot', text: `watching ${what}` });
      watch.start();
    } catch (err) {
      const error = toNodeError(err);
      node.status({ fill: 'red', shape: 'ring', text: error.code });
      node.error(error);
    }

    node.on('close', (_removed, done) => {
      node.status({});
      if (!watch) return done();
      watch.stop().then(done, done);
    });
  }

  RED.nodes.registerType(WATCH_TYPE, SecureEdgeWatchNode, {
    // The editor reads core's event names and defaults from here (RED.settings), so they are stated once.
    settings: {
      secureedgeWatchEvents: {
        value: WATCH_EVENTS.map((name) => ({
          name,
          description: WATCH_EVENT_DESCRIPTIONS[name],
          default: DEFAULT_WATCH_EVENTS.includes(name),
        })),
        exportable: true,
      },
      secureedgeWatchInterval: { value: { default: WATCH_DEFAULT_INTERVAL_S, min: WATCH_MIN_INTERVAL_S }, exportable: true },
    },
  });
}
