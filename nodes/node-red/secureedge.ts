/**
 * Node-RED entry (package.json "node-red".nodes.secureedge): registers the device config node,
 * the operation nodes (ensure among them), the watch node and the editor's admin endpoints. The editor side is
 * secureedge.html, assembled at build time from ./editor/ (scripts/build-node-red-editor.mjs).
 */
import { registerAdminRoutes } from './admin-routes';
import { registerDeviceNode } from './device-node';
import { ENSURE_OPERATION } from './ensure-node';
import { registerOperationNode } from './operation-node';
import { OPERATIONS } from './operations';
import type { RedApi } from './red-types';
import { registerWatchNode } from './watch-node';

export = function secureEdgeNodes(RED: RedApi): void {
  registerDeviceNode(RED);
  for (const op of OPERATIONS) registerOperationNode(RED, op);
  registerOperationNode(RED, ENSURE_OPERATION);
  registerWatchNode(RED);
  registerAdminRoutes(RED);
};
