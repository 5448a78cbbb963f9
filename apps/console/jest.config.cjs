const preset = require('../../jest.preset.cjs');

module.exports = {
  ...preset,
  displayName: 'console',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/server/**/*.spec.ts'],
};
