const preset = require('../../jest.preset.cjs');

module.exports = {
  ...preset,
  displayName: 'ec2-simulator',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
