const preset = require('../../jest.preset.cjs');

module.exports = {
  ...preset,
  displayName: 'cml-simulator',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
