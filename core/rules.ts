/**
 * Every input rule, limit and default, stated once as plain data. core's zod schemas are built
 * from it (schemas.ts); the n8n descriptions import it; the Node-RED editor gets it at build time
 * (scripts/build-node-red-editor.mjs writes it into the browser code). Patterns are kept as
 * source text, not RegExp objects, because n8n's field validation and the browser both take text.
 * A drift test (test/architecture/rules-drift.test.ts) feeds the same names to all three.
 */

/** One check on a text: a pattern it must match, and what to say when it does not. */
export interface TextCheck {
  pattern: string;
  /** Completes "<label> ...": "must start with a letter or digit". */
  message: string;
}

/** A text field's rule: its name in messages, its length bounds, and its checks in order. */
export interface TextRule {
  label: string;
  minLength: number;
  maxLength: number;
  /** Said when the text is shorter than minLength but not empty. */
  tooShort?: string;
  checks: TextCheck[];
}

// Docker's own rule for container, volume and network names. Docker's daemon also wants at least
// two characters for container and volume names (its pattern ends in '+'), so one is refused here
// rather than by the device.
const DOCKER_NAME_CHECK: TextCheck = {
  pattern: '^[a-zA-Z0-9][a-zA-Z0-9_.-]*$',
  message: "must start with a letter or digit and contain only letters, digits, '_', '.' and '-'",
};
export const NAME_MAX = 128;

// Docker's reference grammar: optional registry host[:port], then lowercase path components
// separated by '/', each component alphanumerics joined by '.', '_', '__' or runs of '-'.
const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const HOST_PART = '[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?';
const DOMAIN = `(?:${HOST_PART}(?:\\.${HOST_PART})*(?::[0-9]+)?/)?`;

// No control characters: they cannot be typed in the device UI and break Docker's env handling.
const NO_CONTROL = '^[^\\u0000-\\u001f\\u007f]*$';

export const RULES = {
  containerName: {
    label: 'container name',
    minLength: 2,
    maxLength: NAME_MAX,
    tooShort: "must be at least 2 characters (Docker's rule)",
    checks: [DOCKER_NAME_CHECK],
  },
  volumeName: {
    label: 'volume name',
    minLength: 2,
    maxLength: NAME_MAX,
    tooShort: "must be at least 2 characters (Docker's rule)",
    checks: [DOCKER_NAME_CHECK],
  },
  networkName: { label: 'network name', minLength: 1, maxLength: NAME_MAX, checks: [DOCKER_NAME_CHECK] },
  imageName: {
    label: 'image name',
    minLength: 1,
    maxLength: 255,
    checks: [
      {
        pattern: `^${DOMAIN}${COMPONENT}(?:/${COMPONENT})*$`,
        message:
          "must follow Docker's rules: lowercase letters, digits and '.', '_', '-' separators, components joined by '/' (e.g. nginx or nodered/node-red)",
      },
    ],
  },
  imageTag: {
    label: 'image tag',
    minLength: 1,
    maxLength: 128,
    checks: [
      {
        pattern: '^[A-Za-z0-9_][A-Za-z0-9_.-]*$',
        message: "must start with a letter, digit or '_' and contain only letters, digits, '_', '.' and '-' (e.g. latest or 1.27.3)",
      },
    ],
  },
  envKey: {
    label: 'environment variable key',
    minLength: 1,
    maxLength: 1024,
    checks: [
      { pattern: '^[^=]*$', message: "must not contain '='" },
      { pattern: '^[^\\s\\u0000-\\u001f\\u007f]*$', message: 'must not contain spaces or control characters' },
    ],
  },
  containerPath: {
    label: 'container path',
    minLength: 2,
    maxLength: 4096,
    tooShort: "must be an absolute path such as /data (starting with '/')",
    checks: [
      { pattern: '^/', message: "must be an absolute path such as /data (starting with '/')" },
      { pattern: NO_CONTROL, message: 'must not contain control characters' },
      { pattern: '^(?!(?:.*/)?\\.\\.(?:/|$))', message: "must not contain '..'" },
    ],
  },
} satisfies Record<string, TextRule>;

export type RuleName = keyof typeof RULES;

/** Env values: any text without NUL, bounded. */
export const ENV_VALUE_MAX = 32768;

export const PORT_MIN = 1;
export const PORT_MAX = 65535;
export const PROTOCOLS = ['tcp', 'udp'] as const;
/** Longest port, volume and network lists a spec may hold; env has its own. */
export const LIST_MAX = 256;
export const ENV_LIST_MAX = 1024;

/** Docker's container states, as the device reports them. */
export const RUNNING_STATES = ['created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead'] as const;

/** The device UI puts every container on this network. */
export const DEFAULT_NETWORK = 'machine-builder';

/** Defaults every engine uses; the editors show them as placeholders. */
export const DEFAULTS = {
  /** One request to the device. */
  requestTimeoutMs: 30_000,
  /** Wait for state. */
  waitTimeoutMs: 60_000,
  /** A whole redeploy. */
  redeployTimeoutMs: 300_000,
  /** Create's wait after a 504 when the image size is unknown. */
  createTimeoutMs: 180_000,
  /** Polling: pauses of pollIntervalMs for pollTightForMs, then growing by half each time up to pollMaxIntervalMs. */
  pollIntervalMs: 25,
  pollTightForMs: 1000,
  pollMaxIntervalMs: 1500,
} as const;

/**
 * What is wrong with `value` under `rule`, in words ("must not contain '='"), or undefined when
 * it is fine. The editors use the same function (serialised into the Node-RED editor), so their
 * verdict and wording are core's.
 */
export function checkText(rule: TextRule, value: string): string | undefined {
  if (value.length === 0) return 'must not be empty';
  if (value.length < rule.minLength) return rule.tooShort ?? `must be at least ${rule.minLength} characters`;
  if (value.length > rule.maxLength) return `must be at most ${rule.maxLength} characters`;
  for (const check of rule.checks) if (!new RegExp(check.pattern).test(value)) return check.message;
  return undefined;
}

/**
 * The whole rule as one pattern, for validators that take a single regex (n8n's field
 * validation): the length bound and each check as lookaheads.
 */
export function combinedPattern(rule: TextRule): string {
  const checks = rule.checks.map((c) => `(?=${c.pattern.replace(/^\^/, '')})`).join('');
  return `^(?=[\\s\\S]{${rule.minLength},${rule.maxLength}}$)${checks}[\\s\\S]*$`;
}
