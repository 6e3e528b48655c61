// Shared jest settings: every package's jest.config.js re-exports this, so rootDir is the package.
// Tests run from TypeScript source (swc, native ESM); "@heka/source" makes @heka/core resolve to src/.
export default {
  testEnvironment: 'node',
  testEnvironmentOptions: { customExportConditions: ['@heka/source', 'node', 'node-addons'] },
  extensionsToTreatAsEsm: ['.ts', '.tsx'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.tsx?$': ['@swc/jest', {
      jsc: { parser: { syntax: 'typescript', tsx: true }, target: 'es2022' },
      module: { type: 'es6' },
    }],
  },
  testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/test/**/*.test.ts'],
  reporters: ['default', '<rootDir>/../../scripts/jest-totals-reporter.js'],
  testTimeout: 30000,
};
