/** Plain-HTTP helpers for the simulator's tests: Node's global fetch, no core/ code. */
import type { RunningSimulator } from '../../simulator';

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON (throws when it is not JSON). */
  json(): any;
}

export async function send(url: string, init: RequestInit = {}): Promise<Answer> {
  const res = await fetch(url, { redirect: 'manual', ...init });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) };
}

export function loginRequest(sim: RunningSimulator, password: string, username = 'admin'): Promise<Answer> {
  return send(`${sim.url}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password }).toString(),
  });
}

/** Logs in and returns the Cookie header value to send back ("id=<value>", value untouched). */
export async function login(sim: RunningSimulator, password = sim.password): Promise<string> {
  const res = await loginRequest(sim, password);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('id='));
  if (!cookie) throw new Error(`login failed: ${res.status} ${res.text}`);
  return cookie.split(';')[0];
}

/** A logged-in client for the Docker endpoints; paths are relative to /api/v1/docker and sent as written. */
export async function client(sim: RunningSimulator) {
  const cookie = await login(sim);
  const base = `${sim.url}/api/v1/docker`;
  return {
    cookie,
    get: (path: string) => send(base + path, { headers: { cookie } }),
    post: (path: string, body?: unknown) =>
      send(base + path, {
        method: 'POST',
        headers: body === undefined ? { cookie } : { cookie, 'content-type': 'application/json' },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      }),
    del: (path: string) => send(base + path, { method: 'DELETE', headers: { cookie } }),
  };
}

export type Client = Awaited<ReturnType<typeof client>>;

/** The documented create body of the vendor's Docker page, with overrides. */
export function nginxSpec(overrides: Record<string, unknown> = {}) {
  return {
    container: { name: 'nginx' },
    image: { name: 'nginx', tag: 'latest' },
    ports: [{ source: 80, destination: 8080, protocol: 'tcp' }],
    volumes: [],
    networks: [{ name: 'machine-builder' }],
    environment_variables: [],
    ...overrides,
  };
}

/** A minimal create body for container `name` from `image` (default nginx:latest). */
export function spec(name: string, extra: Record<string, unknown> = {}, image = { name: 'nginx', tag: 'latest' }) {
  return { container: { name }, image, ...extra };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resolves with the rejection of a request the simulator dropped (fetch fails: no HTTP answer at all). */
export async function expectNoAnswer(p: Promise<unknown>): Promise<void> {
  await expect(p).rejects.toThrow();
}
