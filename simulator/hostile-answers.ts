/**
 * Answers that attack the client rather than fail: a body trickled one byte at a time, 1xx
 * answers that never end, and error bodies built to make text extraction expensive. A client
 * must end each of them at its deadline, using little CPU while it waits.
 */
import type { ServerResponse } from 'node:http';
import type { SimResponse } from './responses';
import type { Timers } from './timers';
import type { OneShotFault } from './types';

/** Headers at once (with the full Content-Length), then one byte per interval until done or the client leaves. */
export function trickle(res: ServerResponse, answer: SimResponse, timers: Timers, intervalMs: number): void {
  const body = Buffer.from(answer.body);
  res.writeHead(answer.status, { ...answer.headers, 'content-length': String(body.length) });
  let at = 0;
  const next = (): void => {
    if (res.destroyed || res.writableEnded) return;
    if (at >= body.length) {
      res.end();
      return;
    }
    res.write(body.subarray(at, at + 1));
    at++;
    timers.after(intervalMs, next);
  };
  next();
}

/** "102 Processing", again and again, never a final answer. */
export function endless1xx(res: ServerResponse, timers: Timers, intervalMs: number): void {
  const next = (): void => {
    if (res.destroyed || res.writableEnded || res.socket?.destroyed) return;
    res.writeProcessing();
    timers.after(intervalMs, next);
  };
  next();
}

export function adversarialBody(fault: Extract<OneShotFault, { kind: 'adversarial-body' }>): SimResponse {
  const pattern = fault.pattern && fault.pattern.length > 0 ? fault.pattern : '<a';
  const bytes = Math.max(1, fault.bytes ?? 8 * 1024 * 1024);
  const body = pattern.repeat(Math.ceil(bytes / pattern.length)).slice(0, bytes);
  return { status: fault.status ?? 500, headers: { 'content-type': fault.contentType ?? 'text/html' }, body };
}
