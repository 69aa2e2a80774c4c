/** Jest runs the TypeScript tests directly; the Node-RED and n8n suites load the built dist/. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] },
  testTimeout: 30000,
  maxWorkers: 2,
  setupFilesAfterEnv: ["<rootDir>/test/support/secret-scan.setup.ts"],
};
