/** What a route handler gets: the request, read completely, and the device it runs on. */
import type { IncomingHttpHeaders } from 'node:http';
import type { DeviceState } from './device-state';
import type { FaultPlan } from './faults';
import type { LiveOptions } from './options';
import type { SecretReport } from './secret-report';
import type { Sessions } from './sessions';
import type { Timers } from './timers';

export interface SimRequest {
  method: string;
  /** The request target as received, query included. */
  rawPath: string;
  /** rawPath without the query string, still percent-encoded. */
  pathname: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface DeviceContext {
  /** Read on every request, so setOptions() takes effect at once. */
  options: LiveOptions;
  state: DeviceState;
  sessions: Sessions;
  /** Passwords received and cookies issued, for test secret scans. */
  secrets: SecretReport;
  timers: Timers;
  /** Faults that depend on the device's state (a start that fails for one image) are applied by the routes. */
  faults: FaultPlan;
}
