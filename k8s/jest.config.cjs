const preset = require('../jest.preset.cjs');

module.exports = {
  ...preset,
  displayName: 'helm-chart',
  rootDir: __dirname,
  testMatch: ['<rootDir>/**/*.spec.ts'],
};
