/** The device URL: http(s)://host[:port], nothing else. Checked before anything is sent. */
import { SecureEdgeError } from './errors';

export const DEFAULT_DEVICE_URL = 'http://192.168.140.1';

export function parseDeviceUrl(url: unknown): string {
  const fail = (why: string) =>
    new SecureEdgeError({
      code: 'INVALID_INPUT',
      field: 'url',
      message: `Invalid input: device URL ${why} (for example ${DEFAULT_DEVICE_URL}).`,
    });
  if (typeof url !== 'string' || url.trim() === '') throw fail('is required');
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    // Never echo the text: a malformed URL may still hold `user:password@`.
    throw fail(
      `is not a URL${looksLikeUserinfo(url) ? ' (and it seems to hold a user or password: put the password in the password setting)' : ''}`,
    );
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw fail('must start with http:// or https://');
  if (parsed.username || parsed.password) throw fail('must not contain a user or password; use the password setting');
  if ((parsed.pathname !== '/' && parsed.pathname !== '') || parsed.search || parsed.hash) {
    throw fail('must be the device address only, without a path');
  }
  return parsed.origin;
}

function looksLikeUserinfo(url: string): boolean {
  const afterScheme = url.includes('//') ? url.slice(url.indexOf('//') + 2) : url;
  return afterScheme.split('/')[0].includes('@');
}
