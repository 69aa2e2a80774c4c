#!/usr/bin/env node
/**
 * `secureedge`: keep SecureEdge devices as a file says, from cron, a systemd timer or CI.
 * plan / apply a desired state (one device or a fleet), status, list, redeploy. Exit codes are
 * the contract scripts rely on (see USAGE); the password is never taken from, or printed to, the
 * command line.
 */
import { parseCliArgs, USAGE } from './args';
import { CliError } from './desired-file';
import { runOnDevice } from './device-run';
import { forEachLimited } from './fleet';
import { renderJson, renderText, summarize } from './output';
import { resolveRun } from './targets';

async function main(): Promise<number> {
  const parsed = parseCliArgs(process.argv.slice(2));
  if (parsed.kind === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (parsed.kind === 'error') {
    process.stderr.write(`secureedge: ${parsed.message}\nRun secureedge --help for the commands and options.\n`);
    return 1;
  }
  const { args } = parsed;
  const run = resolveRun(args, process.env);

  // Ctrl-C / SIGTERM: containers not yet begun are skipped; the one in hand finishes (a redeploy is never cut in half).
  const controller = new AbortController();
  const onSignal = (signal: string) => {
    if (controller.signal.aborted) process.exit(130);
    process.stderr.write(`secureedge: ${signal}: finishing the container in hand, skipping the rest (again to quit now)\n`);
    controller.abort();
  };
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));

  const showProgress = process.stderr.isTTY === true && !args.json;
  const progress = (device: string, text: string) => {
    if (showProgress) process.stderr.write(`… ${device}: ${text}\n`);
  };
  const devices = await forEachLimited(run.targets, args.concurrency, (target) =>
    runOnDevice(args, target, run.spec, progress, controller.signal),
  );
  const summary = summarize(args, devices);
  process.stdout.write(args.json ? renderJson(summary) : renderText(args, summary, run.fleet));
  return summary.exitCode;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    const message =
      err instanceof CliError
        ? err.message
        : `unexpected error: ${(err as Error)?.message ?? String(err)} (this is a bug; please report it)`;
    process.stderr.write(`secureedge: ${message}\n`);
    process.exitCode = 1;
  },
);
