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
    files: ['server/**/*.ts', 'components/package/*.mjs', 'tests/**/*.{ts,mjs}', '.ci/**/*.mjs', '*.{js,mjs,ts}', '.storybook/**/*.ts'],
    languageOptions: { globals: globals.node },
  },
  {
    // Tests read JSON answers of many shapes; `any` there is pragmatic, not a design choice.
    files: ['tests/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
);
