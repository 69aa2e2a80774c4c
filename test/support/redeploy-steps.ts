/**
 * The steps a redeploy that replaces a running container reports, in order: the same list through
 * core, Node-RED and n8n. Written out here, not taken from core, so that a change to core's step
 * list fails these tests instead of moving the expectation with it.
 */
export const REPLACE_STEPS = [
  'status',
  'preflight',
  'read-configuration',
  'preflight',
  'stop',
  'wait-stopped',
  'remove',
  'wait-removed',
  'create',
  'start',
  'wait-running',
];
