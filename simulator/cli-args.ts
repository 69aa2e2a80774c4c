/** Command-line flags of `secureedge-simulator`, parsed into SimulatorOptions. Kept apart from cli.ts so it can be tested without a process. */
import type { SimulatorOptions } from './types';

export const USAGE = `Usage: secureedge-simulator [options]

A simulated IXON SecureEdge Pro (local HTTP API: login and Docker endpoints) for tests,
demos and offline flow development. Log in as "admin" with the password given.

Options:
  --port <port>                 port to listen on (default 0: any free port)
  --password <password>         the device password (default "secureedge")
  --host <host>                 address to bind (default 127.0.0.1; the password is known, keep it local)
  --login-status <200|204|302>  answer to a successful login (default 200)
  --wrong-password <401|403|redirect|200>
                                answer to a wrong password (default 401)
  --session-rejection <401|403|redirect>
                                answer to a missing or expired session (default 401)
  --session-lifetime <seconds>  session cookie lifetime (default 86400)
  --gateway-timeout <ms>        how long the device's proxy waits for a create before 504 (default 1000)
  --error-body <json|text|html> style of error bodies (default json)
  --conflict-status <409|400|500>
                                answer to conflicts (default 409)
  --action-status <200|204>     answer to start/stop/remove (default 200)
  --start-delay <ms>            a started container shows "running" this long after the answer (default 0)
  --stop-delay <ms>             a stopped container shows "exited" this long after the answer (default 0)
  --latency <ms>                delay every answer (default 0)
  --extra-list-fields           add unknown fields to list answers
  --echo-received               error bodies and pages repeat the cookie and login body received (leak tests)
  --seed <n>                    seed for random faults
  --quiet                       do not print one line per request
  --help                        print this help
`;

export type CliResult =
  | { kind: 'help' }
  | { kind: 'error'; message: string }
  | { kind: 'run'; options: SimulatorOptions; latencyMs: number; quiet: boolean; passwordGiven: boolean };

const int = (v: string, min: number, max: number): number | undefined => {
  if (!/^\d+$/.test(v)) return undefined;
  const n = Number(v);
  return n >= min && n <= max ? n : undefined;
};

const oneOf = <T extends string | number>(v: string, allowed: readonly T[]): T | undefined =>
  allowed.find((a) => String(a) === v);

const VALUE_FLAGS = [
  '--port',
  '--password',
  '--host',
  '--login-status',
  '--wrong-password',
  '--session-rejection',
  '--session-lifetime',
  '--gateway-timeout',
  '--error-body',
  '--conflict-status',
  '--action-status',
  '--start-delay',
  '--stop-delay',
  '--latency',
  '--seed',
];

export function parseCliArgs(argv: string[]): CliResult {
  const options: SimulatorOptions = {};
  let latencyMs = 0;
  let quiet = false;
  let passwordGiven = false;
  const MAX_MS = 24 * 60 * 60 * 1000;

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') return { kind: 'help' };
    if (arg === '--quiet') {
      quiet = true;
      continue;
    }
    if (arg === '--extra-list-fields') {
      options.extraListFields = true;
      continue;
    }
    if (arg === '--echo-received') {
      options.echoReceived = true;
      continue;
    }
    if (!arg.startsWith('--')) return { kind: 'error', message: `unexpected argument "${arg}"` };
    // Both "--flag value" and "--flag=value".
    const eq = arg.indexOf('=');
    const flag = eq >= 0 ? arg.slice(0, eq) : arg;
    if (!VALUE_FLAGS.includes(flag)) return { kind: 'error', message: `unknown option ${flag}` };
    let value: string;
    if (eq >= 0) {
      value = arg.slice(eq + 1);
    } else {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) return { kind: 'error', message: `${flag} needs a value` };
      value = next;
      i++;
    }
    const bad = (expected: string): CliResult => ({ kind: 'error', message: `${flag}: expected ${expected}, got "${value}"` });
    switch (flag) {
      case '--port': {
        const n = int(value, 0, 65535);
        if (n === undefined) return bad('a port 0-65535');
        options.port = n;
        break;
      }
      case '--password':
        if (value === '') return bad('a non-empty password');
        options.password = value;
        passwordGiven = true;
        break;
      case '--host':
        if (value === '') return bad('a host name or address');
        options.host = value;
        break;
      case '--login-status': {
        const v = oneOf(value, [200, 204, 302] as const);
        if (v === undefined) return bad('200, 204 or 302');
        options.loginSuccessStatus = v;
        break;
      }
      case '--wrong-password': {
        const v = oneOf(value, [401, 403, 'redirect', 200] as const);
        if (v === undefined) return bad('401, 403, redirect or 200');
        options.wrongPasswordAnswer = v;
        break;
      }
      case '--session-rejection': {
        const v = oneOf(value, [401, 403, 'redirect'] as const);
        if (v === undefined) return bad('401, 403 or redirect');
        options.sessionRejection = v;
        break;
      }
      case '--session-lifetime': {
        const n = int(value, 1, 10 * 365 * 24 * 3600);
        if (n === undefined) return bad('a number of seconds (at least 1)');
        options.sessionLifetimeMs = n * 1000;
        break;
      }
      case '--gateway-timeout': {
        const n = int(value, 0, MAX_MS);
        if (n === undefined) return bad('a number of milliseconds');
        options.gatewayTimeoutMs = n;
        break;
      }
      case '--error-body': {
        const v = oneOf(value, ['json', 'text', 'html'] as const);
        if (v === undefined) return bad('json, text or html');
        options.errorBodyStyle = v;
        break;
      }
      case '--conflict-status': {
        const v = oneOf(value, [409, 400, 500] as const);
        if (v === undefined) return bad('409, 400 or 500');
        options.conflictStatus = v;
        break;
      }
      case '--action-status': {
        const v = oneOf(value, [200, 204] as const);
        if (v === undefined) return bad('200 or 204');
        options.actionSuccessStatus = v;
        break;
      }
      case '--start-delay':
      case '--stop-delay':
      case '--latency': {
        const n = int(value, 0, MAX_MS);
        if (n === undefined) return bad('a number of milliseconds');
        if (flag === '--start-delay') options.startDelayMs = n;
        else if (flag === '--stop-delay') options.stopDelayMs = n;
        else latencyMs = n;
        break;
      }
      case '--seed': {
        const n = int(value, 0, 2 ** 32 - 1);
        if (n === undefined) return bad('a non-negative integer');
        options.seed = n;
        break;
      }
      default:
        return { kind: 'error', message: `unknown option ${flag}` };
    }
  }
  return { kind: 'run', options, latencyMs, quiet, passwordGiven };
}
