/**
 * Cancellation: callers hand in an AbortSignal (Node-RED closes a node on redeploy, n8n cancels an
 * execution). Reads and waits stop at once; a change already sent is never abandoned halfway by
 * the workflows (see redeploy.ts), only checked for before it is sent.
 */
import { SecureEdgeError } from './errors';

export function cancelledError(what: string, details?: Record<string, unknown>): SecureEdgeError {
  return new SecureEdgeError({ code: 'CANCELLED', message: `Cancelled: ${what}`, ...(details ? { details } : {}) });
}

export function throwIfCancelled(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) throw cancelledError(what);
}

/** A pause that ends early, with CANCELLED, when the signal fires. */
export function pause(ms: number, signal: AbortSignal | undefined, what: string): Promise<void> {
  if (!signal) return new Promise((resolve) => setTimeout(resolve, ms));
  throwIfCancelled(signal, what);
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(cancelledError(what));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
