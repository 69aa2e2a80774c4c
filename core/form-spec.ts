/**
 * Both editors (Node-RED's dialog, n8n's form fields) present the create spec the way the device's
 * own dialog does: container port, router port, protocol; volume name, container path; env; networks.
 * Editors hand numbers over as text, so whole-number text is accepted here, and only here; the
 * result is then validated by the same schema as any other spec.
 */
import { DEFAULT_NETWORK } from './rules';
import type { ContainerSpecInput } from './schemas';

export { DEFAULT_NETWORK } from './rules';

export interface ContainerForm {
  name: unknown;
  image: unknown;
  tag: unknown;
  ports?: Array<{ containerPort: unknown; routerPort: unknown; protocol?: unknown }>;
  volumes?: Array<{ volume: unknown; containerPath: unknown }>;
  env?: Array<{ key: unknown; value?: unknown }>;
  /** A list, or comma-separated text. Left out: the device UI's default, machine-builder. */
  networks?: unknown;
}

function portFromText(v: unknown): unknown {
  if (typeof v === 'string' && /^\s*\d+\s*$/.test(v)) return Number(v);
  return v;
}

function networkList(v: unknown): unknown {
  if (v === undefined || v === null) return [{ name: DEFAULT_NETWORK }];
  const names =
    typeof v === 'string'
      ? v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : v;
  if (!Array.isArray(names)) return names;
  return names.map((n) => (typeof n === 'string' ? { name: n.trim() } : n));
}

export function specFromForm(form: ContainerForm): ContainerSpecInput {
  return {
    container: { name: form.name },
    image: { name: form.image, tag: form.tag },
    ports: (form.ports ?? []).map((p) => ({
      source: portFromText(p.containerPort),
      destination: portFromText(p.routerPort),
      protocol: p.protocol === undefined || p.protocol === '' ? 'tcp' : p.protocol,
    })),
    volumes: (form.volumes ?? []).map((v) => ({ name: v.volume, destination: v.containerPath })),
    environment_variables: (form.env ?? []).map((e) => ({
      key: e.key,
      value: e.value === undefined || e.value === null ? '' : String(e.value),
    })),
    networks: networkList(form.networks),
  } as ContainerSpecInput;
}
