import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

const root = import.meta.dirname;

/** One entry per element folder that has a define.ts: dist/kit/elements/ck-<name>.js */
export function elementEntries(): Record<string, string> {
  const dir = resolve(root, 'components');
  const entries: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) {
    const define = resolve(dir, name, 'define.ts');
    if (existsSync(define)) entries[`elements/ck-${name}`] = define;
  }
  return entries;
}

/**
 * The kit is served straight to browsers from /kit/, so it is built as a fully minified
 * set of ES modules (an app-style multi-entry build rather than library mode, which keeps
 * whitespace for downstream bundlers). Entry signatures are kept so every export is public.
 */
export default defineConfig({
  publicDir: false,
  build: {
    outDir: 'dist/kit',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    modulePreload: false,
    rollupOptions: {
      input: { 'checkout-kit': resolve(root, 'components/index.ts'), ...elementEntries() },
      preserveEntrySignatures: 'exports-only',
      output: {
        format: 'es',
        entryFileNames: '[name].js',
        chunkFileNames: 'chunks/[name]-[hash].js',
      },
    },
  },
});
