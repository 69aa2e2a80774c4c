/**
 * The files `secureedge` reads: a desired state for one device, a fleet of devices, or one
 * container spec (redeploy). Everything is checked before anything is sent, and an error names
 * the file and the field (`line-3.json: containers[1].ports[0].destination: ...`).
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod/v4';
import { containerSpecSchema, isSecureEdgeError, parseDesiredState, parseInput, type ContainerSpec, type DesiredState } from '../core';

/** A failure of the command itself (bad file, missing password, bad usage): exit 1, nothing sent. */
export class CliError extends Error {}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const deviceRef = z.strictObject({
  name: z.string().min(1).max(128).optional(),
  url: z.string().optional(),
  passwordEnv: z.string().regex(ENV_NAME, { error: 'must be the name of an environment variable, e.g. LINE3_PASSWORD' }).optional(),
});
const singleFile = z.strictObject({
  device: deviceRef.optional(),
  containers: z.array(z.unknown(), { error: 'must be a list of container specs' }),
  prune: z.unknown().optional(),
});
const fleetFile = z.strictObject({
  devices: z
    .array(
      z.strictObject({
        name: z.string({ error: 'must be a text' }).min(1, { error: 'must not be empty' }).max(128),
        url: z.string({ error: 'must be the device URL, e.g. http://192.168.140.1' }),
        passwordEnv: deviceRef.shape.passwordEnv,
        containers: z.array(z.unknown(), { error: 'must be a list of container specs' }).default([]),
        prune: z.unknown().optional(),
      }),
      { error: 'must be a list of devices' },
    )
    .min(1, { error: 'must list at least one device' }),
});

export interface DeviceEntry {
  name?: string;
  url?: string;
  passwordEnv?: string;
  desired: DesiredState;
}

export type DesiredFile = { kind: 'single'; device: DeviceEntry } | { kind: 'fleet'; devices: DeviceEntry[] };

function readJson(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new CliError(`${path}: cannot read the file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    // Only the position: the text around it may hold an environment value (a secret).
    const at = /position (\d+)/.exec((err as Error).message)?.[1];
    const where = at === undefined ? '' : ` at ${lineAndColumn(text, Number(at))}`;
    throw new CliError(`${path}: not valid JSON${where}. Nothing was sent to any device.`);
  }
}

function lineAndColumn(text: string, index: number): string {
  const before = text.slice(0, index).split('\n');
  return `line ${before.length}, column ${before[before.length - 1].length + 1}`;
}

/** core's INVALID_INPUT (which names the field) or our own shape check, as an error naming the file. */
function check<T>(path: string, run: () => T): T {
  try {
    return run();
  } catch (err) {
    if (isSecureEdgeError(err)) throw new CliError(`${path}: ${err.message.replace(/^Invalid input: (: )?/, '')}`);
    throw err;
  }
}

export function readDesiredFile(path: string): DesiredFile {
  const data = readJson(path);
  if (typeof data === 'object' && data !== null && !Array.isArray(data) && 'devices' in data) {
    const fleet = check(path, () => parseInput(fleetFile, data, '', false));
    const names = new Set<string>();
    const devices = fleet.devices.map((d, i) => {
      if (names.has(d.name))
        throw new CliError(`${path}: devices[${i}].name: device '${d.name}' is listed twice. Nothing was sent to any device.`);
      names.add(d.name);
      const desired = check(path, () =>
        parseDesiredState({ containers: d.containers, ...(d.prune === undefined ? {} : { prune: d.prune }) }, `devices[${i}]`),
      );
      return { name: d.name, url: d.url, passwordEnv: d.passwordEnv, desired };
    });
    return { kind: 'fleet', devices };
  }
  const single = check(path, () => parseInput(singleFile, data, '', false));
  const desired = check(path, () =>
    parseDesiredState({ containers: single.containers, ...(single.prune === undefined ? {} : { prune: single.prune }) }, ''),
  );
  return { kind: 'single', device: { ...single.device, desired } };
}

/** redeploy -f SPEC: one create body. */
export function readSpecFile(path: string): ContainerSpec {
  const data = readJson(path);
  return check(path, () => parseInput(containerSpecSchema, data, '', false));
}
