/**
 * Which n8n process sent a request to a simulated device. All processes of a cluster read one credential, so they
 * all call the same device URL; what tells them apart is the TCP connection. This front sits between the cluster
 * and the device: for every connection it accepts it asks Linux which process owns the other end (the socket's
 * inode in /proc/net/tcp, then that inode among the processes' open files in /proc/<pid>/fd), opens its own
 * connection to the device, and remembers "device-side port P, from time T to T', belongs to worker-2 (pid 123)".
 * The simulator records each request's client port (RecordedRequest.clientPort), so every request gets its sender.
 * Linux only (/proc); the queue-mode tools need Debian's Redis and Postgres anyway.
 */
import fs from 'node:fs';
import net from 'node:net';

export interface ProcessRef {
  /** What the tests call it: `main`, `worker-1`, ... A restarted worker keeps its name and gets a new pid. */
  name: string;
  pid: number | undefined;
}

/** A process's identity in answers: `worker-1#4242` (the pid tells a restarted worker from the one killed). */
export function originLabel(p: ProcessRef): string {
  return `${p.name}#${p.pid ?? '?'}`;
}

interface Span {
  origin: string;
  from: number;
  to?: number;
}

/** Lines of /proc/net/tcp: `sl local rem st ... uid timeout inode`, addresses as little-endian hex `0100007F:1F90`. */
function socketInode(localPort: number, remotePort: number): string | undefined {
  const local = `0100007F:${localPort.toString(16).toUpperCase().padStart(4, '0')}`;
  const remote = `0100007F:${remotePort.toString(16).toUpperCase().padStart(4, '0')}`;
  for (const line of fs.readFileSync('/proc/net/tcp', 'utf8').split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f[1] === local && f[2] === remote) return f[9];
  }
  return undefined;
}

/** The pid and its descendants (n8n may hand work to a child process). */
function withDescendants(pid: number): number[] {
  const out = [pid];
  for (let i = 0; i < out.length; i++) {
    try {
      for (const task of fs.readdirSync(`/proc/${out[i]}/task`)) {
        const children = fs.readFileSync(`/proc/${out[i]}/task/${task}/children`, 'utf8').trim();
        if (children) out.push(...children.split(/\s+/).map(Number));
      }
    } catch {
      // The process ended meanwhile: it owns nothing any more.
    }
  }
  return out;
}

function ownsSocket(pid: number, inode: string): boolean {
  const target = `socket:[${inode}]`;
  try {
    return fs.readdirSync(`/proc/${pid}/fd`).some((fd) => {
      try {
        return fs.readlinkSync(`/proc/${pid}/fd/${fd}`) === target;
      } catch {
        return false;
      }
    });
  } catch {
    return false;
  }
}

export class ConnectionOrigins {
  /** Device-side client port -> who used it when (ports are reused over a long run, hence the spans). */
  private readonly spans = new Map<number, Span[]>();
  private readonly sockets = new Set<net.Socket>();

  private constructor(private readonly server: net.Server) {}

  /** A front for the device at 127.0.0.1:`devicePort`; `processes()` names the candidates at each connection. */
  static async start(devicePort: number, processes: () => ProcessRef[]): Promise<ConnectionOrigins> {
    const server = net.createServer();
    const origins = new ConnectionOrigins(server);
    server.on('connection', (client: net.Socket) => origins.accept(client, devicePort, processes()));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return origins;
  }

  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  /** The URL to give the cluster's credential instead of the device's own. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  private ownerOf(client: net.Socket, candidates: ProcessRef[]): string {
    const inode = client.remotePort === undefined ? undefined : socketInode(client.remotePort, this.port);
    if (inode === undefined) return 'unknown';
    const owner = candidates.find((p) => p.pid !== undefined && withDescendants(p.pid).some((pid) => ownsSocket(pid, inode)));
    return owner ? originLabel(owner) : 'unknown';
  }

  private accept(client: net.Socket, devicePort: number, candidates: ProcessRef[]): void {
    // Resolved at once, while the client's end surely exists (before a single byte is forwarded).
    const origin = this.ownerOf(client, candidates);
    const upstream = net.connect(devicePort, '127.0.0.1');
    this.sockets.add(client).add(upstream);
    let span: Span | undefined;
    upstream.once('connect', () => {
      span = { origin, from: Date.now() };
      const port = upstream.localPort ?? 0;
      this.spans.set(port, [...(this.spans.get(port) ?? []), span]);
    });
    client.pipe(upstream);
    upstream.pipe(client);
    const end = (socket: net.Socket) => () => {
      if (span && span.to === undefined) span.to = Date.now();
      socket.destroy();
      this.sockets.delete(client);
      this.sockets.delete(upstream);
    };
    client.on('close', end(upstream)).on('error', end(upstream));
    upstream.on('close', end(client)).on('error', end(client));
  }

  /** Who sent a request the device recorded: `worker-1#4242`, `main#4100`, or `unknown` (not through this front). */
  originOf(request: { clientPort: number; at: number }): string {
    const spans = this.spans.get(request.clientPort) ?? [];
    const span = spans.find((s) => s.from <= request.at && (s.to === undefined || request.at <= s.to));
    return span?.origin ?? 'unknown';
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
