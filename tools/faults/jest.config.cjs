const preset = require('../../jest.preset.cjs');

// The fault suite (`npm run test:faults`), kept out of `npm test`: its target is `faults`, not `test`.
module.exports = {
  ...preset,
  displayName: 'faults',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  // Each scenario runs a whole system and breaks it: one at a time.
  maxWorkers: 1,
  testTimeout: 120_000,
};
