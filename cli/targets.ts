/**
 * Which devices a run talks to, with their URL and password, all settled before anything is
 * sent. The password comes from SECUREEDGE_PASSWORD, --password-file, or per fleet device from
 * the environment variable its `passwordEnv` names; never from the command line.
 */
import { readFileSync } from 'node:fs';
import { isSecureEdgeError, parseDeviceUrl, type ContainerSpec, type DesiredState } from '../core';
import type { CliArgs } from './args';
import { CliError, readDesiredFile, readSpecFile, type DeviceEntry } from './desired-file';

export interface Target {
  /** The fleet file's name for the device, or its URL. */
  name: string;
  url: string;
  password: string;
  desired?: DesiredState;
}

export interface Run {
  fleet: boolean;
  targets: Target[];
  /** redeploy -f SPEC */
  spec?: ContainerSpec;
}

type Env = Record<string, string | undefined>;

function readPasswordFile(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new CliError(`--password-file ${path}: cannot read the file (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  // One trailing newline is the editor's, not the password's.
  const password = text.replace(/\r?\n$/, '');
  if (password === '') throw new CliError(`--password-file ${path}: the file is empty`);
  return password;
}

function deviceUrl(url: string | undefined, where: string): string {
  if (url === undefined || url.trim() === '') {
    throw new CliError(
      `no device URL for ${where}: give --url, set SECUREEDGE_URL, or put "device": {"url": ...} in the file. Nothing was sent.`,
    );
  }
  try {
    return parseDeviceUrl(url);
  } catch (err) {
    if (isSecureEdgeError(err)) throw new CliError(`${where}: ${err.message.replace(/^Invalid input: /, '')}`);
    throw err;
  }
}

export function resolveRun(args: CliArgs, env: Env): Run {
  const fallbackPassword = (): string | undefined => {
    if (args.passwordFile !== undefined) return readPasswordFile(args.passwordFile);
    const fromEnv = env.SECUREEDGE_PASSWORD;
    return fromEnv === undefined || fromEnv === '' ? undefined : fromEnv;
  };
  const passwordFor = (device: DeviceEntry, where: string): string => {
    if (device.passwordEnv !== undefined) {
      const value = env[device.passwordEnv];
      if (value === undefined || value === '')
        throw new CliError(`${where}: the environment variable ${device.passwordEnv} (its passwordEnv) is not set. Nothing was sent.`);
      return value;
    }
    const password = fallbackPassword();
    if (password === undefined)
      throw new CliError(`no password for ${where}: set SECUREEDGE_PASSWORD or use --password-file. Nothing was sent.`);
    return password;
  };
  const single = (device: DeviceEntry | undefined, desired?: DesiredState): Run => {
    const url = deviceUrl(args.url ?? env.SECUREEDGE_URL ?? device?.url, 'the device');
    const name = device?.name ?? url;
    return {
      fleet: false,
      targets: [{ name, url, password: passwordFor(device ?? { desired: { containers: [], prune: false } }, name), desired }],
    };
  };

  if (args.command === 'redeploy') {
    const spec = readSpecFile(args.file!);
    return { ...single(undefined), spec };
  }
  if (args.file === undefined) return single(undefined);
  const file = readDesiredFile(args.file);
  if (file.kind === 'single') return single(file.device, file.device.desired);
  if (args.url !== undefined)
    throw new CliError(`${args.file} is a fleet file: each device has its own url there, so --url cannot be used.`);
  const targets = file.devices.map((d, i) => {
    const where = `${args.file}: devices[${i}] '${d.name}'`;
    return { name: d.name!, url: deviceUrl(d.url, where), password: passwordFor(d, where), desired: d.desired };
  });
  return { fleet: true, targets };
}
