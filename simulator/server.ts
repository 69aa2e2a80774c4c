/**
 * The HTTP side of one simulated device: records every request, applies faults around the
 * route handlers, and owns the connections so a restart or close can cut them all.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { DeviceContext, SimRequest } from './context';
import { withEcho } from './echo';
import type { FaultPlan } from './faults';
import { customResponse, errorResponse, gatewayPage, type SimResponse } from './responses';
import { adversarialBody, endless1xx, trickle } from './hostile-answers';
import { route } from './router';
import { cookieValues, SESSION_COOKIE } from './sessions';
import type { OneShotFault, RecordedRequest } from './types';

const MAX_BODY_BYTES = 1024 * 1024;

export class DeviceServer {
  readonly requests: RecordedRequest[] = [];
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  /** Connections arriving before this time are cut at once: the device is rebooting. */
  private downUntil = 0;
  /** Bumped by restart(): requests that arrived before it never get an answer. */
  private generation = 0;
  private closing: Promise<void> | undefined;
  private readonly onClose = new Set<() => void>();

  constructor(
    private readonly ctx: DeviceContext,
    private readonly faults: FaultPlan,
  ) {
    // A failure while writing (say, to a socket the client already closed) must never crash the test process.
    this.server = createServer((req, res) => void this.handle(req, res).catch(() => req.socket.destroy()));
    this.server.on('connection', (socket: Socket) => {
      if (Date.now() < this.downUntil || this.closing) {
        socket.destroy();
        return;
      }
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    // Like the device's proxy, keep idle connections a while so keep-alive clients reuse them.
    this.server.keepAliveTimeout = 5000;
  }

  /** Connections open now; one closed by the client leaves once its close reaches the server. */
  get openConnections(): number {
    return this.sockets.size;
  }

  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const onError = (err: Error) => reject(err);
      this.server.once('error', onError);
      this.server.listen(port, host, () => {
        this.server.off('error', onError);
        const addr = this.server.address();
        resolve(typeof addr === 'object' && addr ? addr.port : port);
      });
    });
  }

  /** Cut every connection, refuse new ones for downMs, forget all sessions. Containers, images and volumes stay. */
  restart(downMs: number): Promise<void> {
    this.generation++;
    this.ctx.sessions.clear();
    this.downUntil = Date.now() + downMs;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    if (downMs <= 0 || this.closing) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(t);
        this.onClose.delete(done);
        resolve();
      };
      const t = setTimeout(done, downMs);
      this.onClose.add(done);
    });
  }

  close(): Promise<void> {
    if (!this.closing) {
      this.closing = new Promise((resolve) => {
        this.ctx.timers.cancelAll();
        for (const f of [...this.onClose]) f();
        this.server.close(() => resolve());
        this.server.closeAllConnections();
        for (const s of this.sockets) s.destroy();
        this.sockets.clear();
      });
    }
    return this.closing;
  }

  private record(entry: RecordedRequest): void {
    this.requests.push(entry);
    const excess = this.requests.length - this.ctx.options.recordLimit;
    if (excess > 0) this.requests.splice(0, excess);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const rawPath = req.url ?? '/';
    const pathname = rawPath.split('?')[0];
    const at = Date.now();
    const entry: RecordedRequest = {
      method,
      path: rawPath,
      status: 0,
      at,
      hadSession: this.ctx.sessions.isValid(req.headers.cookie, at),
      hadCookie: cookieValues(req.headers.cookie, SESSION_COOKIE).length > 0,
      clientPort: req.socket.remotePort ?? 0,
    };
    this.record(entry);
    let reported = false;
    const report = () => {
      if (reported) return;
      reported = true;
      this.ctx.options.onRequest?.({ ...entry });
    };
    res.on('finish', () => {
      entry.status = res.statusCode;
      report();
    });
    res.on('close', report);
    res.on('error', () => {});
    const generation = this.generation;
    const drop = (): void => {
      req.socket.destroy();
    };

    // Faults are decided on arrival, so "the next matching request" means arrival order.
    const oneShot = this.faults.takeOneShot(method, rawPath);
    const isLogin = pathname === '/auth/login';
    const steady = oneShot || isLogin ? { kind: 'none' as const } : this.faults.decideSteady();

    const body = await readBody(req);
    await this.ctx.timers.sleep(this.faults.current.latencyMs);
    if (generation !== this.generation || body === undefined) return drop();

    const style = this.ctx.options.errorBodyStyle;
    // With echoReceived on, every error body and page repeats what this request carried (see echo.ts).
    const write = (out: ServerResponse, answer: SimResponse): void =>
      writeAnswer(
        out,
        this.ctx.options.echoReceived
          ? withEcho(answer, {
              cookie: req.headers.cookie,
              body: typeof body === 'string' ? body : '',
              lastLoginBody: this.ctx.secrets.lastLoginBody,
            })
          : answer,
      );
    if (oneShot?.kind === 'endless-1xx') return endless1xx(res, this.ctx.timers, oneShot.intervalMs ?? 100);
    if (oneShot?.kind === 'adversarial-body') return write(res, adversarialBody(oneShot));
    if (oneShot?.kind === 'status') return write(res, customResponse(oneShot.status, oneShot.body, oneShot.contentType, style));
    if (oneShot?.kind === 'drop-before' || steady.kind === 'drop') return drop();
    if (steady.kind === 'error') return write(res, errorResponse(steady.status, 'injected fault', style));
    if (body === TOO_LARGE) return write(res, errorResponse(413, 'request body too large', style));

    const simReq: SimRequest = { method, rawPath, pathname, headers: req.headers, body };
    let answer: SimResponse;
    try {
      answer = await route(simReq, this.ctx);
    } catch (err) {
      // A bug in the simulator: say so loudly in the answer rather than hanging the client.
      answer = errorResponse(500, `simulator error: ${(err as Error).message}`, style);
    }
    // A restart while the operation ran: it stays done (Docker's state survives), but nobody gets the answer.
    if (generation !== this.generation) return drop();
    if (oneShot?.kind === 'drop-after') return drop();
    if (oneShot?.kind === 'trickle') return trickle(res, answer, this.ctx.timers, oneShot.intervalMs ?? 1000);
    write(res, oneShot ? disguise(oneShot, answer) : answer);
  }
}

const TOO_LARGE = Symbol('too large');

/** The whole body as text; TOO_LARGE past the limit; undefined when the client went away mid-body. */
function readBody(req: IncomingMessage): Promise<string | typeof TOO_LARGE | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY_BYTES) chunks.push(c);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? TOO_LARGE : Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(undefined));
    // Fires after 'end' too; a promise settles once, so this only counts when the body never ended.
    req.on('close', () => resolve(undefined));
  });
}

/** The one-shot faults that perform the operation and then spoil its answer. */
function disguise(
  fault: Exclude<OneShotFault, { kind: 'status' | 'drop-before' | 'drop-after' | 'trickle' | 'endless-1xx' | 'adversarial-body' }>,
  real: SimResponse,
): SimResponse {
  switch (fault.kind) {
    case 'truncated-json':
      return { status: 200, headers: { 'content-type': 'application/json' }, body: real.body.slice(0, Math.floor(real.body.length / 2)) };
    case 'html':
      return { ...gatewayPage(502), status: 200 };
    case 'empty':
      return { status: 200, headers: { 'content-type': 'application/json' }, body: '' };
  }
}

function writeAnswer(res: ServerResponse, answer: SimResponse): void {
  if (res.destroyed || res.writableEnded) return;
  const headers: Record<string, string | string[]> = { ...answer.headers };
  if (answer.status !== 204 && answer.status !== 304) headers['content-length'] = String(Buffer.byteLength(answer.body));
  res.writeHead(answer.status, headers);
  res.end(answer.status === 204 || answer.status === 304 ? undefined : answer.body);
}
