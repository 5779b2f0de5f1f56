import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { CodeSplittingNameFunction } from 'rolldown';
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
          if (file.type !== 'chunk' && !file.fileName.endsWith('.js')) return [];
          const code = Buffer.from(file.type === 'chunk' ? file.code : file.source);
          return [
            br(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: code.length } }).then((out) => writeFile(resolve(dir, `${file.fileName}.br`), out)),
            gz(code, { level: 9 }).then((out) => writeFile(resolve(dir, `${file.fileName}.gz`), out)),
          ];
        }),
      );
      const entry = bundle['checkout-kit.js'];
      if (entry?.type !== 'chunk') return;
      // Each element: its own file (ck:element-files), its group's chunk and what that imports.
      const elements: Record<string, string[]> = {};
      for (const file of Object.values(bundle)) {
        const tag = file.type === 'asset' ? /^elements\/(ck-[\w-]+)\.js$/.exec(file.fileName)?.[1] : undefined;
        const group = tag ? bundle[/from '\.\.\/([^']+)'/.exec(String(file.type === 'asset' && file.source))?.[1] ?? ''] : undefined;
        if (tag && group?.type === 'chunk') elements[tag] = [file.fileName, group.fileName, ...group.imports];
      }
      const manifest = { entry: { file: entry.fileName, imports: entry.imports }, elements };
      writeFileSync(resolve(dir, 'kit-manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    },
  };
}

/**
 * `elements/ck-<name>.js` for a page that imports one element directly (`<script type="module"
 * src="…/kit/elements/ck-cart.js">`, or `import { CkCart } from …`): a re-export of the element's
 * class from its group's chunk, which defines every element of the group.
 */
function elementFiles(): Plugin {
  return {
    name: 'ck:element-files',
    apply: 'build',
    generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk' || !chunk.isEntry || !chunk.facadeModuleId?.startsWith(resolve(root, 'components/groups') + '/')) continue;
        const source = readFileSync(chunk.facadeModuleId, 'utf8');
        for (const [, name, folder] of source.matchAll(/export \{ (\w+) \} from '\.\.\/([\w-]+)\/define';/g)) {
          if (!chunk.exports.includes(name!)) this.error(`${chunk.fileName} does not export ${name}`);
          this.emitFile({ type: 'asset', fileName: `elements/ck-${folder}.js`, source: `export { ${name} } from '../${chunk.fileName}';\n` });
        }
      }
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

/**
 * The elements' files, by shopper journey (issue 17): each module of components/groups/ lists the
 * elements of one chunk, which the autoloader imports whole (components/autoload.ts), so a page with
 * every element makes 8 requests for the kit (the entry, the core and 6 groups), not one per element.
 * A group's chunk holds what its elements import and no other group does; `core.ts` (the currency
 * picker, on nearly every page) rides in the shared core. The groups named here also carry the code
 * their elements load later (the pay button's payment step, shipping choice and Flow's loader, which
 * it loads as soon as it is on screen); the seat map's views (6 KB, needed once the venue has
 * arrived) stay a file of their own. `elements/ck-*.js` stay, each a re-export of its group, for
 * pages that import one element directly.
 */
const groupsWithLazyCode = new Set(['pay']);
export function kitGroups(): Record<string, string> {
  const dir = resolve(root, 'components/groups');
  return Object.fromEntries(
    readdirSync(dir)
      .filter((file) => file.endsWith('.ts'))
      .sort()
      .map((file) => [file.slice(0, -3), resolve(dir, file)]),
  );
}

/** The staff console's own modules (and its chart library) never join the shop's shared core. */
const consoleOnly = /[\\/](components[\\/]admin|node_modules[\\/](chart\.js|@kurkle))[\\/]/;

type ModuleGraph = Parameters<CodeSplittingNameFunction>[1];
const chunkPlans = new WeakMap<ModuleGraph, Map<string, string>>();

/**
 * The chunk of a module of the kit: `core` when two or more of the entry, the staff console and
 * the groups import it statically (or the currency picker's own modules), a group's name when only
 * that group's elements do, nothing (rolldown's own choice: the entry, the console or a lazily
 * loaded chunk) otherwise. Acyclic by construction: whatever a module imports is reached from at
 * least the same roots, so a group's chunk imports only the core, and the core only itself.
 */
function kitChunkOf(id: string, graph: ModuleGraph): string | null {
  let plan = chunkPlans.get(graph);
  if (!plan) {
    const roots = new Map<string, Set<string>>();
    const walk = (start: string, root: string, followLazy: (from: string) => boolean) => {
      const stack = [start];
      const seen = new Set<string>();
      while (stack.length) {
        const at = stack.pop()!;
        if (seen.has(at)) continue;
        seen.add(at);
        if (!roots.has(at)) roots.set(at, new Set());
        roots.get(at)!.add(root);
        const info = graph.getModuleInfo(at);
        if (!info) continue;
        stack.push(...info.importedIds);
        if (followLazy(at)) stack.push(...info.dynamicallyImportedIds);
      }
    };
    walk(resolve(root, 'components/index.ts'), 'entry', () => false);
    walk(resolve(root, 'components/admin/index.ts'), 'admin', () => false);
    for (const [group, file] of Object.entries(kitGroups())) {
      // A group's own lazily loaded code: what its elements' modules import on demand, except other groups.
      const dirs = new Set(graph.getModuleInfo(file)?.importedIds.map((define) => dirname(define)));
      walk(file, group, (from) => groupsWithLazyCode.has(group) && dirs.has(dirname(from)));
    }
    plan = new Map();
    for (const [module, from] of roots) {
      const [first, ...others] = from;
      if (consoleOnly.test(module)) continue;
      if (others.length) plan.set(module, 'core');
      else if (first !== 'entry' && first !== 'admin') plan.set(module, first!);
    }
    chunkPlans.set(graph, plan);
  }
  return plan.get(id) || null;
}

const modules = defineConfig({
  publicDir: false,
  plugins: [minifyCssTemplates(), elementFiles(), kitFiles()],
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
      // The entries: the kit, each group's module (its chunk, hashed like any chunk: the autoloader's
      // import of a group is one request) and the staff console. The elements' own files are written
      // by ck:element-files, each a re-export of its group.
      input: {
        'checkout-kit': resolve(root, 'components/index.ts'),
        ...Object.fromEntries(Object.entries(kitGroups()).map(([name, file]) => [`chunks/${name}`, file])),
        'admin/console': resolve(root, 'components/admin/index.ts'),
      },
      // A group's chunk is its module's file (exports added as the chunk needs them), not a re-export of it.
      preserveEntrySignatures: 'allow-extension',
      output: {
        format: 'es',
        entryFileNames: (chunk) => (chunk.name.startsWith('chunks/') ? '[name]-[hash].js' : '[name].js'),
        // The console's own chunks (chart.js, loaded by its analytics view) go under admin/: the
        // shop kit's chunks/ and its size report stay what they were.
        chunkFileNames: (chunk) =>
          chunk.moduleIds.length > 0 && chunk.moduleIds.every((id) => consoleOnly.test(id))
            ? 'admin/chunks/[name]-[hash].js'
            : 'chunks/[name]-[hash].js',
        // One shared core chunk (Lit, the stores, localization, the API client, the base class and
        // every other module two or more groups use), so each group's file carries only its
        // elements' code and a page with several groups downloads the shared code once.
        codeSplitting: {
          // The chunk of each module is worked out here (kitChunkOf), not by rolldown's share counts:
          // the core first, so that a group's chunk never takes a module the core holds.
          groups: [
            { name: (id, graph) => (kitChunkOf(id, graph) === 'core' ? 'core' : null), priority: 2 },
            { name: (id, graph) => (kitChunkOf(id, graph) === 'core' ? null : kitChunkOf(id, graph)), priority: 1 },
          ],
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
