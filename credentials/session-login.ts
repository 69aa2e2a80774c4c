/**
 * The login behind the credential's `preAuthentication`: what n8n's HTTP Request node needs to
 * call the device with this credential. It uses n8n's own request helper (so n8n's proxy and
 * domain settings apply) and returns the `id` cookie's value exactly as the device set it: it
 * may hold '=', '+' and '/', which must reach the device unchanged.
 *
 * The SecureEdge node does not use this; core/ logs in by itself.
 */
import type { ICredentialDataDecryptedObject, IHttpRequestHelper } from 'n8n-workflow';

import { parseDeviceUrl } from '../core/device-url';

const LOGIN_PATH = '/auth/login';
const LOGIN_TIMEOUT_MS = 30_000;

interface LoginAnswer {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
}

/** The value of the `id` cookie among Set-Cookie headers, or undefined when none was set. */
export function sessionIdFromSetCookie(setCookie: string | string[] | undefined): string | undefined {
  const headers = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  for (const header of headers) {
    const [pair, ...attributes] = header.split(';');
    const eq = pair.indexOf('=');
    if (eq < 0 || pair.slice(0, eq).trim() !== 'id') continue;
    const value = pair.slice(eq + 1).trim();
    // An empty value or Max-Age=0 is the device clearing the cookie, not a session.
    const cleared = attributes.some((a) => /^\s*max-age\s*=\s*0\s*$/i.test(a));
    if (value !== '' && !cleared) return value;
  }
  return undefined;
}

/** Log in with the form the device expects; throw an error a person can act on, never with a secret in it. */
export async function loginForSessionId(context: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject): Promise<string> {
  const origin = parseDeviceUrl(credentials.url);
  const username = typeof credentials.username === 'string' && credentials.username !== '' ? credentials.username : 'admin';
  const password = typeof credentials.password === 'string' ? credentials.password : '';
  if (password === '') {
    throw new Error("The SecureEdge credential has no password. Enter the device's admin password (printed on its sticker).");
  }
  let answer: LoginAnswer | undefined;
  let failure = 'no answer';
  try {
    answer = (await context.helpers.httpRequest({
      method: 'POST',
      url: origin + LOGIN_PATH,
      body: new URLSearchParams({ username, password }).toString(),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json, text/html;q=0.5' },
      // Success is "an id cookie was set", whatever the status: a 302 must not be followed or thrown.
      returnFullResponse: true,
      ignoreHttpStatusErrors: true,
      disableFollowRedirect: true,
      skipSslCertificateValidation: credentials.ignoreSSLIssues === true,
      timeout: LOGIN_TIMEOUT_MS,
      json: false,
    })) as LoginAnswer;
  } catch (error) {
    // Never rethrown: a request error carries the request, and so the password in its body.
    const code = (error as { code?: unknown })?.code;
    if (typeof code === 'string') failure = code;
  }
  if (!answer) {
    throw new Error(
      `Cannot log in: the device at ${origin} did not answer (${failure}). Check the URL and that this n8n server can reach the device.`,
    );
  }
  const sessionId = sessionIdFromSetCookie(answer.headers['set-cookie']);
  if (sessionId) return sessionId;
  const status = answer.statusCode;
  if (status === 404 || status === 405) {
    throw new Error(`${origin} has no SecureEdge login at ${LOGIN_PATH} (HTTP ${status}). Is this the URL of a SecureEdge Pro?`);
  }
  if (status >= 500) {
    throw new Error(`The device failed to process the login (HTTP ${status}). Try again later.`);
  }
  throw new Error(
    `The device refused the login for user '${username}' (HTTP ${status}). Check the password: it is the one printed on the sticker on the device.`,
  );
}
