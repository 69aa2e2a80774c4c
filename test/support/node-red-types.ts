/** The Node-RED type names the issue fixes (flows and examples refer to them): restated once for all suites. */
export const DEVICE_TYPE = 'secureedge-device';

export const OPERATION_TYPES = [
  'secureedge-list-images',
  'secureedge-image-details',
  'secureedge-list-containers',
  'secureedge-create-container',
  'secureedge-container-status',
  'secureedge-container-configuration',
  'secureedge-start-container',
  'secureedge-stop-container',
  'secureedge-remove-container',
  'secureedge-remove-volume',
  'secureedge-redeploy',
  'secureedge-wait-for-state',
  'secureedge-ensure',
];

/** Nodes without an input that start flows themselves. */
export const SOURCE_TYPES = ['secureedge-watch'];

export const ALL_TYPES = [DEVICE_TYPE, ...OPERATION_TYPES, ...SOURCE_TYPES];
