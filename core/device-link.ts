/**
 * What every client of one device login shares: the connections (transport), the session with
 * its refusal memory, and the redactor that knows the password and the cookie. The pool hands one
 * link to every client it makes for that login, so clients that differ only in their request
 * timeout still share one session.
 */
import type { Logger } from './logger';
import { silentLogger } from './logger';
import { MAX_CONNECT_TIMEOUT_MS, type CheckedOptions } from './options';
import { Redactor } from './redact';
import { Session } from './session';
import { createUndiciTransport, type Transport } from './transport';

export interface DeviceLink {
  readonly transport: Transport;
  readonly session: Session;
  readonly redactor: Redactor;
}

export function openDeviceLink(o: CheckedOptions, logger: Logger = o.logger ?? silentLogger): DeviceLink {
  const redactor = new Redactor();
  redactor.add(o.password);
  const transport =
    o.transport ?? createUndiciTransport({ origin: o.origin, tls: o.tls, connectTimeoutMs: Math.min(o.timeoutMs, MAX_CONNECT_TIMEOUT_MS) });
  const session = new Session(transport, { username: o.username, password: o.password }, o.timeoutMs, redactor, logger);
  return { transport, session, redactor };
}
