export default {
  globs: ['components/**/*.ts'],
  exclude: ['components/**/*.styles.ts', 'components/**/define.ts', 'components/core/locales/**', 'components/index.ts'],
  outdir: '.',
  litelement: true,
};
