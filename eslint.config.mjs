// n8n's community-node lint (`npm run lint` = `n8n-node lint`), non-cloud profile: package.json
// has "n8n": { "strict": false }, which is how n8n-node allows a config other than its default.
//
// This package is for self-hosted n8n only. It has runtime dependencies (undici, tough-cookie,
// zod), which n8n Cloud's verification forbids, and the device it manages sits on a plant's
// local network, which n8n Cloud cannot reach anyway.
import { globalIgnores } from 'eslint/config';
import { configWithoutCloudSupport } from '@n8n/node-cli/eslint';

export default [
  // Linted: what n8n loads (credentials/, nodes/SecureEdge/ and the core/ they import) and
  // package.json. Not linted here: the Node-RED adapter, the simulator, tests and tooling,
  // which n8n never loads and which follow their own engines' conventions.
  globalIgnores(['nodes/node-red/**', 'simulator/**', 'test/**', 'bench/**', 'scripts/**', 'examples/**', 'coverage/**', 'artifacts/**', '.tmp/**', '.demo/**', 'dist/**']),
  ...configWithoutCloudSupport,
  {
    // The runtime dependencies are deliberate (see above and the README).
    files: ['package.json'],
    rules: { '@n8n/community-nodes/no-runtime-dependencies': 'off' },
  },
  {
    // core/ and the `secureedge` command (cli/) import no engine, so they cannot throw n8n's errors: it throws SecureEdgeError, and
    // nodes/SecureEdge/errors.ts turns that into NodeApiError / NodeOperationError.
    files: ['core/**/*.ts', 'cli/**/*.ts'],
    rules: { '@n8n/community-nodes/require-node-api-error': 'off' },
  },
];
