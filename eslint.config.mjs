// One lint over the whole tree (`npm run lint` runs `n8n-node lint`, which runs eslint on `.`).
//
// - What n8n loads (credentials/, nodes/SecureEdge*/ and the core/ they import) gets n8n's own
//   community-node rules, non-cloud profile: package.json has "n8n": { "strict": false }, which is
//   how n8n-node allows a config other than its default. This package is for self-hosted n8n
//   only: it has runtime dependencies (undici, tough-cookie, zod), which n8n Cloud forbids, and the
//   device it manages sits on a plant's local network, which n8n Cloud cannot reach anyway.
// - Everything else (the Node-RED adapter, the simulator, the command, tools, scripts, bench,
//   tests) gets typescript-eslint's and ESLint's recommended rules: the same bar, without n8n's
//   node-description rules that would misread Node-RED code.
import js from '@eslint/js';
import { globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { configWithoutCloudSupport } from '@n8n/node-cli/eslint';

/** The code n8n loads. */
const N8N_CODE = ['core/**/*.ts', 'credentials/**/*.ts', 'nodes/SecureEdge*/**/*.ts'];

/** n8n's configs, kept to the code n8n loads (they are written for a repository of n8n nodes only). */
const n8nConfigs = configWithoutCloudSupport.map((config) => {
  if (!config.files) return config;
  const scoped = config.files.some((f) => f === '**/*.ts' || f.startsWith('./nodes/'));
  return scoped
    ? { ...config, files: config.files.flatMap((f) => (f === '**/*.ts' || f.startsWith('./nodes/') ? N8N_CODE : [f])) }
    : config;
});

const TS_ELSEWHERE = ['**/*.ts'];

export default [
  // A disable comment that no longer disables anything is an error: the rule moved on, the comment must too.
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  globalIgnores([
    '**/node_modules/**',
    'dist/**',
    'coverage/**',
    'artifacts/**',
    '.tmp/**',
    '.demo/**',
    '.stryker-tmp/**',
    'reports/**',
    'examples/**',
    'n8n-workflows/**',
    'nodes/node-red/editor/**',
  ]),
  ...n8nConfigs,
  {
    // The runtime dependencies are deliberate (see above and the README).
    files: ['package.json'],
    rules: { '@n8n/community-nodes/no-runtime-dependencies': 'off' },
  },
  {
    // core/ imports no engine, so it cannot throw n8n's errors: it throws SecureEdgeError, and
    // nodes/SecureEdge/errors.ts turns that into NodeApiError / NodeOperationError.
    files: ['core/**/*.ts'],
    rules: { '@n8n/community-nodes/require-node-api-error': 'off' },
  },
  ...tseslint.configs.recommended.map((config) => ({ ...config, files: TS_ELSEWHERE, ignores: N8N_CODE })),
  {
    files: TS_ELSEWHERE,
    ignores: N8N_CODE,
    rules: {
      // `_name` marks a parameter a callback's position requires but the code does not use.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      // Node-RED nodes are constructor functions whose handlers close over the node.
      '@typescript-eslint/no-this-alias': ['error', { allowedNames: ['node'] }],
    },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    ...js.configs.recommended,
    languageOptions: { ecmaVersion: 2023, globals: { ...globals.node } },
    rules: {
      ...js.configs.recommended.rules,
      'no-unused-vars': ['error', { argsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
    },
  },
  {
    files: ['**/*.cjs', 'bench/lib/ts-require.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
  },
  {
    files: ['test/**/*.{js,cjs}', 'test/**/*.ts'],
    languageOptions: { globals: { ...globals.node, ...globals.jest } },
    rules: {
      // Tests read engine output that has no types (Node-RED msgs, n8n run data, supertest bodies),
      // and load modules afresh inside jest.isolateModules, which only require() can do.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
];
