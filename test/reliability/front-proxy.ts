/**
 * A small HTTP or HTTPS front for a simulator, on 127.0.0.1: it forwards every request to the
 * simulator unchanged, except those a test wants answered otherwise (a redirect to another
 * origin, say). It lets the suite put TLS or a misbehaving proxy in front of a real device model.
 */
import {
  createServer as createHttpServer,
  request,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Socket } from 'node:net';

export interface FrontAnswer {
  status: number;
  headers?: OutgoingHttpHeaders;
  body?: string;
}

export interface FrontOptions {
  /** The simulator's URL (http://127.0.0.1:port). */
  target: string;
  /** Serve HTTPS with this key and certificate (PEM). */
  tls?: { key: string; cert: string };
  /** Answer a request here instead of forwarding it; undefined = forward. */
  intercept?: (req: IncomingMessage) => FrontAnswer | undefined;
  /** Rewrite a forwarded answer's headers (e.g. point a login redirect elsewhere). */
  rewrite?: (req: IncomingMessage, status: number, headers: OutgoingHttpHeaders) => OutgoingHttpHeaders;
}

export interface Front {
  url: string;
  port: number;
  /** Requests that reached the front (TLS handshakes that failed never get here). */
  requests: number;
  close(): Promise<void>;
}

export async function startFront(options: FrontOptions): Promise<Front> {
  const target = new URL(options.target);
  const sockets = new Set<Socket>();
  const front = { requests: 0 } as Front;
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    front.requests++;
    const own = options.intercept?.(req);
    if (own) {
      req.resume();
      res.writeHead(own.status, own.headers ?? {});
      res.end(own.body ?? '');
      return;
    }
    const upstream = request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        const headers = options.rewrite ? options.rewrite(req, answer.statusCode ?? 502, { ...answer.headers }) : answer.headers;
        res.writeHead(answer.statusCode ?? 502, headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  };
  const server: Server = options.tls
    ? createHttpsServer({ key: options.tls.key, cert: options.tls.cert }, handler)
    : createHttpServer(handler);
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  front.port = port;
  front.url = `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  front.close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  return front;
}

/** A plain server that only counts what reaches it: the "other origin" a redirect points to. */
export async function startWitness(): Promise<{ url: string; connections: number; cookies: string[]; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const witness = { url: '', connections: 0, cookies: [] as string[], close: async () => undefined as void };
  const server = createHttpServer((req, res) => {
    if (req.headers.cookie) witness.cookies.push(req.headers.cookie);
    res.end('witness');
  });
  server.on('connection', (s: Socket) => {
    witness.connections++;
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  witness.url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  witness.close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  return witness;
}
