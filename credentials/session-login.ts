/**
 * The login behind the credential's `preAuthentication`: what n8n's HTTP Request node needs to
 * call the device with this credential. The request is sent with n8n's own helper (so n8n's
 * proxy and domain settings apply); the form, the reading of the answer and the failure messages
 * are core's, the same ones the core client's session uses. The `id` cookie's value is returned
 * exactly as the device set it: it may hold '=', '+' and '/', which must reach the device unchanged.
 *
 * The SecureEdge node does not use this; core/ logs in by itself.
 */
import type { ICredentialDataDecryptedObject, IHttpRequestHelper } from 'n8n-workflow';

import { DEFAULTS, loginFailure, loginForm, loginUnreachable, parseDeviceUrl, SecureEdgeError, sessionIdFromSetCookie } from '../core';

/** A login is one request: core's request timeout. */
const LOGIN_TIMEOUT_MS = DEFAULTS.requestTimeoutMs;

interface LoginAnswer {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
}

/** Log in; throw core's error for the failure, a message a person can act on and never with a secret in it. */
export async function loginForSessionId(context: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject): Promise<string> {
  const origin = parseDeviceUrl(credentials.url);
  const username = typeof credentials.username === 'string' && credentials.username !== '' ? credentials.username : 'admin';
  const password = typeof credentials.password === 'string' ? credentials.password : '';
  if (password === '') {
    throw new SecureEdgeError({
      code: 'INVALID_INPUT',
      field: 'password',
      message: "The SecureEdge credential has no password. Enter the device's admin password (printed on its sticker).",
    });
  }
  const form = loginForm(username, password);
  let answer: LoginAnswer | undefined;
  let failure = { reason: 'no answer', timedOut: false };
  try {
    answer = (await context.helpers.httpRequest({
      method: form.method,
      url: origin + form.path,
      body: form.body,
      headers: form.headers,
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
    if (typeof code === 'string') failure = { reason: code, timedOut: code === 'ECONNABORTED' || code === 'ETIMEDOUT' };
  }
  if (!answer) throw loginUnreachable(origin, failure.reason, failure.timedOut);
  const sessionId = sessionIdFromSetCookie(answer.headers['set-cookie']);
  if (sessionId === undefined) throw loginFailure(origin, username, answer.statusCode);
  return sessionId;
}
