const preset = require('../../jest.preset.cjs');

// The smoke run of every benchmark (tiny sizes): each one runs in its own process, as `npm run bench` runs it.
module.exports = {
  ...preset,
  displayName: 'bench',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  // The benches load the CPU on purpose; one at a time.
  maxWorkers: 1,
  testTimeout: 60_000,
};
