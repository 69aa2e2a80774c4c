/**
 * The transport is the only place that does I/O. It is a small interface so tests and engines
 * can hand in their own; the default one is undici with a keep-alive agent.
 */
import { CANCELLED, CLOSED, DeadlineWatch, TIMED_OUT, type RequestCut } from './request-cuts';

export type HttpMethod = 'GET' | 'POST' | 'DELETE';

export interface TransportRequest {
  method: HttpMethod;
  /** Path and query, starting with '/'; the transport owns the origin. */
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** Total deadline: connecting, headers (however many 1xx answers), and the whole body. */
  timeoutMs: number;
  /** The caller's cancellation: aborting ends the request at once with a `cancelled` TransportError. */
  signal?: AbortSignal;
}

export interface TransportResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * How a request failed before an answer arrived. `connect` means nothing reached the device
 * (safe to say "not done"); `lost` means the request may have been processed (check the state).
 * `timedOut` is the deadline passing; `cancelled` is the caller aborting (never both).
 */
export class TransportError extends Error {
  constructor(
    message: string,
    readonly phase: 'connect' | 'lost',
    readonly timedOut: boolean,
    readonly lowLevelCode?: string,
    readonly cancelled = false,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

export interface Transport {
  readonly origin: string;
  request(req: TransportRequest): Promise<TransportResponse>;
  /**
   * Release the connections: requests still running get `graceMs` (default CLOSE_GRACE_MS) to
   * finish, then are cut. The undici transport opens new connections if used again afterwards.
   */
  close(graceMs?: number): Promise<void>;
}

/** How long close() lets running requests finish before it cuts them. */
export const CLOSE_GRACE_MS = 2000;

export interface TlsOptions {
  /** Accept a self-signed or otherwise unverifiable certificate. Off by default: say it plainly when on. */
  acceptSelfSigned?: boolean;
  /** A CA (PEM) to trust in addition to the system's, e.g. the device's own certificate. */
  ca?: string | Buffer;
}

export interface UndiciTransportOptions {
  origin: string;
  tls?: TlsOptions;
  connectTimeoutMs: number;
  /** Upper bound on a response body; a device never sends more, a broken proxy might. */
  maxBodyBytes?: number;
}

const CONNECT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'UND_ERR_CONNECT_TIMEOUT',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);
const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);

function lowLevelCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let i = 0; i < 4 && e; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR_SOCKET' && code !== 'ECONNRESET') return code;
    if (typeof code === 'string' && !(e as { cause?: unknown }).cause) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

export function createUndiciTransport(options: UndiciTransportOptions): Transport {
  // Loaded here, not at module top, so that loading core/ stays cheap for engines that
  // only list nodes (Node-RED's palette, n8n's node loader).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const undici = require('undici') as typeof import('undici');
  const maxBodyBytes = options.maxBodyBytes ?? 8 * 1024 * 1024;
  const origin = options.origin;
  // Opened on first use and again after close(): a pooled client sleeps without sockets when idle.
  let agent: import('undici').Agent | undefined;
  const openAgent = () =>
    (agent ??= new undici.Agent({
      keepAliveTimeout: 10_000,
      keepAliveMaxTimeout: 60_000,
      connections: 16,
      connect: {
        timeout: options.connectTimeoutMs,
        rejectUnauthorized: options.tls?.acceptSelfSigned !== true,
        ...(options.tls?.ca ? { ca: options.tls.ca } : {}),
      },
    }));

  // One timer for the transport, set to the earliest deadline of its running requests, and an
  // EventEmitter abort handle per request (request-cuts.ts): undici's headersTimeout restarts with
  // every 1xx answer and its bodyTimeout measures idle time only, so neither bounds a trickled
  // answer. close() cuts what still runs after its grace: destroying the agent alone does not end
  // a request that is receiving 1xx answers.
  const deadlines = new DeadlineWatch();

  return {
    origin,
    async request(req) {
      const external = req.signal;
      // Already cancelled: nothing is sent.
      if (external?.aborted) throw new TransportError('the call was cancelled', 'connect', false, 'CANCELLED', true);
      const cut = deadlines.start(req.timeoutMs);
      const onCancel = external ? () => cut.abort(CANCELLED) : undefined;
      if (onCancel) external!.addEventListener('abort', onCancel, { once: true });
      try {
        return await send(openAgent(), req, cut);
      } catch (err) {
        const phase = err instanceof TransportError ? err.phase : 'lost';
        if (cut.reason === TIMED_OUT) throw new TransportError(`no complete answer within ${req.timeoutMs} ms`, phase, true, 'TIMEOUT');
        if (cut.reason === CANCELLED) throw new TransportError('the call was cancelled', phase, false, 'CANCELLED', true);
        if (cut.reason === CLOSED) throw new TransportError('the client was closed while waiting for the answer', phase, false, 'CLOSED');
        throw err;
      } finally {
        deadlines.end(cut);
        if (onCancel) external!.removeEventListener('abort', onCancel);
      }
    },
    async close(graceMs = CLOSE_GRACE_MS) {
      const closing = agent;
      agent = undefined;
      if (!closing) return;
      const cut = deadlines.running();
      let timer: NodeJS.Timeout | undefined;
      const graceOver = new Promise<'grace-over'>((resolve) => {
        timer = setTimeout(() => resolve('grace-over'), Math.max(0, graceMs));
        timer.unref?.();
      });
      const outcome = await Promise.race([
        closing.close().then(
          () => 'closed' as const,
          () => 'grace-over' as const,
        ),
        graceOver,
      ]);
      clearTimeout(timer);
      // Requests still running after the grace are cut: close() must never wait on a device.
      if (outcome !== 'closed') {
        for (const r of cut) r.abort(CLOSED);
        await closing.destroy().catch(() => undefined);
      }
    },
  };

  async function send(dispatcher: import('undici').Agent, req: TransportRequest, signal: RequestCut): Promise<TransportResponse> {
    let res: Awaited<ReturnType<typeof dispatcher.request>>;
    try {
      res = await dispatcher.request({
        signal,
        origin,
        path: req.path,
        method: req.method,
        headers: req.headers,
        body: req.body,
        headersTimeout: req.timeoutMs,
        bodyTimeout: req.timeoutMs,
      });
    } catch (err) {
      const code = lowLevelCode(err);
      const phase = code && CONNECT_CODES.has(code) ? 'connect' : 'lost';
      throw new TransportError(describe(code, err), phase, code ? TIMEOUT_CODES.has(code) : false, code);
    }
    const declared = Number(res.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBodyBytes) {
      // Thrown away unread: undici then emits an abort 'error' on the body, and with no listener
      // that would be an uncaught exception ending the engine's process.
      res.body.on('error', ignoreAbort);
      res.body.destroy();
      throw new TransportError(`answer larger than ${maxBodyBytes} bytes`, 'lost', false, 'BODY_TOO_LARGE');
    }
    if (Number.isFinite(declared)) {
      // The common case (the device sends Content-Length): one read, no per-chunk bookkeeping.
      try {
        return {
          status: res.statusCode,
          headers: res.headers as Record<string, string | string[] | undefined>,
          body: await res.body.text(),
        };
      } catch (err) {
        const code = lowLevelCode(err);
        throw new TransportError(describe(code, err), 'lost', code ? TIMEOUT_CODES.has(code) : false, code);
      }
    }
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of res.body) {
        size += (chunk as Buffer).length;
        if (size > maxBodyBytes) {
          res.body.destroy();
          throw new TransportError(`answer larger than ${maxBodyBytes} bytes`, 'lost', false, 'BODY_TOO_LARGE');
        }
        chunks.push(chunk as Buffer);
      }
    } catch (err) {
      if (err instanceof TransportError) throw err;
      const code = lowLevelCode(err);
      throw new TransportError(describe(code, err), 'lost', code ? TIMEOUT_CODES.has(code) : false, code);
    }
    return {
      status: res.statusCode,
      headers: res.headers as Record<string, string | string[] | undefined>,
      body: Buffer.concat(chunks).toString('utf8'),
    };
  }
}

/** The abort of a body we chose not to read: nothing to report. */
function ignoreAbort(): void {}

/** Only the low-level code and message: undici errors may carry request options on their fields. */
function describe(code: string | undefined, err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return code ? `${code}: ${msg}` : msg;
}
