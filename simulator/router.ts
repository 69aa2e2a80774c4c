/** Which handler answers a request; the session gate in front of every Docker endpoint. */
import { handleLogin, handleLoginPage, rejectSession } from './auth-routes';
import type { DeviceContext, SimRequest } from './context';
import { handleDocker } from './docker-routes';
import { errorResponse, type SimResponse } from './responses';

const DOCKER_PREFIX = '/api/v1/docker/';

export async function route(req: SimRequest, ctx: DeviceContext): Promise<SimResponse> {
  const p = req.pathname;
  if (p === '/auth/login') return handleLogin(req, ctx);
  if (p === '/login') return handleLoginPage(req, ctx);
  if (p === '/api/v1/docker' || p.startsWith(DOCKER_PREFIX)) {
    // Checked before routing: without a session even an unknown Docker path gets the rejection.
    if (!ctx.sessions.isValid(req.headers.cookie)) return rejectSession(ctx);
    return handleDocker(req, ctx, p.slice(DOCKER_PREFIX.length).split('/'));
  }
  return errorResponse(404, 'not found', ctx.options.errorBodyStyle);
}
