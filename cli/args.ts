/** The command line of `secureedge`, parsed with Node's own util.parseArgs. Kept apart from the entry so it reads as the reference. */
import { parseArgs } from 'node:util';

export const COMMANDS = ['plan', 'apply', 'status', 'list', 'redeploy'] as const;
export type CommandName = (typeof COMMANDS)[number];

export const USAGE = `Usage: secureedge <command> [options]

Keep the containers of IXON SecureEdge Pro devices as a file says they should be.

Commands:
  plan -f FILE              what would change (exit 0: in sync, 2: changes needed, 1: error)
  apply -f FILE [--dry-run] make the devices match the file (exit 0: done or nothing to do, 1: any failure);
                            --dry-run changes nothing and exits as plan does
  status [NAME]             the state of one container, or of every container
  list                      the containers on the device
  redeploy -f SPEC          replace one container (SPEC: one create body) and check that it runs

FILE: {"device": {"url": ...}, "containers": [spec, ...], "prune": false}, specs in the API's create shape;
or a fleet: {"devices": [{"name", "url", "passwordEnv", "containers": [...], "prune"}]}.

Options:
  -f, --file <path>         the desired-state file (also accepted by status and list for the device)
      --url <url>           the device, e.g. http://192.168.140.1 (or SECUREEDGE_URL, or the file's device.url)
      --password-file <path>  a file holding the device password (or SECUREEDGE_PASSWORD)
      --dry-run             apply: plan only, change nothing
      --concurrency <n>     fleet: devices worked on at once (default 4)
      --timeout <seconds>   per request to a device (default 30)
      --json                one JSON document on stdout, for scripts
  -h, --help                this text

The password is never taken on the command line (it would show in the process list) and never printed.
`;

export interface CliArgs {
  command: CommandName;
  /** status NAME */
  name?: string;
  file?: string;
  url?: string;
  passwordFile?: string;
  dryRun: boolean;
  json: boolean;
  concurrency: number;
  timeoutMs: number;
}

export type ParsedArgs = { kind: 'help' } | { kind: 'error'; message: string } | { kind: 'run'; args: CliArgs };

const DEFAULT_CONCURRENCY = 4;
const DEFAULT_TIMEOUT_S = 30;

function positiveInt(flag: string, value: string | undefined, fallback: number, max: number): number | string {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > max)
    return `${flag} must be a whole number from 1 to ${max} (got "${value}")`;
  return Number(value);
}

export function parseCliArgs(argv: string[]): ParsedArgs {
  // A password on the command line would be visible to every user of the machine (ps): refuse it by name.
  if (argv.some((a) => a === '--password' || a.startsWith('--password='))) {
    return {
      kind: 'error',
      message: '--password is not accepted (it would show in the process list): set SECUREEDGE_PASSWORD or use --password-file',
    };
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        file: { type: 'string', short: 'f' },
        url: { type: 'string' },
        'password-file': { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        concurrency: { type: 'string' },
        timeout: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err) {
    return { kind: 'error', message: (err as Error).message };
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  const [command, ...rest] = positionals;
  if (command === undefined) return { kind: 'error', message: `no command: use one of ${COMMANDS.join(', ')}` };
  if (!(COMMANDS as readonly string[]).includes(command))
    return { kind: 'error', message: `unknown command "${command}": use one of ${COMMANDS.join(', ')}` };
  const cmd = command as CommandName;
  const maxPositionals = cmd === 'status' ? 1 : 0;
  if (rest.length > maxPositionals) return { kind: 'error', message: `unexpected argument "${rest[maxPositionals]}"` };
  if ((cmd === 'plan' || cmd === 'apply' || cmd === 'redeploy') && !values.file) return { kind: 'error', message: `${cmd} needs -f FILE` };
  if (values['dry-run'] && cmd !== 'apply') return { kind: 'error', message: '--dry-run is an option of apply' };
  const concurrency = positiveInt('--concurrency', values.concurrency, DEFAULT_CONCURRENCY, 256);
  if (typeof concurrency === 'string') return { kind: 'error', message: concurrency };
  const timeout = positiveInt('--timeout', values.timeout, DEFAULT_TIMEOUT_S, 3600);
  if (typeof timeout === 'string') return { kind: 'error', message: timeout };
  return {
    kind: 'run',
    args: {
      command: cmd,
      name: rest[0],
      file: values.file,
      url: values.url,
      passwordFile: values['password-file'],
      dryRun: values['dry-run'] === true,
      json: values.json === true,
      concurrency,
      timeoutMs: timeout * 1000,
    },
  };
}
