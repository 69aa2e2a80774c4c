/** Jest runs the TypeScript tests directly; the Node-RED and n8n suites load the built dist/. */
module.exports = {
  // Every file runs in the secret-scanning environment: its teardown, after the file's last hook,
  // fails the file if a password or session cookie showed up anywhere (see the file's comment).
  testEnvironment: require.resolve('./test/support/secret-scan.environment.js'),
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] },
  testTimeout: 30000,
  maxWorkers: 2,
};
