/**
 * The `echoReceived` switch: a careless device (or a debug firmware) that repeats what it received
 * in its error bodies and HTML pages — the request's Cookie header and body, and the last login body
 * it saw (which carries the password). Clients must redact all of it before a person sees it; tests
 * turn this on to prove they do, because a device that never echoes cannot catch a missing redaction.
 */
import type { SimResponse } from './responses';

export interface Received {
  cookie: string | undefined;
  body: string;
  /** The body of the last POST /auth/login this device received, right password or wrong. */
  lastLoginBody: string | undefined;
}

function describe(r: Received): string {
  // The request body first: its length varies, so tests can slide the secrets after it across any cut a client makes.
  return `received body "${r.body}", cookie "${r.cookie ?? ''}", last login "${r.lastLoginBody ?? ''}"`;
}

function isHtml(answer: SimResponse): boolean {
  const type = answer.headers['content-type'];
  return typeof type === 'string' && type.startsWith('text/html');
}

/** The answer with the echo worked into the place a client reads first; answers that are neither errors nor pages pass unchanged. */
export function withEcho(answer: SimResponse, received: Received): SimResponse {
  const html = isHtml(answer);
  if (answer.status < 400 && !html) return answer;
  const echo = describe(received);
  if (html) {
    // In the title (what clients quote from a page) and in the body. Not HTML-escaped: a careless device does not escape.
    const body = /<title>/i.test(answer.body)
      ? answer.body.replace(/<title>/i, `<title>${echo} `).replace(/<\/body>/i, `<p>${echo}</p></body>`)
      : `<html><head><title>${echo}</title></head><body>${answer.body}<p>${echo}</p></body></html>`;
    return { ...answer, body };
  }
  const type = String(answer.headers['content-type'] ?? '');
  if (type.startsWith('application/json')) {
    try {
      const parsed = JSON.parse(answer.body) as unknown;
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
        const o = parsed as Record<string, unknown>;
        // Into the error text when there is one; otherwise only as a field, so a client that quotes
        // the whole object quotes the secrets JSON-escaped.
        const error = typeof o.error === 'string' ? { error: `${echo}; ${o.error}` } : {};
        return { ...answer, body: JSON.stringify({ ...o, ...error, received }) };
      }
    } catch {
      // Not JSON after all: fall through to plain text.
    }
  }
  return { ...answer, body: `${echo}; ${answer.body}` };
}
