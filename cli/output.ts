/**
 * What `secureedge` prints: readable lines (plain when stdout is not a terminal, so logs and
 * mail from cron stay clean), or one JSON document with --json. Progress goes to stderr, and only
 * on a terminal. Nothing here ever sees the password; errors are core's secret-free messages.
 */
import type { EnsureEntry } from '../core';
import type { CliArgs } from './args';
import type { DeviceResult } from './device-run';

export interface Summary {
  command: string;
  dryRun: boolean;
  ok: boolean;
  changes: number;
  exitCode: number;
  devices: DeviceResult[];
}

/** plan (and apply --dry-run): 0 in sync, 2 changes needed, 1 error. apply: 0 done, 1 any failure. Others: 0 or 1. */
export function exitCodeOf(args: CliArgs, devices: DeviceResult[]): number {
  if (devices.some((d) => !d.ok)) return 1;
  const planOnly = args.command === 'plan' || (args.command === 'apply' && args.dryRun);
  if (planOnly && devices.some((d) => (d.changes ?? 0) > 0)) return 2;
  return 0;
}

export function summarize(args: CliArgs, devices: DeviceResult[]): Summary {
  return {
    command: args.command,
    dryRun: args.command === 'plan' || args.dryRun,
    ok: devices.every((d) => d.ok),
    changes: devices.reduce((n, d) => n + (d.changes ?? 0), 0),
    exitCode: exitCodeOf(args, devices),
    devices,
  };
}

const pad = (text: string, width: number) => (text.length >= width ? `${text} ` : text.padEnd(width));
const errorText = (e: Record<string, unknown> | undefined) => (e ? `${String(e.code)}: ${String(e.message)}` : '');

function containerLine(c: EnsureEntry, width: number, planOnly: boolean): string {
  const head = `  ${pad(c.name, width)}${pad(c.action, 10)}`;
  if (c.outcome === 'failed' || c.outcome === 'skipped') return `${head}${pad(c.outcome, 10)}${errorText(c.error)}`;
  if (planOnly) return `${head}${c.action === 'none' ? (c.reasons.length ? c.reasons.join('; ') : 'in sync') : c.reasons.join('; ')}`;
  const why = c.action === 'none' ? '' : `  (${c.reasons.join('; ')})`;
  return `${head}${pad(c.outcome, 10)}${c.running_state}${why}`;
}

function deviceLines(args: CliArgs, d: DeviceResult): string[] {
  const planOnly = args.command === 'plan' || args.dryRun;
  const title = `${args.command}${args.dryRun ? ' (dry run)' : ''} ${d.name === d.url ? d.url : `${d.name} (${d.url})`}`;
  if (d.error) return [`${title}: FAILED ${errorText(d.error)}`];
  const lines: string[] = [];
  if (d.containers) {
    const changes = d.changes ?? 0;
    const headline = planOnly
      ? changes === 0
        ? 'in sync'
        : `${changes} change${changes === 1 ? '' : 's'} needed`
      : d.ok
        ? changes === 0
          ? 'nothing to do'
          : `done, ${changes} changed`
        : 'FAILED';
    lines.push(`${title}: ${headline}`);
    const width = Math.max(4, ...d.containers.map((c) => c.name.length)) + 2;
    for (const c of d.containers) lines.push(containerLine(c, width, planOnly));
  } else if (d.states) {
    lines.push(`${title}: ${d.states.length} container${d.states.length === 1 ? '' : 's'}`);
    const width = Math.max(4, ...d.states.map((s) => s.name.length)) + 2;
    for (const s of d.states) lines.push(`  ${s.running_state === undefined ? s.name : `${pad(s.name, width)}${s.running_state}`}`);
  } else if (d.redeploy) {
    const r = d.redeploy;
    lines.push(`${title}: ${r.name} (${r.image}) ${r.running_state} after ${(r.durationMs / 1000).toFixed(1)} s`);
    for (const s of r.steps) lines.push(`  ${pad(s.step, 16)}${s.outcome}`);
  }
  return lines;
}

export function renderText(args: CliArgs, summary: Summary, fleet: boolean): string {
  const lines = summary.devices.flatMap((d) => deviceLines(args, d));
  if (fleet) {
    const failed = summary.devices.filter((d) => !d.ok);
    const total = summary.devices.length;
    lines.push(
      failed.length === 0
        ? `fleet: ${total} of ${total} devices ok`
        : `fleet: ${total - failed.length} of ${total} devices ok; failed: ${failed.map((d) => d.name).join(', ')}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

export function renderJson(summary: Summary): string {
  return `${JSON.stringify(summary, null, 2)}\n`;
}
