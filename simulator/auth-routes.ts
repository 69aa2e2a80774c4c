/**
 * Login as the vendor documents it: a form POST to /auth/login with username=admin and the
 * device password; success sets the `id` cookie. Every answer the docs leave open (success
 * status, wrong password, rejected session) follows a switch, so clients can be tested
 * against each plausible device.
 */
import type { DeviceContext, SimRequest } from './context';
import { errorResponse, json, loginPage, noContent, redirect, type SimResponse } from './responses';
import { SESSION_COOKIE } from './sessions';

export function handleLogin(req: SimRequest, ctx: DeviceContext): SimResponse {
  const o = ctx.options;
  if (req.method !== 'POST') {
    const r = errorResponse(405, 'method not allowed', o.errorBodyStyle);
    r.headers.allow = 'POST';
    return r;
  }
  // The device reads HTML form values; a JSON body carries no form fields, so it is a failed login.
  const isForm = (req.headers['content-type'] ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');
  const form = new URLSearchParams(isForm ? req.body : '');
  ctx.secrets.lastLoginBody = req.body;
  ctx.secrets.notePassword(form.get('password'));
  if (form.get('username') !== 'admin' || form.get('password') !== o.password) return wrongPassword(ctx);

  const session = ctx.sessions.create(o.sessionLifetimeMs);
  ctx.secrets.noteCookie(session.id);
  const cookie = `${SESSION_COOKIE}=${session.id}; HttpOnly; Path=/; Expires=${session.expires.toUTCString()}`;
  let answer: SimResponse;
  if (o.loginSuccessStatus === 302) answer = redirect('/');
  else if (o.loginSuccessStatus === 204) answer = noContent();
  else answer = json(200, {});
  answer.headers['set-cookie'] = cookie;
  return answer;
}

function wrongPassword(ctx: DeviceContext): SimResponse {
  const o = ctx.options;
  switch (o.wrongPasswordAnswer) {
    case 'redirect':
      return redirect('/login?error=1');
    case 200:
      return loginPage(true);
    default:
      return errorResponse(o.wrongPasswordAnswer, 'invalid username or password', o.errorBodyStyle);
  }
}

/** The answer to a Docker request without a valid session (missing, expired, unknown or dropped by a restart). */
export function rejectSession(ctx: DeviceContext): SimResponse {
  const o = ctx.options;
  if (o.sessionRejection === 'redirect') return redirect('/login');
  return errorResponse(o.sessionRejection, 'not logged in or session expired', o.errorBodyStyle);
}

export function handleLoginPage(req: SimRequest, ctx: DeviceContext): SimResponse {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    const r = errorResponse(405, 'method not allowed', ctx.options.errorBodyStyle);
    r.headers.allow = 'GET';
    return r;
  }
  return loginPage(new URLSearchParams(req.rawPath.split('?')[1] ?? '').has('error'));
}
