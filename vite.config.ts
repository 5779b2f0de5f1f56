import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';

const root = import.meta.dirname;

/**
 * The kit has no CSS files and preloads nothing (`modulePreload: false`), so Vite's preload
 * helper around each dynamic import has no work to do; a pass-through keeps its ~0.6 KB out of
 * every element.
 */
function noPreloadHelper(): Plugin {
  const id = '\0vite/preload-helper.js';
  return {
    name: 'ck:no-preload-helper',
    enforce: 'pre',
    apply: 'build',
    load: (requested) => (requested === id ? 'export const __vitePreload = (load) => load();' : undefined),
  };
}

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
/**
 * `vite build --mode classic`: one classic (non-module) script, dist/kit/checkout-kit.classic.js,
 * for pages that cannot load modules. Everything is inlined (locales too); the script finds
 * the proxy from its own `src`, as the module build does from `import.meta.url`.
 */
const classic = defineConfig({
  publicDir: false,
  define: { 'import.meta.url': '__ck_script_url__', 'import.meta.resolve': 'undefined' },
  build: {
    modulePreload: false,
    outDir: 'dist/kit',
    emptyOutDir: false,
    target: 'es2022',
    sourcemap: true,
    rollupOptions: {
      input: resolve(root, 'components/index.ts'),
      output: {
        format: 'iife',
        name: 'CheckoutKit',
        entryFileNames: 'checkout-kit.classic.js',
        // A classic script has no import.meta: take the URL from the <script> that loaded it.
        intro:
          "var __ck_script_url__ = (document.currentScript && document.currentScript.src) || new URL('checkout-kit.classic.js', document.baseURI).href;",
      },
    },
  },
});

const modules = defineConfig({
  publicDir: false,
  plugins: [noPreloadHelper()],
  build: {
    outDir: 'dist/kit',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    modulePreload: false,
    rollupOptions: {
      // The staff console (components/admin/, served at /admin/) is an entry of its own: no shop page loads it.
      input: { 'checkout-kit': resolve(root, 'components/index.ts'), ...elementEntries(), 'admin/console': resolve(root, 'components/admin/index.ts') },
      preserveEntrySignatures: 'exports-only',
      output: {
        format: 'es',
        entryFileNames: '[name].js',
        // The console's own chunks (chart.js, loaded by its analytics view) go under admin/: the
        // shop kit's chunks/ and its size report stay what they were.
        chunkFileNames: (chunk) =>
          chunk.moduleIds.length > 0 && chunk.moduleIds.every((id) => /[\\/](components[\\/]admin|node_modules[\\/](chart\.js|@kurkle))[\\/]/.test(id))
            ? 'admin/chunks/[name]-[hash].js'
            : 'chunks/[name]-[hash].js',
      },
    },
  },
});

/**
 * `vite build --mode package`: the ES modules of the npm package (dist/package/dist),
 * for shops that bundle the kit themselves. One module per source file (tree-shakeable, same
 * layout as the .d.ts files tsconfig.build.json emits beside them), not minified, and Lit,
 * @lit/*, zod, React and Flow's loader left as imports: the package depends on them, so a shop's
 * bundler shares one copy of Lit with the rest of its app. The /kit/ build above keeps bundling
 * everything, because browsers load it straight from the proxy.
 */
const external = /^(lit|@lit\/[^/]+|zod|react|@checkout\.com\/checkout-web-components)(\/.*)?$/;
const packageBuild = defineConfig({
  publicDir: false,
  build: {
    outDir: 'dist/package/dist',
    emptyOutDir: false,
    target: 'es2022',
    sourcemap: true,
    minify: false,
    // Library mode: dynamic imports stay plain `import()` (no preload helper of our own, which
    // would clash with the one the shop's Vite adds when it bundles the package).
    lib: {
      entry: {
        index: resolve(root, 'components/index.ts'),
        react: resolve(root, 'components/react/index.ts'),
        ...elementEntries(),
      },
      formats: ['es'],
    },
    rollupOptions: {
      external: (id) => external.test(id),
      preserveEntrySignatures: 'exports-only',
      output: { format: 'es', preserveModules: true, preserveModulesRoot: root, entryFileNames: '[name].js' },
    },
  },
});

export default defineConfig(({ mode }) => (mode === 'classic' ? classic : mode === 'package' ? packageBuild : modules));
