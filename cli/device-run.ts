/** One command on one device: its own client, one login, closed at the end. Failures become the device's result, never a throw. */
import { apply, isSecureEdgeError, SecureEdgeClient, SecureEdgeError, type EnsureEntry, type RedeployReport } from '../core';
import type { CliArgs } from './args';
import type { Target } from './targets';

export interface DeviceResult {
  name: string;
  url: string;
  ok: boolean;
  /** plan/apply: containers whose action is not `none`. */
  changes?: number;
  /** plan/apply: one entry per container. */
  containers?: EnsureEntry[];
  /** status/list */
  states?: Array<{ name: string; running_state?: string }>;
  redeploy?: RedeployReport;
  /** Why the device failed as a whole (unreachable, refused password, ...). */
  error?: Record<string, unknown>;
}

export type Progress = (device: string, text: string) => void;

export async function runOnDevice(
  args: CliArgs,
  target: Target,
  spec: unknown,
  progress: Progress,
  signal?: AbortSignal,
): Promise<DeviceResult> {
  const base = { name: target.name, url: target.url };
  let client: SecureEdgeClient | undefined;
  try {
    client = new SecureEdgeClient({ url: target.url, password: target.password, timeoutMs: args.timeoutMs });
    switch (args.command) {
      case 'plan':
      case 'apply': {
        const dryRun = args.command === 'plan' || args.dryRun;
        progress(target.name, dryRun ? 'planning' : 'applying');
        const result = await apply(client, target.desired!, {
          dryRun,
          signal,
          onProgress: (e) => progress(target.name, `${e.name}: ${e.action}${e.phase === 'begin' ? '…' : ` ${e.outcome}`}`),
        });
        return { ...base, ok: result.ok, changes: result.changes, containers: result.containers };
      }
      case 'status': {
        if (args.name !== undefined) return { ...base, ok: true, states: [await client.getContainerStatus(args.name)] };
        const list = await client.listContainers();
        const states = [];
        for (const c of list) states.push({ name: c.name, running_state: await stateOrAbsent(client, c.name) });
        return { ...base, ok: true, states };
      }
      case 'list':
        return { ...base, ok: true, states: (await client.listContainers()).map((c) => ({ name: c.name })) };
      case 'redeploy':
        progress(target.name, 'redeploying');
        return { ...base, ok: true, redeploy: await client.redeploy(spec as never) };
      default:
        throw new SecureEdgeError({ code: 'INVALID_INPUT', message: `unknown command ${String(args.command)}` });
    }
  } catch (err) {
    return { ...base, ok: false, error: errorJson(err) };
  } finally {
    await client?.close().catch(() => undefined);
  }
}

async function stateOrAbsent(client: SecureEdgeClient, name: string): Promise<string> {
  try {
    return (await client.getContainerStatus(name)).running_state;
  } catch (err) {
    if (isSecureEdgeError(err) && err.code === 'NOT_FOUND') return 'absent';
    throw err;
  }
}

function errorJson(err: unknown): Record<string, unknown> {
  if (isSecureEdgeError(err)) return err.toJSON();
  return new SecureEdgeError({ code: 'DEVICE_ERROR', message: String((err as Error)?.message ?? err) }).toJSON();
}
