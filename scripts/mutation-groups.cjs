/**
 * core/ in groups for mutation testing, each module with the suites written to test it.
 *
 * Why: most of core (options, transport, session, device-api) runs under every test, so a mutant
 * there is covered by nearly all 370 tests; running them all for each of ~1,800 mutants takes
 * hours on 2 cores. A group runs its modules against its own suites only: minutes each. Leaving a
 * suite out can only let a mutant survive, never kill one, so a group's score is a lower bound.
 *
 * STRYKER_GROUP=<name> npm run test:mutation   one group (its own report and incremental file)
 * npm run test:mutation:groups                 every group in turn, then the table (mutation-score.mjs)
 */
const core = (...m) => m.map((x) => `core/${x}.ts`);
const tests = (dir, ...names) => names.map((n) => `<rootDir>/test/${dir}/${n}.test.ts`);

const MUTATION_GROUPS = {
  session: {
    mutate: core('session', 'login', 'refusal-memory', 'retry', 'failure-rules', 'redact'),
    tests: [
      ...tests(
        'core',
        'session',
        'login-details',
        'network-errors',
        'refusal-windows',
        'refusal-memory',
        'redactor',
        'pool',
        'secrets-and-options',
        'cancel-details',
        'wait-through-failures',
        'own-transport-errors',
        'login-default-user',
        'failure-rules',
        'login-rules',
      ),
      ...tests('reliability', 'session-faults', 'renewal', 'redaction', 'device-restart', 'cookie-origin'),
    ],
  },
  answers: {
    mutate: core('device-api', 'errors', 'error-text', 'safe-json', 'schemas'),
    tests: [
      ...tests(
        'core',
        'device-answers',
        'network-errors',
        'operations',
        'login-details',
        'error-text',
        'error-text-bodies',
        'error-text-table',
        'device-api-answers',
        'error-shape',
        'secrets-and-options',
        'own-transport-errors',
        'client-surface',
      ),
      ...tests('reliability', 'bad-answers', 'redaction'),
    ],
  },
  input: {
    mutate: core('options', 'validate', 'form-spec', 'paths', 'rules', 'device-url'),
    tests: [
      ...tests(
        'core',
        'secrets-and-options',
        'option-errors',
        'option-limits',
        'input-edges',
        'bad-input',
        'bad-input-corpus',
        'text-input',
        'form-spec',
        'client-surface',
        'rules-text',
      ),
      // The tls options end to end: refused, accepted with the switch, verified with the CA.
      ...tests('reliability', 'tls'),
    ],
  },
  transport: {
    mutate: core('transport', 'request-cuts', 'device-link'),
    tests: [
      ...tests(
        'core',
        'deadlines',
        'deadline-watch',
        'shared-deadline-timer',
        'transport-body-limit',
        'cancel-details',
        'network-errors',
        'pool-sockets',
        'pool-keys',
        'client-surface',
      ),
      // redaction: the link gives the redactor the password (device-link.ts).
      ...tests('reliability', 'tls', 'device-restart', 'cookie-origin', 'redaction'),
    ],
  },
  create: {
    // cancel.ts: the pause between a wait's looks, cancelled or not.
    mutate: core('create-container', 'wait-for-state', 'poll', 'cancel', 'container-states', 'client'),
    tests: [
      ...tests(
        'core',
        'create-504',
        'wait-through-failures',
        'operations',
        'apply',
        'client-surface',
        'container-states',
        'wait-words',
        'create-answers',
        'create-wait-words',
        'poll-interval',
        'state-reads',
        'spec-not-echoed',
        'pause',
        // Found by hand to kill this group's mutants: start/stop/remove judged by the state after a
        // failed answer (device-answers), the empty state list, a timed-out wait's last failure, the
        // cancel in a pause and close() (input-edges), the client's inspect text (pool).
        'device-answers',
        'input-edges',
        'pool',
      ),
      // A stop cut by a restart, confirmed because the container is no longer running.
      ...tests('reliability', 'create-504', 'device-restart'),
    ],
  },
  redeploy: {
    mutate: core('redeploy', 'redeploy-outcome', 'redeploy-steps', 'redeploy-deps', 'rollback', 'recover'),
    tests: tests(
      'core',
      'redeploy',
      'redeploy-outcomes',
      'redeploy-report',
      'redeploy-rollback',
      'redeploy-lost-answers',
      'rollback-steps',
      'cancel-details',
      'redeploy-cancel-points',
      'redeploy-look',
      'redeploy-touched',
      'redeploy-create-answers',
      'rollback-edges',
    ),
  },
  desired: {
    mutate: core('plan', 'apply'),
    tests: tests('core', 'plan', 'plan-edges', 'apply', 'apply-options'),
  },
  watch: {
    mutate: core('watch', 'watch-events'),
    tests: tests('core', 'watch', 'watch-details', 'deadline-watch', 'input-edges', 'watch-settings', 'watch-polls', 'watch-schedule'),
  },
  pool: {
    mutate: core('pool', 'lazy-require', 'logger'),
    tests: tests('core', 'pool', 'pool-keys', 'pool-sockets', 'pool-lifetime', 'refusal-windows'),
  },
};

module.exports = { MUTATION_GROUPS };
