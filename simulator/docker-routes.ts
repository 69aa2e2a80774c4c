/**
 * The documented /api/v1/docker endpoints. The caller has already checked the session;
 * `segments` are the still-encoded path segments after /api/v1/docker/.
 */
import { createHash } from 'node:crypto';
import type { DeviceContext, SimRequest } from './context';
import { parseCreateRequest } from './create-request';
import type { Outcome } from './device-state';
import { errorResponse, gatewayPage, json, noContent, type SimResponse } from './responses';

type Handler = (args: string[]) => SimResponse | Promise<SimResponse>;
/** One route: the handlers by method, and the decoded path arguments they get. */
type Route = { args: string[]; methods: Record<string, Handler> };

export async function handleDocker(req: SimRequest, ctx: DeviceContext, encodedSegments: string[]): Promise<SimResponse> {
  const style = ctx.options.errorBodyStyle;
  let segments: string[];
  try {
    // Split first, decode after: an image name sent as nodered%2Fnode-red stays one segment.
    segments = encodedSegments.map((s) => decodeURIComponent(s));
  } catch {
    return errorResponse(400, 'malformed percent-encoding in path', style);
  }
  const route = findRoute(segments, ctx, req);
  if (!route) return errorResponse(404, 'not found', style);
  const handler = route.methods[req.method];
  if (!handler) {
    const r = errorResponse(405, 'method not allowed', style);
    r.headers.allow = Object.keys(route.methods).join(', ');
    return r;
  }
  return handler(route.args);
}

function findRoute(s: string[], ctx: DeviceContext, req: SimRequest): Route | undefined {
  if (s.some((x) => x === '')) return undefined;
  const [collection, name, action] = s;
  if (collection === 'images') {
    if (s.length === 1) return { args: [], methods: { GET: () => listImages(ctx) } };
    // images/<name...>/<tag>/details: a name with '/' may arrive unencoded and span several segments.
    if (s.length >= 4 && s[s.length - 1] === 'details') {
      const args = [s.slice(1, -2).join('/'), s[s.length - 2]];
      return { args, methods: { GET: ([n, t]) => imageDetails(ctx, n, t) } };
    }
    return undefined;
  }
  if (collection === 'containers') {
    if (s.length === 1) {
      return { args: [], methods: { GET: () => listContainers(ctx), POST: () => createContainer(ctx, req) } };
    }
    if (s.length === 2) return { args: [name], methods: { DELETE: ([n]) => actionAnswer(ctx, ctx.state.remove(n)) } };
    if (s.length === 3) {
      switch (action) {
        case 'status':
          return { args: [name], methods: { GET: ([n]) => containerStatus(ctx, n) } };
        case 'configuration':
          return { args: [name], methods: { GET: ([n]) => answer(ctx, ctx.state.configuration(n)) } };
        case 'start':
          return { args: [name], methods: { POST: ([n]) => startContainer(ctx, n) } };
        case 'stop':
          return { args: [name], methods: { POST: ([n]) => actionAnswer(ctx, ctx.state.stop(n, ctx.options.stopDelayMs)) } };
      }
    }
    return undefined;
  }
  if (collection === 'volumes' && s.length === 2) {
    return { args: [name], methods: { DELETE: ([n]) => actionAnswer(ctx, ctx.state.removeVolume(n)) } };
  }
  return undefined;
}

/** Made-up but stable extra fields, for the extraListFields switch. */
function extras(seed: string): { id: string; created: string } {
  const id = createHash('sha256').update(seed).digest('hex');
  return { id, created: '2025-01-01T00:00:00Z' };
}

function failure(ctx: DeviceContext, out: Extract<Outcome<unknown>, { ok: false }>): SimResponse {
  const status = out.kind === 'not-found' ? 404 : out.kind === 'conflict' ? ctx.options.conflictStatus : 500;
  return errorResponse(status, out.message, ctx.options.errorBodyStyle);
}

function answer(ctx: DeviceContext, out: Outcome<unknown>): SimResponse {
  return out.ok ? json(200, out.value) : failure(ctx, out);
}

/** start, stop, remove container, remove volume: 200 `{}` or 204, per actionSuccessStatus. */
function actionAnswer(ctx: DeviceContext, out: Outcome): SimResponse {
  if (!out.ok) return failure(ctx, out);
  return ctx.options.actionSuccessStatus === 204 ? noContent() : json(200, {});
}

/** Start, unless a start fault is set for the container's image (see Faults.startFaults). */
function startContainer(ctx: DeviceContext, name: string): SimResponse {
  const fault = ctx.faults.startFaultFor(ctx.state.imageOf(name));
  if (fault === 'fail') return errorResponse(500, `container "${name}" failed to start (injected start fault)`, ctx.options.errorBodyStyle);
  const to = fault === 'exit' ? 'exited' : fault === 'hang' ? 'restarting' : 'running';
  return actionAnswer(ctx, ctx.state.start(name, ctx.options.startDelayMs, to));
}

function listImages(ctx: DeviceContext): SimResponse {
  const extra = ctx.options.extraListFields;
  return json(
    200,
    ctx.state
      .listImages()
      .map((i) => (extra ? { ...extras(`${i.name}:${i.tag}`), name: i.name, tag: i.tag } : { name: i.name, tag: i.tag })),
  );
}

function imageDetails(ctx: DeviceContext, name: string, tag: string): SimResponse {
  const img = ctx.state.findImage(name, tag);
  if (!img) return errorResponse(404, `image ${name}:${tag} not found`, ctx.options.errorBodyStyle);
  const body: Record<string, unknown> = { size: img.size, platforms: [...img.platforms], error: img.error ?? null };
  if (ctx.options.extraListFields) body.digest = `sha256:${extras(`${name}:${tag}`).id}`;
  return json(200, body);
}

function listContainers(ctx: DeviceContext): SimResponse {
  const extra = ctx.options.extraListFields;
  return json(
    200,
    ctx.state.listContainers().map((name) => (extra ? { ...extras(name), name } : { name })),
  );
}

function containerStatus(ctx: DeviceContext, name: string): SimResponse {
  const out = ctx.state.status(name);
  if (!out.ok) return failure(ctx, out);
  return json(200, ctx.options.extraListFields ? { running_state: out.value, exit_code: 0 } : { running_state: out.value });
}

/**
 * The first create of an image waits for the copy into Docker's cache. When that outlasts
 * the gateway timeout the proxy answers 504 while creation goes on in the background.
 */
async function createContainer(ctx: DeviceContext, req: SimRequest): Promise<SimResponse> {
  const parsed = parseCreateRequest(req.body);
  if (!parsed.ok) return errorResponse(400, parsed.message, ctx.options.errorBodyStyle);
  const out = ctx.state.beginCreate(parsed.request, Date.now());
  if (!out.ok) return failure(ctx, out);
  const { readyInMs, ready } = out.value;
  const gatewayTimeoutMs = ctx.options.gatewayTimeoutMs;
  if (readyInMs > gatewayTimeoutMs) {
    await ctx.timers.sleep(gatewayTimeoutMs);
    return gatewayPage(504);
  }
  await ready;
  return json(200, {});
}
