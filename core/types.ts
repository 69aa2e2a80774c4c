/** Results of client operations: what msg.payload (Node-RED) and item.json (n8n) carry. */
import type { ContainerConfiguration, ImageSummary, ContainerSummary, ContainerSpec } from './schemas';

export type { ContainerConfiguration, ImageSummary, ContainerSummary, ContainerSpec };

export interface ImageDetails {
  name: string;
  tag: string;
  size: number;
  platforms: string[];
  error: string | null;
  [extra: string]: unknown;
}

export interface ContainerStatus {
  name: string;
  /** Docker's state as the device reports it: created, running, paused, restarting, removing, exited, dead. */
  running_state: string;
}

export interface ContainerActionResult {
  name: string;
  action: 'start' | 'stop' | 'remove';
  /** True when the device's answer was lost or failed and the result was confirmed by reading the state. */
  confirmedByState?: boolean;
  running_state?: string;
}

export interface CreateResult {
  name: string;
  image: string;
  created: true;
  /**
   * How the device answered the create request: its 2xx HTTP status, 504 when it said "still
   * creating" (then the container appeared later), or 'lost' when its answer never came.
   */
  createAnswer: number | 'lost';
  /** How long we waited for the container to appear after a 504 or lost answer (0 after a 2xx). */
  waitedForCreateMs: number;
}

export interface VolumeRemoveResult {
  name: string;
  action: 'remove-volume';
}

export interface WaitResult {
  name: string;
  running_state: string;
  /** How long the wait took until the container was in that state. */
  waitedForStateMs: number;
}

export type RedeployStepName =
  | 'status'
  /** The new image is in the registry without error; with rollback, the old container can be created again. */
  | 'preflight'
  | 'read-configuration'
  | 'stop'
  | 'wait-stopped'
  | 'remove'
  | 'wait-removed'
  | 'remove-volume'
  | 'create'
  | 'start'
  | 'wait-running'
  // Putting the old container back after a failure (see core/rollback.ts).
  | 'rollback-remove-new'
  | 'rollback-create'
  | 'rollback-start'
  | 'rollback-wait-running';

export interface RedeployStep {
  step: RedeployStepName;
  /** What the step found or did, in words: "running", "skipped: not running", "504, created after 2.4 s". */
  outcome: string;
  durationMs: number;
  target?: string;
}

export interface RedeployReport {
  name: string;
  image: string;
  /** Whether a container of that name existed before. */
  replaced: boolean;
  running_state: string;
  steps: RedeployStep[];
  durationMs: number;
}
