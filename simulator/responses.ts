/**
 * Answers as values: handlers return a SimResponse and the server writes it, so a fault
 * can still replace, cut or swallow an answer after the operation has been performed.
 */
import { STATUS_CODES } from 'node:http';

export interface SimResponse {
  status: number;
  headers: Record<string, string | string[]>;
  body: string;
}

export type ErrorBodyStyle = 'json' | 'text' | 'html';

export function json(status: number, value: unknown): SimResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) };
}

export function noContent(): SimResponse {
  return { status: 204, headers: {}, body: '' };
}

export function redirect(location: string, extraHeaders: Record<string, string | string[]> = {}): SimResponse {
  return { status: 302, headers: { location, ...extraHeaders }, body: '' };
}

export function html(status: number, body: string): SimResponse {
  return { status, headers: { 'content-type': 'text/html; charset=utf-8' }, body };
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The device's error bodies are undocumented: JSON sometimes, plain text or HTML other times. */
export function errorResponse(status: number, message: string, style: ErrorBodyStyle): SimResponse {
  switch (style) {
    case 'text':
      return { status, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: message };
    case 'html': {
      const title = `${status} ${STATUS_CODES[status] ?? 'Error'}`;
      return html(status, `<html><head><title>${title}</title></head><body><h1>${title}</h1><p>${escapeHtml(message)}</p></body></html>`);
    }
    default:
      return json(status, { error: message });
  }
}

/** What the device's reverse proxy (nginx-like) shows when it stops waiting: HTML, whatever the API's own style. */
export function gatewayPage(status: number): SimResponse {
  const title = `${status} ${status === 504 ? 'Gateway Time-out' : (STATUS_CODES[status] ?? 'Error')}`;
  return html(
    status,
    `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`,
  );
}

export function loginPage(failed: boolean): SimResponse {
  const notice = failed ? '<p class="error">Invalid username or password.</p>' : '';
  return html(
    200,
    '<!DOCTYPE html><html><head><title>SecureEdge Pro - Login</title></head><body>' +
      `<h1>SecureEdge Pro</h1>${notice}` +
      '<form method="post" action="/auth/login">' +
      '<input type="hidden" name="username" value="admin">' +
      '<label>Password <input type="password" name="password"></label>' +
      '<button type="submit">Log in</button></form></body></html>',
  );
}

/** A `status` one-shot fault's body: the given one (content type guessed when not given), else the usual error body. */
export function customResponse(
  status: number,
  body: string | undefined,
  contentType: string | undefined,
  style: ErrorBodyStyle,
): SimResponse {
  if (body === undefined) {
    const r = errorResponse(status, STATUS_CODES[status] ?? 'error', style);
    if (contentType) r.headers['content-type'] = contentType;
    else if (contentType === '') delete r.headers['content-type'];
    return r;
  }
  const t = body.trimStart();
  const guessed =
    t.startsWith('{') || t.startsWith('[')
      ? 'application/json'
      : t.startsWith('<')
        ? 'text/html; charset=utf-8'
        : 'text/plain; charset=utf-8';
  // '' asks for no Content-Type header at all, as some proxies answer.
  return { status, headers: contentType === '' ? {} : { 'content-type': contentType ?? guessed }, body };
}
