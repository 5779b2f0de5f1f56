#!/usr/bin/env node
// `npm run build:package`: assembles the publishable kit in dist/package/ from this folder's
// package.json and README.md (then `npm pack ./dist/package`). The root package stays the private app (proxy, emulator,
// tooling); the kit package ships only what a shop installs:
//   dist/            ES modules (Lit & co. left as imports) + .d.ts beside them
//   custom-elements.json, vscode.html-custom-data.json, web-types.json
//   frameworks/*.d.ts  JSX (Preact, Solid) and Vue GlobalComponents typings
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = join(import.meta.dirname, '../..');
const pkgDir = join(root, 'dist/package');
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });

rmSync(pkgDir, { recursive: true, force: true });
mkdirSync(pkgDir, { recursive: true });
for (const file of ['package.json', 'README.md']) writeFileSync(join(pkgDir, file), readFileSync(join(import.meta.dirname, file)));
run('npx', ['vite', 'build', '--mode', 'package', '--logLevel', 'warn']);
run('npx', ['tsc', '-p', 'tsconfig.build.json']);
// The sources import without extensions (bundler resolution); Node16/NodeNext apps need them in
// the declarations: './base' → './base.js', './core' → './core/index.js'.
function fixSpecifiers(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) fixSpecifiers(path);
    else if (entry.name.endsWith('.d.ts')) {
      const text = readFileSync(path, 'utf8').replace(
        /((?:from |import\()\s*['"])(\.{1,2}\/[^'"]*?)(['"])/g,
        (all, head, spec, tail) => {
          if (/\.(js|json)$/.test(spec)) return all;
          const target = resolve(dirname(path), spec);
          if (existsSync(`${target}.d.ts`)) return `${head}${spec}.js${tail}`;
          if (existsSync(join(target, 'index.d.ts'))) return `${head}${spec}/index.js${tail}`;
          throw new Error(`${relative(root, path)}: cannot resolve ${spec}`);
        },
      );
      writeFileSync(path, text);
    }
  }
}
fixSpecifiers(join(pkgDir, 'dist'));
run('npx', ['cem', 'analyze', '--config', 'custom-elements-manifest.config.mjs', '--quiet']);

const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
// The manifest's paths name the sources; in the package they name the built modules.
const manifest = JSON.parse(
  readFileSync(join(root, 'custom-elements.json'), 'utf8').replace(
    /"((?:components|contract)\/[^"]+)\.ts"/g,
    '"dist/$1.js"',
  ),
);
// The merchant console (components/admin/) is the proxy's own page, never part of a shop's package.
manifest.modules = manifest.modules.filter((mod) => !mod.path.startsWith('dist/components/admin/'));
const json = (name, value) => writeFileSync(join(pkgDir, name), `${JSON.stringify(value, null, 2)}\n`);
json('custom-elements.json', manifest);

const elements = manifest.modules.flatMap((mod) =>
  (mod.declarations ?? []).filter((d) => d.tagName).map((d) => ({ ...d, path: mod.path })),
);
const describe = (d) => [d.summary, d.description].filter(Boolean).join('\n\n');
const values = (type) => [...(type ?? '').matchAll(/'([^']+)'/g)].map((m) => ({ name: m[1] }));

json('vscode.html-custom-data.json', {
  $schema: 'https://raw.githubusercontent.com/microsoft/vscode-html-languageservice/main/docs/customData.schema.json',
  version: 1.1,
  tags: elements.map((d) => ({
    name: d.tagName,
    description: describe(d),
    attributes: (d.attributes ?? []).map((a) => ({
      name: a.name,
      description: a.description ?? '',
      ...(values(a.type?.text).length ? { values: values(a.type?.text) } : {}),
    })),
  })),
});

json('web-types.json', {
  $schema: 'https://json.schemastore.org/web-types',
  name: pkg.name,
  version: pkg.version,
  'description-markup': 'markdown',
  'js-types-syntax': 'typescript',
  contributions: {
    html: {
      elements: elements.map((d) => ({
        name: d.tagName,
        description: describe(d),
        attributes: (d.attributes ?? []).map((a) => ({
          name: a.name,
          description: a.description ?? '',
          value: { type: a.type?.text ?? 'string' },
        })),
        events: (d.events ?? []).map((e) => ({ name: e.name, description: e.description ?? '' })),
        slots: (d.slots ?? []).map((s) => ({ name: s.name, description: s.description ?? '' })),
        css: {
          parts: (d.cssParts ?? []).map((p) => ({ name: p.name, description: p.description ?? '' })),
          properties: (d.cssProperties ?? []).map((p) => ({ name: p.name, description: p.description ?? '' })),
        },
      })),
    },
  },
});

// Framework typings: each element's settable attribute-backed properties, from its class.
const fw = join(pkgDir, 'frameworks');
mkdirSync(fw);
const header = '// Generated by components/package/build.mjs from custom-elements.json.\n';
const props = (d) => {
  const fields = [...new Set((d.attributes ?? []).map((a) => a.fieldName).filter(Boolean))];
  return fields.length ? `Partial<Pick<${d.name}, ${fields.map((f) => `'${f}'`).join(' | ')}>>` : '{}';
};
const entries = (render) => elements.map((d) => `      '${d.tagName}': ${render(d)};`).join('\n');
writeFileSync(
  join(fw, 'jsx.d.ts'),
  `${header}${elements
    .map((d) => `import type { ${d.name} } from '${relative(fw, join(pkgDir, d.path))}';`)
    .join(
      '\n',
    )}\n\n/** The properties each \`ck-*\` element takes, by tag (its attribute-backed properties). */\nexport interface CkElementProps {\n${elements
    .map((d) => `  '${d.tagName}': ${props(d)};`)
    .join(
      '\n',
    )}\n}\n\n/** Each \`ck-*\` element's class, by tag. */\nexport interface CkElements {\n${elements.map((d) => `  '${d.tagName}': ${d.name};`).join('\n')}\n}\n`,
);
writeFileSync(
  join(fw, 'preact.d.ts'),
  `${header}// Opt in with \`import type {} from 'checkout-kit/preact';\`\nimport type { HTMLAttributes } from 'preact';\nimport type { CkElementProps, CkElements } from './jsx.js';\n\ntype El<T extends keyof CkElementProps> = HTMLAttributes<CkElements[T]> & CkElementProps[T];\n\ndeclare module 'preact' {\n  namespace JSX {\n    interface IntrinsicElements {\n${entries((d) => `El<'${d.tagName}'>`)}\n    }\n  }\n}\n`,
);
writeFileSync(
  join(fw, 'solid.d.ts'),
  `${header}// Opt in with \`import type {} from 'checkout-kit/solid';\`\nimport type { JSX as SolidJSX } from 'solid-js';\nimport type { CkElementProps, CkElements } from './jsx.js';\n\ntype El<T extends keyof CkElementProps> = SolidJSX.HTMLAttributes<CkElements[T]> & CkElementProps[T];\n\ndeclare module 'solid-js' {\n  namespace JSX {\n    interface IntrinsicElements {\n${entries((d) => `El<'${d.tagName}'>`)}\n    }\n  }\n}\n`,
);
writeFileSync(
  join(fw, 'vue.d.ts'),
  `${header}// Opt in with \`import type {} from 'checkout-kit/vue';\` (and compilerOptions.isCustomElement for tags starting with "ck-").\nimport type { DefineComponent } from 'vue';\nimport type { CkElementProps } from './jsx.js';\n\ndeclare module 'vue' {\n  interface GlobalComponents {\n${entries((d) => `DefineComponent<CkElementProps['${d.tagName}']>`).replaceAll('      ', '    ')}\n  }\n}\n`,
);
console.log(`dist/package: ${elements.length} elements, manifest, editor data and framework typings written`);
