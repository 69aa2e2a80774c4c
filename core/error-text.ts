/**
 * The device's own words from an error body (JSON {error}, plain text, or an HTML page), taken
 * from a bounded prefix in linear time: error bodies are untrusted, and a regex with nested
 * quantifiers over `<a<a<a…` would freeze the engine's event loop for minutes.
 */
import { parseDeviceJson } from './safe-json';

/** Bytes of an error body we look at. A device's error page fits easily; the rest is noise. */
export const ERROR_TEXT_PREFIX = 16 * 1024;
/** Characters of the device's words kept in a message. */
export const ERROR_TEXT_MAX = 200;

/** `redact` runs before the text is cut to ERROR_TEXT_MAX: a secret cut in half would not be found. */
export function errorText(body: string, redact: (text: string) => string = (t) => t): string | undefined {
  const raw = body.slice(0, ERROR_TEXT_PREFIX).trim();
  if (!raw) return undefined;
  let text = raw;
  if (raw.length === body.trim().length && (raw.startsWith('{') || raw.startsWith('['))) {
    try {
      const parsed = parseDeviceJson(raw);
      if (parsed && typeof parsed === 'object') {
        const o = parsed as Record<string, unknown>;
        const m = o.error ?? o.message ?? o.detail;
        text = typeof m === 'string' ? m : JSON.stringify(parsed);
      }
    } catch {
      // not JSON after all: read it as text below
    }
  }
  if (text === raw && looksLikeHtml(raw)) text = htmlText(raw);
  text = collapseSpace(scrubPasswordFields(redact(text)));
  return text.length > ERROR_TEXT_MAX ? `${text.slice(0, ERROR_TEXT_MAX)}…` : text || undefined;
}

/** A tag opener with a '>' somewhere after it ("a < b" in plain text is not HTML). Linear: no backtracking. */
function looksLikeHtml(s: string): boolean {
  const lt = s.search(/<[a-z!/]/i);
  return lt >= 0 && s.indexOf('>', lt) >= 0;
}

/** The <title>, or else the text between tags, without scripts and styles. One forward scan. */
function htmlText(html: string): string {
  const lower = html.toLowerCase();
  const titleAt = lower.indexOf('<title>');
  if (titleAt >= 0) {
    const end = lower.indexOf('</title>', titleAt);
    if (end >= 0) return html.slice(titleAt + 7, end);
  }
  let out = '';
  let i = 0;
  while (i < html.length) {
    const open = html.indexOf('<', i);
    if (open < 0) {
      out += html.slice(i);
      break;
    }
    out += html.slice(i, open) + ' ';
    for (const skipped of ['<script', '<style']) {
      if (lower.startsWith(skipped, open)) {
        const close = lower.indexOf(`</${skipped.slice(1)}`, open);
        i = close < 0 ? html.length : close;
        break;
      }
    }
    const end = html.indexOf('>', Math.max(open, i));
    // A '<' that never closes: the rest is not markup we can read.
    if (end < 0) break;
    i = end + 1;
  }
  return out;
}

/**
 * A device that echoes a login body may echo another client's password, which our redactor cannot
 * know: every value of a field named like a password is blanked, whatever it is. Linear: one
 * character class after a fixed prefix.
 */
export function scrubPasswordFields(s: string): string {
  return s.replace(/(pass(?:word|wd)?"?\s*[=:]\s*"?)[^&\s"',;<>]+/gi, '$1[redacted]');
}

function collapseSpace(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}
