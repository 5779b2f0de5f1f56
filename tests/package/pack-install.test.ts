/**
 * The npm package a shop installs: `npm pack` of dist/package (built by
 * `npm run build:package`, part of `npm run build`), installed from the tarball into an empty
 * app with TypeScript from the registry, compiled with strict settings and no decorator options.
 * Proves the tarball ships the built modules, declarations, manifest and editor data, and none
 * of the proxy (server code, tests, demo pages, the demo users file, data), and that the proxy's
 * dependencies never reach a shop's node_modules.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = join(import.meta.dirname, '../..');
const pkgDir = join(root, 'dist/package');
const scratch = mkdtempSync(join(tmpdir(), 'ck-pack-'));
const app = join(scratch, 'app');
after(() => rmSync(scratch, { recursive: true, force: true }));

interface Manifest {
  modules: Array<{ declarations?: Array<{ tagName?: string; name: string; events?: Array<{ name: string }> }> }>;
}
const PROXY_DEPENDENCIES = ['fastify', '@fastify/static', '@electric-sql/pglite', 'pg', 'ioredis', 'checkout-sdk-node'];

let files: string[] = [];
let tarball = '';

before(async () => {
  assert.ok(
    existsSync(join(pkgDir, 'dist/index.js')),
    'dist/package is not built: run `npm run build:package`',
  );
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', scratch], { cwd: pkgDir });
  const [packed] = JSON.parse(stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
  assert.ok(packed);
  tarball = join(scratch, packed.filename);
  files = packed.files.map((f) => f.path);
});

test('the tarball holds the built modules, declarations, manifest, React wrappers and editor data', () => {
  const manifest = JSON.parse(readFileSync(join(pkgDir, 'custom-elements.json'), 'utf8')) as Manifest;
  const tags = manifest.modules.flatMap((m) => m.declarations ?? []).flatMap((d) => (d.tagName ? [d.tagName] : []));
  // Every element the autoloader knows, no more, no less.
  // (the keys of its loaders: `'ck-cart': shop,`, each tag loading its group)
  const autoloaded = [...readFileSync(join(process.cwd(), 'components/autoload.ts'), 'utf8').matchAll(/^\s*'(ck-[a-z-]+)': \w+,$/gm)].map((m) => m[1]);
  assert.deepEqual([...tags].sort(), autoloaded.sort());
  for (const path of [
    'package.json',
    'README.md',
    'dist/index.js',
    'dist/components/index.d.ts',
    'dist/react.js',
    'dist/components/react/index.d.ts',
    'custom-elements.json',
    'vscode.html-custom-data.json',
    'web-types.json',
    'frameworks/jsx.d.ts',
    'frameworks/preact.d.ts',
    'frameworks/solid.d.ts',
    'frameworks/vue.d.ts',
    ...tags.map((tag) => `dist/elements/${tag}.js`),
    ...tags.map((tag) => `dist/components/${tag.slice(3)}/define.d.ts`),
  ]) {
    assert.ok(files.includes(path), `${path} is missing from the tarball`);
  }
  const editor = JSON.parse(readFileSync(join(pkgDir, 'vscode.html-custom-data.json'), 'utf8')) as {
    tags: Array<{ name: string }>;
  };
  const webTypes = JSON.parse(readFileSync(join(pkgDir, 'web-types.json'), 'utf8')) as {
    contributions: { html: { elements: Array<{ name: string }> } };
  };
  assert.deepEqual(editor.tags.map((t) => t.name).sort(), [...tags].sort());
  assert.deepEqual(webTypes.contributions.html.elements.map((e) => e.name).sort(), [...tags].sort());
});

test('the tarball ships none of the proxy, tests, demo pages, sources, users file or data', () => {
  const leaked = files.filter(
    (path) =>
      /^(server|tests|demo-pages|stories|docs|components|contract|scripts|\.data|\.ci|\.storybook)\//.test(path) ||
      /(^|\/)\.data(\/|$)|users\.(json|ts)$|\.env/.test(path) ||
      (/\.ts$/.test(path) && !path.endsWith('.d.ts')),
  );
  assert.deepEqual(leaked, []);
});

test('installed into a strict TypeScript app, the entry, an element class, the React wrappers, the Preact/Solid/Vue typings and the README snippets compile', async () => {
  writeFileSync(join(scratch, 'package.json'), '{}');
  await run('mkdir', ['-p', app]);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'shop', private: true, type: 'module' }));
  // Types only: React's for the wrappers, Preact, Solid and Vue for their typings (nothing is
  // bundled or rendered here).
  await run(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
      tarball,
      'typescript@~6.0.0',
      '@types/react@^19',
      'preact@^11',
      'solid-js@^1',
      'vue@^3',
    ],
    {
      cwd: app,
    },
  );

  const installed = JSON.parse(readFileSync(join(app, 'node_modules/checkout-kit/package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
  };
  for (const name of PROXY_DEPENDENCIES) {
    assert.equal(installed.dependencies[name], undefined, `${name} is a dependency of the kit package`);
    assert.ok(!existsSync(join(app, 'node_modules', name)), `${name} was installed with the kit`);
  }
  assert.ok(installed.dependencies.lit, 'lit is a dependency (bundlers share one copy)');

  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const frameworks = readme.slice(readme.indexOf('## Frameworks'));
  const snippet = (lang: string) => {
    const match = new RegExp('```' + lang + '\\n([\\s\\S]*?)```').exec(frameworks);
    assert.ok(match?.[1], `README "Frameworks" has no ${lang} snippet`);
    return match[1];
  };
  writeFileSync(join(app, 'readme-bundler.ts'), snippet('ts'));
  writeFileSync(join(app, 'readme-react.tsx'), snippet('tsx'));

  // Every event in the manifest is a typed callback on its React wrapper: `event.detail` must
  // have the detail type of components/core/events.ts, not `any` and not a bare Event.
  const manifest = JSON.parse(
    readFileSync(join(app, 'node_modules/checkout-kit/custom-elements.json'), 'utf8'),
  ) as Manifest;
  const pascal = (name: string) => name.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase());
  const lines = manifest.modules
    .flatMap((m) => m.declarations ?? [])
    .filter((d) => d.tagName)
    .flatMap((d) => [
      `export const ${d.name}Plain = <React.${d.name} />;`,
      ...(d.events ?? []).map(
        (e) =>
          `export const ${pascal(e.name)}On${d.name} = <React.${d.name} on${pascal(e.name)}={(event) => detail<'${e.name}'>(event.detail)} />;`,
      ),
    ]);
  writeFileSync(
    join(app, 'events.tsx'),
    [
      `import * as React from 'checkout-kit/react';`,
      `import type { CkEventMap } from 'checkout-kit';`,
      `const detail = <K extends keyof CkEventMap>(value: CkEventMap[K]['detail']) => value;`,
      ...lines,
      // A wrong type must be an error (the callbacks are typed, not any).
      `// @ts-expect-error paymentId is a string`,
      `export const wrong = <React.CkPayButton onCkPaymentSuccess={(event) => { const id: number = event.detail.paymentId; return id; }} />;`,
      `// @ts-expect-error no such event on a cart`,
      `export const unknownEvent = <React.CkCart onCkPaymentSuccess={() => undefined} />;`,
    ].join('\n'),
  );
  writeFileSync(
    join(app, 'elements.ts'),
    [
      `import { formatMoney, KIT_TAGS, type CkCartChangeDetail } from 'checkout-kit';`,
      `import { CkCart } from 'checkout-kit/elements/ck-cart';`,
      `import type { CkElementProps, CkElements } from 'checkout-kit/jsx';`,
      `const cart: CkCart = document.createElement('ck-cart');`,
      `cart.headingLevel = 3;`,
      `cart.addEventListener('ck-cart-change', (event) => { const d: CkCartChangeDetail = event.detail; console.log(d.reason); });`,
      `const props: CkElementProps['ck-pay-button'] = { successUrl: '/ok', mode: 'hpp' };`,
      `const seatMap: CkElements['ck-seat-map'] | null = document.querySelector('ck-seat-map');`,
      `// @ts-expect-error mode is 'flow' | 'hpp'`,
      `const bad: CkElementProps['ck-pay-button'] = { mode: 'paypal' };`,
      `console.log(formatMoney(19900, 'HKD'), KIT_TAGS.length, props, seatMap, bad);`,
    ].join('\n'),
  );

  // Preact, Solid and Vue apps opt in to the tags' typings with one type import each.
  writeFileSync(
    join(app, 'preact.tsx'),
    [
      `/** @jsxImportSource preact */`,
      `import type {} from 'checkout-kit/preact';`,
      `export const ok = <ck-pay-button successUrl="/ok" mode="hpp" class="pay" />;`,
      `// @ts-expect-error mode is 'flow' | 'hpp'`,
      `export const bad = <ck-pay-button mode="paypal" />;`,
    ].join('\n'),
  );
  writeFileSync(
    join(app, 'solid.tsx'),
    [
      `/** @jsxImportSource solid-js */`,
      `import type {} from 'checkout-kit/solid';`,
      `export const ok = <ck-cart headingLevel={3} hideCoupon />;`,
      `// @ts-expect-error headingLevel is a number`,
      `export const bad = <ck-cart headingLevel="three" />;`,
    ].join('\n'),
  );
  writeFileSync(
    join(app, 'vue.ts'),
    [
      `import type { GlobalComponents } from 'vue';`,
      `import type {} from 'checkout-kit/vue';`,
      `type Props<C> = C extends new (...args: never[]) => { $props: infer P } ? P : never;`,
      `export const ok: Props<GlobalComponents['ck-seat-map']> = { eventId: 'e1', maxSelection: 4 };`,
      `// @ts-expect-error maxSelection is a number`,
      `export const bad: Props<GlobalComponents['ck-seat-map']> = { maxSelection: 'four' };`,
    ].join('\n'),
  );

  // What `tsc --init` gives an app, strict, checking the package's declarations too (no
  // skipLibCheck) and without experimentalDecorators: once with Node's ESM resolution, once
  // with a bundler's.
  const compilerOptions = {
    target: 'ES2022',
    lib: ['ES2022', 'DOM', 'DOM.Iterable'],
    strict: true,
    jsx: 'react-jsx',
    noEmit: true,
    skipLibCheck: false,
    types: [],
  };
  for (const [name, resolution] of [
    ['nodenext', { module: 'NodeNext', moduleResolution: 'NodeNext' }],
    ['bundler', { module: 'ESNext', moduleResolution: 'Bundler' }],
  ] as const) {
    writeFileSync(
      join(app, `tsconfig.${name}.json`),
      JSON.stringify({ compilerOptions: { ...compilerOptions, ...resolution }, include: ['*.ts', '*.tsx'] }),
    );
    const result = await run(join(app, 'node_modules/.bin/tsc'), ['-p', `tsconfig.${name}.json`], { cwd: app }).catch(
      (error: { stdout: string }) => error,
    );
    assert.equal(result.stdout.trim(), '', `tsc (${name}) reported errors`);
  }
});
