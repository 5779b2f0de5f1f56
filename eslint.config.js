import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { configs as litConfigs } from 'eslint-plugin-lit';
import { configs as wcConfigs } from 'eslint-plugin-wc';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: ['dist/**', 'node_modules/**', 'storybook-static/**', 'custom-elements.json', '.data/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['components/**/*.ts', 'stories/**/*.ts', 'tests/components/**/*.ts'],
    ...litConfigs['flat/recommended'],
  },
  {
    files: ['components/**/*.ts', 'stories/**/*.ts', 'tests/components/**/*.ts'],
    ...wcConfigs['flat/recommended'],
    settings: { wc: { elementBaseClasses: ['LitElement', 'CkElement'] } },
  },
  {
    files: [
      'components/**/*.ts',
      'stories/**/*.ts',
      'tests/components/**/*.ts',
      'demo-pages/**/*.js',
      'server/emulator/client/**/*.js',
    ],
    languageOptions: { globals: globals.browser },
  },
  {
    files: ['server/**/*.ts', 'scripts/**/*.{ts,mjs}', 'components/package/*.mjs', 'tests/**/*.{ts,mjs}', '.ci/**/*.mjs', '*.{js,mjs,ts}', '.storybook/**/*.ts'],
    languageOptions: { globals: globals.node },
  },
  {
    // Tests read JSON answers of many shapes; `any` there is pragmatic, not a design choice.
    files: ['tests/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  // The boundaries: the kit (components/) and the proxy (server/) meet only in the contract
  // (contract/), which depends on neither; the kit takes the HTTP contract's schemas as types
  // only, so no zod schema is bundled into the browser.
  {
    files: ['server/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [{ group: ['**/components', '**/components/**'], message: 'The proxy must not import the kit (components/): share through contract/.' }] }],
    },
  },
  {
    files: ['components/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/server', '**/server/**'], message: 'The kit must not import the proxy (server/): share through contract/.' },
            { group: ['**/contract/api', '**/contract/api/**', '**/contract/api.*'], allowTypeImports: true, message: 'The kit imports the HTTP contract (contract/api) as types only: `import type { … }`.' },
          ],
        },
      ],
    },
  },
  {
    files: ['contract/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/components', '**/components/**', '**/server', '**/server/**'], message: 'The contract depends on neither the kit (components/) nor the proxy (server/).' }] },
      ],
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
);
