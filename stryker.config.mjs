// Mutation testing of core/ (npm run test:mutation). Not part of npm test: about 1,600 mutants, each
// run against the tests that cover it: hours on 2 cores.
// flaky-device.test.ts is left out: its 100 ms deadlines do not hold under coverage instrumentation.
// Only suites that load core/ from source count: the Node-RED and n8n suites load dist/, which
// Stryker does not mutate, so they would only add time.
//
// STRYKER_SCOPE=secrets (npm run test:mutation:secrets) mutates only the modules behind the secret
// and session promises (redaction, session, login) against the suites that test them: a run that
// fits in half an hour even on a busy 2-core machine.
const focus = process.env.STRYKER_SCOPE === 'secrets';
const FOCUS_FILES = ['core/redact.ts', 'core/session.ts', 'core/login.ts'];
const FOCUS_TESTS = ['<rootDir>/test/core/session.test.ts', '<rootDir>/test/reliability/{redaction,renewal}.test.ts'];
const ALL_TESTS = [
  '<rootDir>/test/core/*.test.ts',
  '<rootDir>/test/reliability/{bad-answers,cookie-origin,create-504,device-restart,session-faults,tls,redaction,renewal}.test.ts',
];

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'jest',
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.json',
  mutate: focus ? FOCUS_FILES : ['core/**/*.ts'],
  coverageAnalysis: 'perTest',
  // A mutant in a module-level constant would need every test for itself (hours on 2 cores).
  ignoreStatic: true,
  concurrency: 1,
  timeoutMS: 10000,
  jest: {
    projectType: 'custom',
    configFile: 'jest.config.js',
    enableFindRelatedTests: false,
    config: {
      // Types are the TypeScript checker's job here: ts-jest only strips them, which is much faster.
      transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.transpile.json', diagnostics: false }] },
      testMatch: focus ? FOCUS_TESTS : ALL_TESTS,
    },
  },
  ignorePatterns: [
    'dist',
    'docs',
    'reports',
    'artifacts',
    '.tmp',
    '.demo',
    'tools',
    '**/node_modules',
    'test/compat/**/node_modules',
    'nodes/node-red/editor',
  ],
  // event-recorder writes each mutant's result as it is known (reports/mutation/events), so a run
  // stopped early still says which mutants survived.
  reporters: ['clear-text', 'progress', 'json', 'html', 'event-recorder'],
  eventReporter: { baseDir: 'reports/mutation/events' },
  jsonReporter: { fileName: `reports/mutation/${focus ? 'secrets' : 'core'}.json` },
  htmlReporter: { fileName: `reports/mutation/${focus ? 'secrets' : 'core'}.html` },
  // Later runs retest only the mutants whose code or covering tests changed (reports/stryker-incremental.json).
  incremental: true,
  incrementalFile: `reports/stryker-incremental-${focus ? 'secrets' : 'core'}.json`,
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
