/**
 * Reads the body of POST /api/v1/docker/containers the way the device's documentation
 * describes it. Strict on types (a typed backend rejects a port given as "80"), lenient on
 * unknown extra fields (the device ignores what it does not know).
 */

export interface PortMapping {
  /** Port inside the container ("Container port" in the device UI). */
  source: number;
  /** Port on the device ("Router port" in the device UI). */
  destination: number;
  protocol: 'tcp' | 'udp';
}

export interface VolumeMount {
  name: string;
  destination: string;
}

export interface EnvVar {
  key: string;
  value: string;
}

export interface CreateRequest {
  name: string;
  image: { name: string; tag: string };
  ports: PortMapping[];
  volumes: VolumeMount[];
  /** Named networks as given, duplicates and 'bridge' removed ('bridge' is always attached anyway). */
  networks: string[];
  env: EnvVar[];
}

/** Docker's own rule for container and local volume names. */
export const DOCKER_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

export type ParseResult = { ok: true; request: CreateRequest } | { ok: false; message: string };

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isPort(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 65535;
}

/** An optional list: absent or null means empty; anything else must be an array. */
function optionalList(body: Record<string, unknown>, field: string): unknown[] | string {
  const v = body[field];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) return `"${field}" must be a list`;
  return v;
}

export function parseCreateRequest(raw: string): ParseResult {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return { ok: false, message: 'request body is not valid JSON' };
  }
  if (!isObject(body)) return { ok: false, message: 'request body must be a JSON object' };

  const container = body.container;
  if (!isObject(container) || typeof container.name !== 'string' || container.name === '') {
    return { ok: false, message: '"container.name" is required' };
  }
  if (!DOCKER_NAME.test(container.name)) {
    return { ok: false, message: `invalid container name "${container.name}": only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed` };
  }
  const image = body.image;
  if (!isObject(image) || typeof image.name !== 'string' || image.name === '' || typeof image.tag !== 'string' || image.tag === '') {
    return { ok: false, message: '"image.name" and "image.tag" are required' };
  }

  const ports = optionalList(body, 'ports');
  if (typeof ports === 'string') return { ok: false, message: ports };
  const parsedPorts: PortMapping[] = [];
  for (const p of ports) {
    if (!isObject(p) || !isPort(p.source) || !isPort(p.destination) || (p.protocol !== 'tcp' && p.protocol !== 'udp')) {
      return { ok: false, message: 'each port needs "source" and "destination" (1-65535) and "protocol" ("tcp" or "udp")' };
    }
    parsedPorts.push({ source: p.source, destination: p.destination, protocol: p.protocol });
  }

  const volumes = optionalList(body, 'volumes');
  if (typeof volumes === 'string') return { ok: false, message: volumes };
  const parsedVolumes: VolumeMount[] = [];
  for (const v of volumes) {
    if (!isObject(v) || typeof v.name !== 'string' || !DOCKER_NAME.test(v.name)) {
      return { ok: false, message: 'each volume needs a "name" matching [a-zA-Z0-9][a-zA-Z0-9_.-]+' };
    }
    if (typeof v.destination !== 'string' || !v.destination.startsWith('/')) {
      return { ok: false, message: `volume "${v.name}": "destination" must be an absolute path in the container` };
    }
    parsedVolumes.push({ name: v.name, destination: v.destination });
  }

  const networks = optionalList(body, 'networks');
  if (typeof networks === 'string') return { ok: false, message: networks };
  const parsedNetworks: string[] = [];
  for (const n of networks) {
    if (!isObject(n) || typeof n.name !== 'string' || n.name.trim() === '') {
      return { ok: false, message: 'each network needs a non-empty "name"' };
    }
    if (n.name !== 'bridge' && !parsedNetworks.includes(n.name)) parsedNetworks.push(n.name);
  }

  const env = optionalList(body, 'environment_variables');
  if (typeof env === 'string') return { ok: false, message: env };
  const parsedEnv: EnvVar[] = [];
  for (const e of env) {
    if (!isObject(e) || typeof e.key !== 'string' || e.key === '' || e.key.includes('=') || typeof e.value !== 'string') {
      return { ok: false, message: 'each environment variable needs a "key" (non-empty, no "=") and a string "value"' };
    }
    parsedEnv.push({ key: e.key, value: e.value });
  }

  return {
    ok: true,
    request: {
      name: container.name,
      image: { name: image.name, tag: image.tag },
      ports: parsedPorts,
      volumes: parsedVolumes,
      networks: parsedNetworks,
      env: parsedEnv,
    },
  };
}
