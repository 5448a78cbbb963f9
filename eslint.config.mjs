// Flat ESLint config: typescript-eslint's recommended rules, Prettier for formatting, and the layer
// boundaries of architecture.md: domain code imports nothing from the outer layers or from I/O libraries.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const ioLibraries = ['express', 'mongodb', 'bullmq', 'ioredis', 'axios', '@aws-sdk/*', 'pino', 'pino-http'];

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
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
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
              message: 'domain code may not import outer layers (architecture.md §2)',
            },
            {
              group: ioLibraries,
              message: 'domain code stays free of I/O and framework libraries (architecture.md §2)',
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
              group: ['../data/**', '../hosting/**', '../events/**', '../jobs/**', ...ioLibraries],
              message: 'framework domain primitives stay free of I/O',
            },
          ],
        },
      ],
    },
  },
);
