const preset = require('../../jest.preset.cjs');

module.exports = {
  ...preset,
  displayName: 'lcm-cli',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
