/**
 * The transport is the only place that does I/O. It is a small interface so tests and engines
 * can hand in their own; the default one is undici with a keep-alive agent.
 */
export type HttpMethod = 'GET' | 'POST' | 'DELETE';

export interface TransportRequest {
  method: HttpMethod;
  /** Path and query, starting with '/'; the transport owns the origin. */
  path: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  /** The caller gave up (cancelled flow or execution): abort the request. */
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
 */
export class TransportError extends Error {
  constructor(
    message: string,
    readonly phase: 'connect' | 'lost',
    readonly timedOut: boolean,
    readonly lowLevelCode?: string,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

export interface Transport {
  readonly origin: string;
  request(req: TransportRequest): Promise<TransportResponse>;
  close(): Promise<void>;
}

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
const PRECISE_TIMER_BELOW_MS = 5000;
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
  const agent = new undici.Agent({
    keepAliveTimeout: 10_000,
    keepAliveMaxTimeout: 60_000,
    connections: 16,
    connect: {
      timeout: options.connectTimeoutMs,
      rejectUnauthorized: !options.tls?.acceptSelfSigned,
      ...(options.tls?.ca ? { ca: options.tls.ca } : {}),
    },
  });
  const origin = options.origin;

  return {
    origin,
    async request(req) {
      // undici's own timers tick about once a second: good enough for long timeouts, too coarse
      // for short ones, which get a timer of their own.
      if (req.timeoutMs >= PRECISE_TIMER_BELOW_MS) return send(req, req.signal);
      const abort = new AbortController();
      // The caller's cancel and our own timer end the same request; only our timer means "timed out".
      const onCancel = () => abort.abort();
      req.signal?.addEventListener('abort', onCancel, { once: true });
      if (req.signal?.aborted) abort.abort();
      const timer = setTimeout(() => abort.abort(), req.timeoutMs);
      timer.unref?.();
      try {
        return await send(req, abort.signal);
      } catch (err) {
        if (abort.signal.aborted && !req.signal?.aborted && err instanceof TransportError) {
          throw new TransportError(`no answer within ${req.timeoutMs} ms`, err.phase, true, 'TIMEOUT');
        }
        throw err;
      } finally {
        clearTimeout(timer);
        req.signal?.removeEventListener('abort', onCancel);
      }
    },
    async close() {
      await agent.close().catch(() => agent.destroy());
    },
  };

  async function send(req: TransportRequest, signal?: AbortSignal): Promise<TransportResponse> {
    let res: Awaited<ReturnType<typeof agent.request>>;
    try {
      res = await agent.request({
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
      res.body.destroy();
      throw new TransportError(`answer larger than ${maxBodyBytes} bytes`, 'lost', false, 'BODY_TOO_LARGE');
    }
    if (Number.isFinite(declared)) {
      // The common case (the device sends Content-Length): one read, no per-chunk bookkeeping.
      try {
        return { status: res.statusCode, headers: res.headers as Record<string, string | string[] | undefined>, body: await res.body.text() };
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

/** Only the low-level code and message: undici errors may carry request options on their fields. */
function describe(code: string | undefined, err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return code ? `${code}: ${msg}` : msg;
}
