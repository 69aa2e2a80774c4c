// Mutation testing of core/ (npm run test:mutation). Not part of npm test: about 3,600 mutants (a
// third do not compile and are dropped by the TypeScript checker). All of core/ against every
// suite takes hours on 2 cores; npm run test:mutation:groups runs it in groups (STRYKER_GROUP).
// flaky-device.test.ts is left out: its 100 ms deadlines do not hold under coverage instrumentation.
// Only suites that load core/ from source count: the Node-RED and n8n suites load dist/, which
// Stryker does not mutate, so they would only add time.
import { resolve } from 'node:path';
import groups from './scripts/mutation-groups.cjs';

const { MUTATION_GROUPS } = groups;

// STRYKER_GROUP=<name> mutates one group of modules against the suites written for it
// (scripts/mutation-groups.cjs): minutes instead of hours, and a lower bound on the score.
const groupName = process.env.STRYKER_GROUP;
const group = groupName === undefined ? undefined : MUTATION_GROUPS[groupName];
if (groupName !== undefined && !group) {
  throw new Error(`STRYKER_GROUP=${groupName} is not a group; groups: ${Object.keys(MUTATION_GROUPS).join(', ')}`);
}
// STRYKER_RUN_NAME gives a run its own incremental file, events and reports, so runs over different
// --mutate subsets can go side by side (each keeps its own results; see README, Mutation testing).
const runName = process.env.STRYKER_RUN_NAME ?? groupName ?? 'core';
const eventsDir = `reports/mutation/events-${runName}`;
// Read by the runners' jest filter (scripts/stryker-covering-tests.cjs); child processes inherit them.
process.env.STRYKER_EVENTS_DIR = resolve(eventsDir);
process.env.STRYKER_RUN_STARTED = String(Date.now());
const ALL_TESTS = [
  '<rootDir>/test/core/*.test.ts',
  '<rootDir>/test/reliability/{bad-answers,cookie-origin,create-504,device-restart,session-faults,tls,redaction,renewal}.test.ts',
];

// STRYKER_TESTS=test/core/pool.test.ts,... runs a --mutate subset against only the suites that
// cover it (e.g. core/pool.ts against pool.test.ts): the dry run then takes seconds, not minutes.
// Leaving out a suite that covers the subset would only let mutants survive, never kill one.
const onlyTests = process.env.STRYKER_TESTS ? process.env.STRYKER_TESTS.split(',').map((t) => `<rootDir>/${t.trim()}`) : undefined;

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'jest',
  checkers: ['typescript'],
  // core/ only: checking the whole project for each mutant made the checker the bottleneck.
  tsconfigFile: 'tsconfig.stryker.json',
  mutate: group?.mutate ?? ['core/**/*.ts'],
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
      testMatch: onlyTests ?? group?.tests ?? ALL_TESTS,
      // Stryker filters each mutant's run by test name but has Jest load every test file; this
      // loads only the files holding a covering test (same tests, same verdict; see the file).
      filter: '<rootDir>/scripts/stryker-covering-tests.cjs',
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
  // The jest filter above reads the dry run and the plan from here.
  eventReporter: { baseDir: eventsDir },
  jsonReporter: { fileName: `reports/mutation/${runName}.json` },
  htmlReporter: { fileName: `reports/mutation/${runName}.html` },
  // Later runs retest only the mutants whose code or covering tests changed (reports/stryker-incremental.json).
  incremental: true,
  incrementalFile: `reports/stryker-incremental-${runName}.json`,
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
