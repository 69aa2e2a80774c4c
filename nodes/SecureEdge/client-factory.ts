/**
 * The only place the n8n node obtains core clients. They come from core's process-wide pool, so
 * a device session outlives a node run and an execution: a workflow run every five minutes logs
 * in once while the device keeps the session. A node run leases its clients and gives them back
 * at its end; it never closes them (the pool closes idle connections and ends everything when
 * n8n exits). The node itself holds no HTTP or session logic.
 */
import type { ICredentialDataDecryptedObject, Logger as N8nLogger } from 'n8n-workflow';

import { devicePool, SecureEdgeClient, type Lease, type Logger, type SecureEdgeClientOptions } from '../../core';

export const CREDENTIAL_TYPE = 'secureEdgeApi';

/** The credential's fields as core's client options (core checks them and says what is wrong). */
export function optionsFromCredentials(
  credentials: ICredentialDataDecryptedObject,
  options: { timeoutMs?: number; logger?: Logger } = {},
): SecureEdgeClientOptions {
  return {
    url: credentials.url as string,
    username: typeof credentials.username === 'string' && credentials.username !== '' ? credentials.username : undefined,
    password: typeof credentials.password === 'string' ? credentials.password : '',
    tls: { acceptSelfSigned: credentials.ignoreSSLIssues === true },
    timeoutMs: options.timeoutMs,
    logger: options.logger,
  };
}

/** A client of its own, outside the pool: for the credential test, which must prove a fresh login. */
export function clientFromCredentials(
  credentials: ICredentialDataDecryptedObject,
  options: { timeoutMs?: number; logger?: Logger } = {},
): SecureEdgeClient {
  return new SecureEdgeClient(optionsFromCredentials(credentials, options));
}

/** A pooled client for one use (the editor's pickers); given back, never closed, when done. */
export async function withPooledClient<T>(
  credentials: ICredentialDataDecryptedObject,
  use: (client: SecureEdgeClient) => Promise<T>,
): Promise<T> {
  const lease = devicePool.acquire(optionsFromCredentials(credentials));
  try {
    return await use(lease.client);
  } finally {
    await lease.release();
  }
}

/** core's log lines (method, path, status, timing; never a secret) into n8n's log, tagged with the node. */
export function coreLogger(logger: N8nLogger, nodeName: string): Logger {
  return {
    debug: (message) => logger.debug(`SecureEdge: ${message}`, { node: nodeName }),
    warn: (message) => logger.warn(`SecureEdge: ${message}`, { node: nodeName }),
  };
}

/**
 * The clients of one node run, one per request timeout (items normally share one), all leased
 * from the pool and so all sharing the pooled session of the credential.
 */
export class RunClients {
  private readonly leases = new Map<number, Lease>();

  constructor(
    private readonly credentials: ICredentialDataDecryptedObject,
    private readonly logger?: Logger,
  ) {}

  get(requestTimeoutMs: number): SecureEdgeClient {
    let lease = this.leases.get(requestTimeoutMs);
    if (!lease) {
      lease = devicePool.acquire(optionsFromCredentials(this.credentials, { timeoutMs: requestTimeoutMs, logger: this.logger }));
      this.leases.set(requestTimeoutMs, lease);
    }
    return lease.client;
  }

  /** Give every client back to the pool; the session stays for the next run. */
  async release(): Promise<void> {
    const leases = [...this.leases.values()];
    this.leases.clear();
    await Promise.all(leases.map((l) => l.release()));
  }
}
