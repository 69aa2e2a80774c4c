#!/usr/bin/env node
/**
 * `secureedge-simulator`: one simulated device on a port, until SIGINT/SIGTERM.
 * Prints the URL, never the password (the user typed it) and never a cookie.
 */
import { parseCliArgs, USAGE } from './cli-args';
import { startSimulator } from './simulator';

async function main(): Promise<void> {
  const parsed = parseCliArgs(process.argv.slice(2));
  if (parsed.kind === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  if (parsed.kind === 'error') {
    process.stderr.write(`secureedge-simulator: ${parsed.message}\nRun secureedge-simulator --help for the options.\n`);
    process.exitCode = 2;
    return;
  }
  const { options, latencyMs, quiet, passwordGiven } = parsed;
  const sim = await startSimulator({
    ...options,
    // A long-running process must not keep every request forever.
    recordLimit: 1000,
    onRequest: quiet
      ? undefined
      : (r) => process.stdout.write(`${new Date(r.at).toISOString()} ${r.method} ${r.path} -> ${r.status || 'dropped'}\n`),
  });
  if (latencyMs > 0) sim.control.setFaults({ latencyMs });

  process.stdout.write(`SecureEdge simulator listening on ${sim.url}\n`);
  process.stdout.write(
    passwordGiven
      ? 'username: admin, password: (as given with --password)\n'
      : `username: admin, password: ${sim.password} (default; set one with --password)\n`,
  );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`${signal}: closing\n`);
    sim.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: NodeJS.ErrnoException) => {
  process.stderr.write(`secureedge-simulator: cannot start: ${err.code ?? ''} ${err.message}\n`);
  process.exit(1);
});
