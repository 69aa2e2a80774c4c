/**
 * Command-line flags of `secureedge-simulator`, parsed into SimulatorOptions with Node's own
 * util.parseArgs. Kept apart from cli.ts so it can be tested without a process. What is ours is
 * only the table below: each flag's allowed values and where its value goes.
 */
import { parseArgs } from 'node:util';

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

interface Parsed {
  options: SimulatorOptions;
  latencyMs: number;
}

/** A flag's value checked and stored; `expected` is said when the value is refused. */
interface ValueFlag {
  expected: string;
  apply(value: string, into: Parsed): boolean;
}

const MAX_MS = 24 * 60 * 60 * 1000;

const int = (v: string, min: number, max: number): number | undefined => {
  if (!/^\d+$/.test(v)) return undefined;
  const n = Number(v);
  return n >= min && n <= max ? n : undefined;
};

/** A whole number in [min, max], stored by `set`. */
function number(expected: string, min: number, max: number, set: (n: number, into: Parsed) => void): ValueFlag {
  return {
    expected,
    apply(value, into) {
      const n = int(value, min, max);
      if (n === undefined) return false;
      set(n, into);
      return true;
    },
  };
}

/** One of a few values (numbers compared as text), stored by `set`. */
function oneOf<T extends string | number>(allowed: readonly T[], set: (v: T, into: Parsed) => void): ValueFlag {
  const words = allowed.map(String);
  return {
    expected: `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`,
    apply(value, into) {
      const v = allowed.find((a) => String(a) === value);
      if (v === undefined) return false;
      set(v, into);
      return true;
    },
  };
}

/** Any text but the empty one. */
function text(expected: string, set: (v: string, into: Parsed) => void): ValueFlag {
  return {
    expected,
    apply(value, into) {
      if (value === '') return false;
      set(value, into);
      return true;
    },
  };
}

const VALUE_FLAGS: Record<string, ValueFlag> = {
  port: number('a port 0-65535', 0, 65535, (n, p) => (p.options.port = n)),
  password: text('a non-empty password', (v, p) => (p.options.password = v)),
  host: text('a host name or address', (v, p) => (p.options.host = v)),
  'login-status': oneOf([200, 204, 302] as const, (v, p) => (p.options.loginSuccessStatus = v)),
  'wrong-password': oneOf([401, 403, 'redirect', 200] as const, (v, p) => (p.options.wrongPasswordAnswer = v)),
  'session-rejection': oneOf([401, 403, 'redirect'] as const, (v, p) => (p.options.sessionRejection = v)),
  'session-lifetime': number(
    'a number of seconds (at least 1)',
    1,
    10 * 365 * 24 * 3600,
    (n, p) => (p.options.sessionLifetimeMs = n * 1000),
  ),
  'gateway-timeout': number('a number of milliseconds', 0, MAX_MS, (n, p) => (p.options.gatewayTimeoutMs = n)),
  'error-body': oneOf(['json', 'text', 'html'] as const, (v, p) => (p.options.errorBodyStyle = v)),
  'conflict-status': oneOf([409, 400, 500] as const, (v, p) => (p.options.conflictStatus = v)),
  'action-status': oneOf([200, 204] as const, (v, p) => (p.options.actionSuccessStatus = v)),
  'start-delay': number('a number of milliseconds', 0, MAX_MS, (n, p) => (p.options.startDelayMs = n)),
  'stop-delay': number('a number of milliseconds', 0, MAX_MS, (n, p) => (p.options.stopDelayMs = n)),
  latency: number('a number of milliseconds', 0, MAX_MS, (n, p) => (p.latencyMs = n)),
  seed: number('a non-negative integer', 0, 2 ** 32 - 1, (n, p) => (p.options.seed = n)),
};

const SWITCHES = {
  help: { type: 'boolean', short: 'h' },
  quiet: { type: 'boolean' },
  'extra-list-fields': { type: 'boolean' },
  'echo-received': { type: 'boolean' },
} as const;

export function parseCliArgs(argv: string[]): CliResult {
  let values: Record<string, string | boolean | undefined>;
  try {
    const options = {
      ...SWITCHES,
      ...Object.fromEntries(Object.keys(VALUE_FLAGS).map((name) => [name, { type: 'string' as const }])),
    };
    ({ values } = parseArgs({ args: argv, options, strict: true, allowPositionals: false }));
  } catch (err) {
    return { kind: 'error', message: cliMessage(err as Error & { code?: string }) };
  }
  if (values.help) return { kind: 'help' };
  const parsed: Parsed = { options: {}, latencyMs: 0 };
  if (values['extra-list-fields']) parsed.options.extraListFields = true;
  if (values['echo-received']) parsed.options.echoReceived = true;
  for (const [name, flag] of Object.entries(VALUE_FLAGS)) {
    const value = values[name];
    if (typeof value !== 'string') continue;
    if (!flag.apply(value, parsed)) return { kind: 'error', message: `--${name}: expected ${flag.expected}, got "${value}"` };
  }
  return {
    kind: 'run',
    options: parsed.options,
    latencyMs: parsed.latencyMs,
    quiet: values.quiet === true,
    passwordGiven: typeof values.password === 'string',
  };
}

/** parseArgs's messages, shortened to what a person at a terminal needs. */
function cliMessage(err: Error & { code?: string }): string {
  const flag = /'(-{1,2}[\w-]+)/.exec(err.message)?.[1];
  if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option ${flag ?? ''}`.trim();
  if (err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return `${flag ?? 'an option'} needs a value`;
  if (err.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return `unexpected argument "${/'([^']*)'/.exec(err.message)?.[1] ?? ''}"`;
  return err.message;
}
