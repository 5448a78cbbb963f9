const preset = require('../../jest.preset.cjs');

module.exports = {
  ...preset,
  displayName: 'e2e',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  // The whole system runs at once (as processes, or as replicas in one process); one flow at a time.
  maxWorkers: 1,
  testTimeout: 180_000,
};
