const preset = require('../../jest.preset.cjs');

module.exports = {
  ...preset,
  displayName: 'e2e',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.e2e.spec.ts'],
  // The whole system runs as separate processes; one flow at a time.
  maxWorkers: 1,
  testTimeout: 180_000,
};
