import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';

const root = import.meta.dirname;

/**
 * After the kit is written: every script also as `.br` (brotli, quality 11) and `.gz` (level 9)
 * beside it, which the proxy serves as the browser accepts (server/plugins/static.ts,
 * `preCompressed`), so nothing is compressed per request; and, for the module build,
 * dist/kit/kit-manifest.json: the chunks each entry imports statically (the proxy names the
 * entry's in a `Link: rel=modulepreload` header).
 */
function kitFiles(): Plugin {
  return {
    name: 'ck:kit-files',
    apply: 'build',
    async writeBundle(options, bundle) {
      const dir = options.dir ?? resolve(root, 'dist/kit');
      const br = promisify(brotliCompress);
      const gz = promisify(gzip);
      // On libuv's thread pool, in parallel.
      await Promise.all(
        Object.values(bundle).flatMap((file) => {
          if (file.type !== 'chunk') return [];
          const code = Buffer.from(file.code);
          return [
            br(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: code.length } }).then((out) => writeFile(resolve(dir, `${file.fileName}.br`), out)),
            gz(code, { level: 9 }).then((out) => writeFile(resolve(dir, `${file.fileName}.gz`), out)),
          ];
        }),
      );
      const entry = bundle['checkout-kit.js'];
      if (entry?.type !== 'chunk') return;
      const elements: Record<string, string[]> = {};
      for (const file of Object.values(bundle)) {
        const tag = file.type === 'chunk' && file.isEntry ? /^elements\/(ck-[\w-]+)\.js$/.exec(file.fileName)?.[1] : undefined;
        if (tag && file.type === 'chunk') elements[tag] = [file.fileName, ...file.imports];
      }
      const manifest = { entry: { file: entry.fileName, imports: entry.imports }, elements };
      writeFileSync(resolve(dir, 'kit-manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    },
  };
}

/** Index after the `}` that closes a template expression starting at `i` (just past `${`). */
function skipExpression(code: string, i: number): number {
  let depth = 1;
  while (i < code.length) {
    const c = code[i];
    if (c === '`') {
      i = scanTemplate(code, i + 1)?.end ?? code.length;
      continue;
    }
    if (c === '"' || c === "'") {
      for (i++; i < code.length && code[i] !== c; i++) if (code[i] === '\\') i++;
      i++;
      continue;
    }
    if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i + 1;
    i++;
  }
  return i;
}

/** A template literal's static parts (`[start, end)` ranges), from just past its opening backtick. */
function scanTemplate(code: string, i: number): { end: number; quasis: Array<[number, number]> } | undefined {
  const quasis: Array<[number, number]> = [];
  let start = i;
  while (i < code.length) {
    const c = code[i];
    if (c === '\\') i += 2;
    else if (c === '`') {
      quasis.push([start, i]);
      return { end: i + 1, quasis };
    } else if (c === '$' && code[i + 1] === '{') {
      quasis.push([start, i]);
      start = i = skipExpression(code, i + 2);
    } else i++;
  }
  return undefined;
}

/** CSS with its comments and the whitespace that means nothing taken out; quoted strings stay as they are. */
function minifyCss(text: string): string {
  return text
    .split(/('(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*")/)
    .map((part, i) =>
      i % 2
        ? part
        : part
            .replace(/\/\*[^]*?\*\//g, '')
            .replace(/\s+/g, ' ')
            .replace(/ ?([{};,]) ?/g, '$1')
            .replace(/: /g, ':')
            .replace(/;}/g, '}'),
    )
    .join('');
}

/**
 * The markup of the kit's elements (Lit `html` templates) without its indentation: each run of
 * whitespace that holds a line break becomes one space, which renders the same (whitespace
 * collapses in HTML; no template of the kit holds a `<pre>`, and one that did is left as it is).
 */
function minifyHtml(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ');
}

/**
 * The styles (Lit `css` templates, about 10 KB of the minified kit, 1 KB gzipped) go out without
 * their comments and indentation, the markup (`html` templates, about 16 KB, 1 KB gzipped)
 * without its indentation. Only the templates' static text changes, never an interpolation or a
 * quoted string in CSS.
 */
function minifyCssTemplates(): Plugin {
  return {
    name: 'ck:minify-css-templates',
    apply: 'build',
    transform: {
      filter: { id: /[\\/]components[\\/].*\.ts$/, code: /\b(css|html)`/ },
      handler(code) {
        // Every template, those nested in another's `${…}` too: their static parts never overlap.
        const parts: Array<[number, number, (text: string) => string]> = [];
        for (const match of code.matchAll(/\b(css|html)`/g)) {
          const template = scanTemplate(code, match.index + match[0].length);
          if (!template) break;
          if (match[1] === 'html' && template.quasis.some(([start, end]) => /<pre\b/i.test(code.slice(start, end)))) continue;
          for (const [start, end] of template.quasis) parts.push([start, end, match[1] === 'css' ? minifyCss : minifyHtml]);
        }
        if (!parts.length) return undefined;
        let out = '';
        let last = 0;
        for (const [start, end, minify] of parts.sort((a, b) => a[0] - b[0])) {
          if (start < last) continue;
          out += code.slice(last, start) + minify(code.slice(start, end));
          last = end;
        }
        return { code: out + code.slice(last), map: null };
      },
    },
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
  plugins: [minifyCssTemplates(), kitFiles()],
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

/** Modules loaded only on demand, never part of the shared core: the locales and Flow's loader. */
const onDemand = /[\\/]components[\\/]core[\\/]locales[\\/]|[\\/]@checkout\.com[\\/]/;
/** The staff console's own modules (and its chart library) never join the shop's shared core. */
const consoleOnly = /[\\/](components[\\/]admin|node_modules[\\/](chart\.js|@kurkle))[\\/]/;

const modules = defineConfig({
  publicDir: false,
  plugins: [minifyCssTemplates(), kitFiles()],
  // Relative base: the preload helper resolves chunk URLs against its own module's URL, so the
  // kit works from /kit/, /kit/<version>/ or any CDN path, on any merchant origin.
  base: './',
  build: {
    outDir: 'dist/kit',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // When the autoloader imports an element, Vite's helper first adds <link rel="modulepreload">
    // for the element's chunk and every chunk it imports statically (the list is compiled into
    // the entry), so the browser fetches them in parallel instead of walking the import chain.
    modulePreload: { polyfill: false },
    rolldownOptions: {
      // The precompression (ck:kit-files) is most of the build's time, by design: no timing report.
      checks: { bundlerTimings: false },
      // The staff console (components/admin/, served at /admin/) is an entry of its own: no shop page loads it.
      input: { 'checkout-kit': resolve(root, 'components/index.ts'), ...elementEntries(), 'admin/console': resolve(root, 'components/admin/index.ts') },
      preserveEntrySignatures: 'exports-only',
      output: {
        format: 'es',
        entryFileNames: '[name].js',
        // The console's own chunks (chart.js, loaded by its analytics view) go under admin/: the
        // shop kit's chunks/ and its size report stay what they were.
        chunkFileNames: (chunk) =>
          chunk.moduleIds.length > 0 && chunk.moduleIds.every((id) => consoleOnly.test(id))
            ? 'admin/chunks/[name]-[hash].js'
            : 'chunks/[name]-[hash].js',
        // One shared core chunk (Lit, the stores, localization, the API client, the base class and
        // every other module two or more entries use), so each element's own file carries only its
        // own code and a page with several elements downloads the shared code once.
        codeSplitting: {
          groups: [{ name: 'core', test: (id) => !onDemand.test(id) && !consoleOnly.test(id), minShareCount: 2 }],
        },
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
