/**
 * The simulator's public types. Deliberately independent of core/: the simulator is a
 * second, separate reading of the vendor's docs, so a misreading in one is caught by the other.
 */

/** One image in the device's registry (what `docker push <device>:5000/...` left there). */
export interface SeedImage {
  name: string;
  tag: string;
  /** Bytes, as the details endpoint reports it. */
  size: number;
  platforms: string[];
  /** The image's own environment (ENV lines of its Dockerfile), merged into every container's configuration. */
  environment: { key: string; value: string }[];
  /**
   * Time to copy the image from the device's registry into Docker's cache on its FIRST use.
   * Later creates of the same image are instant. Longer than the gateway timeout -> 504 on that first create.
   */
  createMs?: number;
  /** What the details endpoint reports under `error`; a non-null error also makes create fail with 500. */
  error?: string | null;
}

/** Docker's container states, as `running_state` reports them. */
export type ContainerState = 'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead';

export interface SimulatorOptions {
  /** Default 0: an ephemeral port chosen by the OS. */
  port?: number;
  /** Default '127.0.0.1'. The simulator has a well-known password, so it never binds anything wider by default. */
  host?: string;
  /** Default 'secureedge'. The username is always `admin`, as on the device. */
  password?: string;
  /** Undocumented on the device: how a successful login is answered. Default 200; 302 -> Location: / */
  loginSuccessStatus?: 200 | 204 | 302;
  /** Undocumented: how a wrong password is answered. 'redirect' = 302 to /login?error=1; 200 = the login page again. Never a cookie. */
  wrongPasswordAnswer?: 401 | 403 | 'redirect' | 200;
  /** Undocumented: how a missing, expired or unknown session is answered. 'redirect' = 302 Location: /login. Default 401. */
  sessionRejection?: 401 | 403 | 'redirect';
  /** Default 24 h (the vendor's example cookie expires about a day after login). */
  sessionLifetimeMs?: number;
  /** Answer of start/stop/delete container and delete volume. Default 200 with body `{}`. */
  actionSuccessStatus?: 200 | 204;
  /** Answer to duplicate names, removing a running container or a used volume, router port already used. Default 409. */
  conflictStatus?: 409 | 400 | 500;
  /** Undocumented: error bodies. 'json' = {"error":"..."}, 'text' = plain text, 'html' = an HTML page. Default 'json'. */
  errorBodyStyle?: 'json' | 'text' | 'html';
  /** How long the device's reverse proxy waits for a create before it answers 504. Default 1000. */
  gatewayTimeoutMs?: number;
  /** After POST start has answered, the status keeps the old state this long, then 'running'. Default 0. */
  startDelayMs?: number;
  /** Likewise for stop -> 'exited'. Default 0. */
  stopDelayMs?: number;
  /** Replaces the seeded images. */
  images?: SeedImage[];
  /** When true, list answers (and status, details) carry extra unknown fields, so clients prove they parse leniently. */
  extraListFields?: boolean;
  /**
   * When true, error bodies and HTML pages repeat what the device received: the request's Cookie
   * header and body, and the last login body (with the password). Default false. Tests turn it on
   * to prove that clients redact secrets from everything the device says.
   */
  echoReceived?: boolean;
  /** Seed for the random faults, so runs are repeatable. */
  seed?: number;
  /** Called once per request when it is finished (answered, or dropped with status 0). Never sees bodies or cookies. */
  onRequest?: (request: RecordedRequest) => void;
  /** Keep at most this many recorded requests (oldest dropped first). Default: unlimited; the CLI sets a limit. */
  recordLimit?: number;
}

export interface RecordedRequest {
  method: string;
  /** The request target exactly as received (still percent-encoded, with any query string). */
  path: string;
  /** The status answered, or 0 when the connection was dropped without an answer. */
  status: number;
  /** Arrival time, ms since the epoch. */
  at: number;
  /** The request carried an `id` cookie naming a valid, unexpired session when it arrived. */
  hadSession: boolean;
  /** The request carried an `id` cookie at all (valid or not). */
  hadCookie: boolean;
  /** The client's TCP port: which connection it came on (a test can map that to the process that opened it). */
  clientPort: number;
}

export interface Faults {
  /** Every answer is delayed this long (the operation happens after the delay). */
  latencyMs: number;
  /** 0..1 share of requests (login excepted) answered with a random status from errorStatuses; operation NOT performed. */
  errorRate: number;
  /** Default [500, 502, 503]. */
  errorStatuses: number[];
  /** 0..1 share of requests (login excepted) whose socket is destroyed without an answer; operation NOT performed. */
  dropRate: number;
  /**
   * How starting a container of an image goes wrong, by "name:tag" (a bad release):
   * 'fail' = start answers 500 and the container stays as it was; 'exit' = start is answered but the
   * container goes to 'exited' instead of 'running' (its program quits); 'hang' = start is answered
   * but the container stays 'restarting' (a crash loop), so waits for 'running' time out.
   */
  startFaults: Record<string, StartFault>;
}

export type StartFault = 'fail' | 'exit' | 'hang';

export type OneShotFault =
  /** Answer this instead; operation NOT performed. */
  /** `contentType: ''` sends no Content-Type header at all (a bare proxy's answer). */
  | { kind: 'status'; status: number; body?: string; contentType?: string }
  /** Destroy the socket; operation NOT performed. */
  | { kind: 'drop-before' }
  /** PERFORM the operation, then destroy the socket without answering (the lost answer). */
  | { kind: 'drop-after' }
  /** Perform, answer 200 with the real body cut in half. */
  | { kind: 'truncated-json' }
  /** Perform, answer 200 text/html with a gateway error page. */
  | { kind: 'html' }
  /** Perform, answer 200 with an empty body and content-type application/json. */
  | { kind: 'empty' }
  /**
   * Perform, then send the real answer one byte every `intervalMs` (default 1000): a slow link, a
   * stalled proxy, or someone in the middle holding the client. The headers come at once.
   */
  | { kind: 'trickle'; intervalMs?: number }
  /** Never answer: send "102 Processing" every `intervalMs` (default 100) until the client goes away. Operation NOT performed. */
  | { kind: 'endless-1xx'; intervalMs?: number }
  /**
   * Answer `status` (default 500) with `bytes` (default 8 MiB) of `pattern` repeated (default
   * '<a', an unclosed tag that makes careless HTML-stripping regexes quadratic). Operation NOT performed.
   */
  | { kind: 'adversarial-body'; status?: number; pattern?: string; bytes?: number; contentType?: string };

export interface OneShotMatch {
  method?: string;
  /** The exact raw path (as received, query included), or a prefix ending in '*'. */
  path?: string;
}

/** A container as the test sees it through the control API. */
export interface ContainerSnapshot {
  name: string;
  image: string;
  tag: string;
  state: ContainerState;
  ports: { source: number; destination: number; protocol: string }[];
  volumes: { name: string; destination: string }[];
  /** The named networks given at creation (not 'bridge'). */
  networks: string[];
  /** The environment variables given at creation (not merged with the image's). */
  env: { key: string; value: string }[];
}

export interface SimulatorControl {
  /** Every request received, in arrival order. A live array; clearRequests() empties it. */
  readonly requests: RecordedRequest[];
  requestCount(filter?: { method?: string; pathPrefix?: string }): number;
  /** POST /auth/login received, whatever the outcome (counted over the recorded requests). */
  loginCount(): number;
  /** Connections open right now (keep-alive ones included): shows whether a client closed its idle sockets. */
  openConnections(): number;
  clearRequests(): void;
  containers(): ContainerSnapshot[];
  /** Names of containers whose creation goes on in the background (after a 504) and that are not listed yet. */
  pendingContainers(): string[];
  /** Named networks that exist now ('bridge' excluded). */
  networks(): string[];
  /** Named volumes that exist now. */
  volumes(): string[];
  images(): SeedImage[];
  expireAllSessions(): void;
  /** Every session cookie value this device handed out (expired ones too), so tests can check none leaked into logs or errors. */
  issuedSessionCookies(): string[];
  /** Every password a login attempt carried (right or wrong), so tests can check none leaked. */
  receivedPasswords(): string[];
  setContainerState(name: string, state: ContainerState): void;
  /** Adds an image, or replaces the one with the same name and tag (which then counts as not yet cached). */
  addImage(img: SeedImage): void;
  /** Deletes an image from the registry (the API has no such call; the device's registry tools do). Returns whether it was there. */
  removeImage(name: string, tag: string): boolean;
  setFaults(f: Partial<Faults>): void;
  clearFaults(): void;
  injectOnce(match: OneShotMatch, action: OneShotFault): void;
  /** Device restart: every open connection destroyed, new ones refused for downMs, all sessions dropped, state kept. */
  restart(opts?: { downMs?: number }): Promise<void>;
  /** Switch behaviours at run time. port, host, images and seed are only read at start and are ignored here. */
  setOptions(o: Partial<SimulatorOptions>): void;
}

export interface RunningSimulator {
  url: string;
  port: number;
  password: string;
  /** Destroys open sockets too; resolves when closed; idempotent. */
  close(): Promise<void>;
  control: SimulatorControl;
}

export interface Fleet {
  devices: RunningSimulator[];
  close(): Promise<void>;
}
