/**
 * The only place the n8n node builds core clients. The node itself holds no HTTP or session
 * logic: a client logs in lazily, re-logs in when the device rejects the session, and is closed
 * when the node's execution ends.
 */
import type { ICredentialDataDecryptedObject, Logger as N8nLogger } from 'n8n-workflow';

import { SecureEdgeClient, type Logger } from '../../core';

export const CREDENTIAL_TYPE = 'secureEdgeApi';

export function clientFromCredentials(
  credentials: ICredentialDataDecryptedObject,
  options: { timeoutMs?: number; logger?: Logger } = {},
): SecureEdgeClient {
  return new SecureEdgeClient({
    // core checks the URL and the password and says what is wrong with them.
    url: credentials.url as string,
    username: typeof credentials.username === 'string' && credentials.username !== '' ? credentials.username : undefined,
    password: typeof credentials.password === 'string' ? credentials.password : '',
    tls: { acceptSelfSigned: credentials.ignoreSSLIssues === true },
    timeoutMs: options.timeoutMs,
    logger: options.logger,
  });
}

/** core's log lines (method, path, status, timing; never a secret) into n8n's log, tagged with the node. */
export function coreLogger(logger: N8nLogger, nodeName: string): Logger {
  return {
    debug: (message) => logger.debug(`SecureEdge: ${message}`, { node: nodeName }),
    warn: (message) => logger.warn(`SecureEdge: ${message}`, { node: nodeName }),
  };
}

/**
 * One client per credential and request timeout for one node execution: every item shares its
 * login. Items normally share the timeout, so that is one client and one login.
 */
export class ClientPool {
  private readonly clients = new Map<number, SecureEdgeClient>();

  constructor(
    private readonly credentials: ICredentialDataDecryptedObject,
    private readonly logger?: Logger,
  ) {}

  get(requestTimeoutMs: number): SecureEdgeClient {
    let client = this.clients.get(requestTimeoutMs);
    if (!client) {
      client = clientFromCredentials(this.credentials, { timeoutMs: requestTimeoutMs, logger: this.logger });
      this.clients.set(requestTimeoutMs, client);
    }
    return client;
  }

  /** Logins over all clients, for tests that prove one login per execution. */
  get loginCount(): number {
    let n = 0;
    for (const c of this.clients.values()) n += c.loginCount;
    return n;
  }

  async close(): Promise<void> {
    await Promise.all([...this.clients.values()].map((c) => c.close()));
    this.clients.clear();
  }
}
