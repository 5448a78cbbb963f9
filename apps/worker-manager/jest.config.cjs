const preset = require('../../jest.preset.cjs');

module.exports = {
  ...preset,
  displayName: 'worker-manager',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
