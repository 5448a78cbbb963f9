// Flat ESLint config: typescript-eslint's recommended rules, Prettier for formatting, and the layer
// boundaries of docs/adr/0005-one-way-to-do-each-thing.md: domain code imports nothing from the outer
// layers, from I/O libraries or from neuro-core beyond `@lcm/neuro-core/domain`; api and application code
// reach adapters only through ports, never `integration/` nor neuro-core's wiring entry (`/hosting`).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const ioLibraries = ['express', 'mongodb', 'bullmq', 'ioredis', 'axios', '@aws-sdk/*', 'pino', 'pino-http'];

/** `@lcm/neuro-core/domain` is for domain files; everything else finds the same names in `@lcm/neuro-core`. */
const domainEntryOutsideDomain = {
  regex: '^@lcm/neuro-core/domain$',
  message: 'outside the domain layer, import these names from @lcm/neuro-core (it re-exports /domain)',
};

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/dist/**', '**/coverage/**', '**/generated/**', '.nx/**', 'tmp/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          // `const { secret, ...shown } = state` is how a DTO leaves fields out.
          ignoreRestSiblings: true,
        },
      ],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    files: ['**/domain/**/*.ts'],
    ignores: ['packages/neuro-core/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/application/**', '**/api/**', '**/integration/**'],
              message: 'domain code may not import outer layers',
            },
            {
              group: ioLibraries,
              message: 'domain code stays free of I/O and framework libraries',
            },
            {
              regex: '^@lcm/neuro-core(?!/domain$)',
              message:
                'domain code imports neuro-core through @lcm/neuro-core/domain only, which loads no I/O',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/**/*.ts', 'tools/**/*.ts', 'k8s/**/*.ts'],
    ignores: ['apps/*/src/domain/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [domainEntryOutsideDomain] }] },
  },
  {
    // Production code only: a spec may exercise the real adapter beside the code that uses its port.
    files: ['apps/*/src/api/**/*.ts', 'apps/*/src/application/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            domainEntryOutsideDomain,
            {
              group: ['**/integration', '**/integration/**'],
              message:
                'api and application code use ports (application/services), never integration adapters; service.ts binds them',
            },
            {
              regex: '^@lcm/neuro-core/hosting$',
              message:
                'wiring (JobHost, repositories, hosts) belongs to service.ts and integration/; api and application code use @lcm/neuro-core',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/neuro-core/src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // The abstract Repository is the one data file domain code may see: it does no I/O.
              group: [
                '../data/**',
                '!../data/repository',
                '../hosting/**',
                '../events/**',
                '../jobs/**',
                ...ioLibraries,
              ],
              message: 'framework domain primitives stay free of I/O',
            },
          ],
        },
      ],
    },
  },
);
