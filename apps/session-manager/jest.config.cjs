const preset = require('../../jest.preset.cjs');

module.exports = {
  ...preset,
  displayName: 'session-manager',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
