// @ts-check
'use strict';
/** @typedef {{ id: string, type: string, z?: string, [key: string]: unknown }} FlowNode */
/** @typedef {{ url: string, username?: string, password: string }} DeviceTarget */
/** @typedef {{ file: string, nodes: FlowNode[] }} FlowFile */
/**
 * The importable example flows (examples/node-red/*.json), merged into one deployable flow set
 * and pointed at a device: every `secureedge-device` config node gets the given URL and, as
 * Node-RED credentials, the username and password. The example files themselves keep the real
 * device's default URL and no password.
 */
const { readdirSync, readFileSync } = require('node:fs');
const { join, basename } = require('node:path');

/** The id every example flow uses for its device config node. */
const DEMO_DEVICE_ID = /** @type {const} */ ('secureedge-demo-device');

/**
 * @param {string} file
 * @returns {FlowNode[]}
 */
function readFlowFile(file) {
  const nodes = JSON.parse(readFileSync(file, 'utf8'));
  if (!Array.isArray(nodes)) throw new Error(`${file}: an exported flow is a JSON array of nodes`);
  return nodes;
}

/**
 * The example files, sorted by name: [{ file, nodes }].
 * @param {string} dir
 * @returns {FlowFile[]}
 */
function listExampleFlows(dir) {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ file: join(dir, f), nodes: readFlowFile(join(dir, f)) }));
}

/**
 * One flow set from several exports. Every file may carry the same config node (an export
 * includes the config nodes its nodes use): identical copies are kept once, a different node
 * under an id already taken is an error. Nodes exported without their tab get a tab named after
 * their file, so the editor shows them.
 * @param {FlowFile[]} files
 * @returns {FlowNode[]}
 */
function mergeFlows(files) {
  /** @type {Map<string, FlowNode>} */
  const byId = new Map();
  for (const { file, nodes } of files) {
    for (const node of nodes) {
      const seen = byId.get(node.id);
      if (seen && JSON.stringify(seen) !== JSON.stringify(node))
        throw new Error(`${basename(file)}: node id ${node.id} is also used by another example`);
      if (!seen) byId.set(node.id, node);
    }
    const containers = new Set(nodes.filter((n) => n.type === 'tab' || n.type === 'subflow').map((n) => n.id));
    for (const node of nodes) {
      if (node.z && !containers.has(node.z) && !byId.has(node.z)) {
        byId.set(node.z, { id: node.z, type: 'tab', label: basename(file, '.json'), disabled: false, info: '' });
      }
    }
  }
  return [...byId.values()];
}

/**
 * A copy of `flows` with every device config node pointed at `device` ({url, username, password}).
 * @param {FlowNode[]} flows
 * @param {DeviceTarget} device
 * @returns {FlowNode[]}
 */
function pointAtDevice(flows, { url, username = 'admin', password }) {
  return flows.map((node) => (node.type === 'secureedge-device' ? { ...node, url, credentials: { username, password } } : node));
}

/**
 * All examples of `dir`, merged and pointed at the device: ready for POST /flows.
 * @param {string} dir
 * @param {DeviceTarget} device
 * @returns {FlowNode[]}
 */
function exampleFlowsFor(dir, device) {
  return pointAtDevice(mergeFlows(listExampleFlows(dir)), device);
}

module.exports = { DEMO_DEVICE_ID, listExampleFlows, mergeFlows, pointAtDevice, exampleFlowsFor };
