/**
 * One process-wide pool of device clients, so that a device session outlives a node run, an
 * execution or a Node-RED redeploy. An entry is one device login: origin, username, a keyed hash
 * of the password (never the password itself) and the TLS settings. Every client handed out for
 * an entry shares its session and its refusal memory (refusal-memory.ts), whatever its request
 * timeout, logger or retry settings.
 *
 * Lifetimes:
 * - a lease is taken per node run (n8n) or per config node (Node-RED) and released after it;
 *   releasing never ends the session;
 * - an entry nobody holds has its connections closed after POOL_IDLE_CLOSE_MS;
 * - its session is forgotten after POOL_FORGET_MS unused (the vendor's cookie lives about a day),
 *   or when more than POOL_MAX_ENTRIES logins are pooled (least recently used first);
 * - closeAll() ends everything (n8n shutdown, tests); a process exit destroys what is left.
 * Nothing is shared between processes: each n8n main or worker keeps its own pool.
 */
import { inspect } from 'node:util';
import { SecureEdgeClient, type SecureEdgeClientOptions } from './client';
import { openDeviceLink, type DeviceLink } from './device-link';
import type { Logger } from './logger';
import { nodeCrypto } from './lazy-require';
import { checkClientOptions } from './options';
import { CLOSE_GRACE_MS } from './transport';

export const POOL_IDLE_CLOSE_MS = 2 * 60_000;
export const POOL_FORGET_MS = 24 * 60 * 60_000;
export const POOL_MAX_ENTRIES = 64;
export const POOL_SWEEP_EVERY_MS = 30_000;

export interface PoolSettings {
  idleCloseMs: number;
  forgetMs: number;
  maxEntries: number;
  /** How often the timer sweeps when nothing acquires (every acquire sweeps too). */
  sweepEveryMs?: number;
}

export interface Lease {
  readonly client: SecureEdgeClient;
  /**
   * Give the client back. With `close`, an entry nobody else holds closes its connections now
   * (running requests get `graceMs`, then are cut); its session is still remembered.
   */
  release(options?: { close?: boolean; graceMs?: number }): Promise<void>;
}

interface Entry {
  readonly link: DeviceLink;
  leases: number;
  lastUsed: number;
  /** Connections closed (idle); the next request opens new ones. */
  asleep: boolean;
  /** The logger of the most recent lease: the session's own lines (logins) go there. */
  logger?: Logger;
}

export class DevicePool {
  readonly #entries = new Map<string, Entry>();
  // Keys hold an HMAC of the password under a key that exists only in this process's memory.
  // Made on first use: loading core must not need node:crypto (lazy-require.ts).
  #salt: Buffer | undefined;
  #sweeper?: NodeJS.Timeout;

  constructor(
    private readonly settings: PoolSettings = { idleCloseMs: POOL_IDLE_CLOSE_MS, forgetMs: POOL_FORGET_MS, maxEntries: POOL_MAX_ENTRIES },
  ) {}

  /** A client for these options, sharing the session of every other lease of the same login. */
  acquire(options: SecureEdgeClientOptions): Lease {
    // Checked first: bad options fail with INVALID_INPUT before any entry exists.
    const checked = checkClientOptions(options);
    if (checked.transport) {
      // A hand-made transport is not ours to share: a client of its own, closed on release.
      const own = new SecureEdgeClient(options);
      return { client: own, release: (o) => (o?.close ? own.close(o.graceMs) : Promise.resolve()) };
    }
    this.sweep();
    const key = this.keyOf(checked);
    let entry = this.#entries.get(key);
    if (!entry) {
      const forward: Logger = {
        debug: (m) => entry?.logger?.debug(m),
        warn: (m) => entry?.logger?.warn(m),
      };
      entry = { link: openDeviceLink(checked, forward), leases: 0, lastUsed: Date.now(), asleep: false };
      this.#entries.set(key, entry);
      this.evictBeyondLimit();
      this.startSweeper();
    }
    const held = entry;
    held.leases++;
    this.touch(key, held);
    held.asleep = false;
    held.logger = checked.logger;
    const client = new SecureEdgeClient(options, held.link);
    let released = false;
    return {
      client,
      release: async (o) => {
        if (released) return;
        released = true;
        held.leases--;
        this.touch(key, held);
        if (o?.close && held.leases === 0) {
          held.asleep = true;
          await held.link.transport.close(o.graceMs ?? CLOSE_GRACE_MS);
        }
      },
    };
  }

  /** Pooled logins (entries). */
  get size(): number {
    return this.#entries.size;
  }

  /** Logins attempted by every pooled session: tests and the bench prove sessions are shared with it. */
  get loginCount(): number {
    let n = 0;
    for (const e of this.#entries.values()) n += e.link.session.loginCount;
    return n;
  }

  /** Close every connection (bounded grace, then cut) and forget every session. */
  async closeAll(graceMs = CLOSE_GRACE_MS): Promise<void> {
    const entries = [...this.#entries.values()];
    this.#entries.clear();
    this.stopSweeper();
    await Promise.all(entries.map((e) => e.link.transport.close(graceMs)));
  }

  /** Close idle connections and forget long-unused sessions; runs on every acquire and on a timer. */
  sweep(now = Date.now()): void {
    for (const [key, e] of this.#entries) {
      if (e.leases > 0) continue;
      const idle = now - e.lastUsed;
      if (idle >= this.settings.forgetMs) {
        this.#entries.delete(key);
        void e.link.transport.close(0);
      } else if (idle >= this.settings.idleCloseMs && !e.asleep) {
        e.asleep = true;
        void e.link.transport.close();
      }
    }
    if (this.#entries.size === 0) this.stopSweeper();
  }

  toJSON(): Record<string, unknown> {
    return { size: this.size, loginCount: this.loginCount };
  }

  [inspect.custom](): string {
    return `DevicePool { size: ${this.size}, loginCount: ${this.loginCount} }`;
  }

  private keyOf(o: ReturnType<typeof checkClientOptions>): string {
    const { createHmac, randomBytes } = nodeCrypto();
    const salt = (this.#salt ??= randomBytes(32));
    const secret = createHmac('sha256', salt).update(o.password).digest('base64url');
    const ca = o.tls.ca === undefined ? '' : createHmac('sha256', salt).update(o.tls.ca).digest('base64url');
    return JSON.stringify([o.origin, o.username, secret, o.tls.acceptSelfSigned === true, ca]);
  }

  /**
   * Mark a use: the time (for idle close and forgetting) and the entry's place at the end of the
   * map, which keeps the map in order of last use. Eviction reads that order rather than the
   * times, which tie when two uses fall in the same millisecond. An entry already forgotten stays so.
   */
  private touch(key: string, entry: Entry): void {
    entry.lastUsed = Date.now();
    if (this.#entries.get(key) !== entry) return;
    this.#entries.delete(key);
    this.#entries.set(key, entry);
  }

  private evictBeyondLimit(): void {
    if (this.#entries.size <= this.settings.maxEntries) return;
    // The map is in order of last use (touch), least recent first.
    const idle = [...this.#entries].filter(([, e]) => e.leases === 0);
    for (const [key, e] of idle.slice(0, this.#entries.size - this.settings.maxEntries)) {
      this.#entries.delete(key);
      void e.link.transport.close(0);
    }
  }

  private startSweeper(): void {
    if (this.#sweeper) return;
    this.#sweeper = setInterval(() => this.sweep(), this.settings.sweepEveryMs ?? POOL_SWEEP_EVERY_MS);
    // Never the reason a process stays alive.
    this.#sweeper.unref();
  }

  private stopSweeper(): void {
    if (this.#sweeper) clearInterval(this.#sweeper);
    this.#sweeper = undefined;
  }
}

/** The process-wide pool every n8n node run and every Node-RED config node uses. */
export const devicePool = new DevicePool();
