const preset = require('../../jest.preset.cjs');

module.exports = {
  ...preset,
  displayName: 'neuro-core',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  collectCoverage: true,
  coverageDirectory: '<rootDir>/../../coverage/packages/neuro-core',
  coverageReporters: ['text-summary', 'lcov'],
  collectCoverageFrom: ['src/**/*.ts', '!src/**/*.spec.ts', '!src/**/index.ts', '!src/testing/**'],
  coverageThreshold: { global: { lines: 90 } },
};
