// Shared Jest settings for every project: SWC transform (legacy decorators, no metadata, as esbuild),
// ESM-only dependencies transformed to CommonJS, workspace packages resolved to their sources.
const path = require('node:path');

// The AWS SDK warns on every test file that it will need Node 22 from 2027; engines and the images say so already.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: false },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  },
];

module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.(ts|js|mjs)$': swc },
  transformIgnorePatterns: ['node_modules/(?!(inversify|@inversifyjs|jose|oauth4webapi|oidc-provider)/)'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  moduleNameMapper: {
    '^@lcm/neuro-core/(domain|hosting|testing)$': path.join(__dirname, 'packages/neuro-core/src/$1/index.ts'),
    '^@lcm/(cml-simulator|ec2-simulator)$': path.join(__dirname, 'tools/$1/src/index.ts'),
    '^@lcm/(.*)$': path.join(__dirname, 'packages/$1/src/index.ts'),
  },
  reporters: ['default', path.join(__dirname, 'tools/jest/summary-reporter.cjs')],
  testTimeout: 20000,
};
