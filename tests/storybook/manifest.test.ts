/**
 * The custom-elements manifest (custom-elements.json, the package's `customElements` field)
 * that Storybook's Docs and Controls, IDEs and framework wrappers read. Built afresh with
 * `npm run build:manifest` from the components' JSDoc, then checked against the components'
 * own source: every `ck-*` element is declared with the attributes its `@property`
 * decorators give it and the events it fires, and nothing the analyzer misreads (the base
 * class's `emit(type, …)` as an event named `type`, the `define(tag, ctor)` helper as an
 * element named `tag`) reaches it.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const repo = resolve(import.meta.dirname, '../..');

interface Attribute {
  name: string;
  fieldName?: string;
}
interface Event {
  name?: string;
}
interface Declaration {
  kind: string;
  name: string;
  tagName?: string;
  customElement?: boolean;
  attributes?: Attribute[];
  events?: Event[];
  members?: Array<{ kind: string; name: string; privacy?: string; static?: boolean }>;
}
interface Module {
  path: string;
  declarations?: Declaration[];
  exports?: Array<{ kind: string; name: string; declaration: { name: string; module?: string } }>;
}

const TAGS = [
  'ck-bin-checker',
  'ck-cart',
  'ck-checkout',
  'ck-currency-picker',
  'ck-gift-card-balance',
  'ck-gift-card-builder',
  'ck-insurance-form',
  'ck-login',
  'ck-order-history',
  'ck-order-summary',
  'ck-pay-button',
  'ck-payment-result',
  'ck-product-list',
  'ck-provider',
  'ck-seat-map',
];

/** Each element's tag and source module, as its components/<name>/define.ts registers it. */
function definedElements(): Array<{ tag: string; className: string; module: string }> {
  const components = join(repo, 'components');
  return readdirSync(components, { withFileTypes: true })
    .filter((dir) => dir.isDirectory() && readdirSync(join(components, dir.name)).includes('define.ts'))
    .map((dir) => {
      const source = readFileSync(join(components, dir.name, 'define.ts'), 'utf8');
      const [, tag, className] = /define\('(ck-[a-z-]+)',\s*(\w+)\)/.exec(source) ?? [];
      const [, file] = new RegExp(`import \\{[^}]*\\b${className}\\b[^}]*\\} from '\\./([\\w-]+)'`).exec(source) ?? [];
      assert.ok(
        tag && className && file,
        `components/${dir.name}/define.ts defines one ck-* element imported from its folder`,
      );
      return { tag, className, module: `components/${dir.name}/${file}.ts` };
    });
}

/** The attributes a module's `@property(…)` decorators declare (Lit: the lower-cased property name unless `attribute` says otherwise). */
function sourceAttributes(source: string): string[] {
  const found: string[] = [];
  for (const [, options = '', name] of source.matchAll(
    /@property\(\s*(\{[^)]*\})?\s*\)\s*(?:declare\s+|override\s+)*(\w+)/g,
  )) {
    if (/attribute:\s*false/.test(options)) continue;
    found.push(/attribute:\s*'([^']+)'/.exec(options)?.[1] ?? name!.toLowerCase());
  }
  return found;
}

/** The `ck-*` events a module fires by name through the base class's `emit`. */
const sourceEvents = (source: string) => [
  ...new Set([...source.matchAll(/\bemit\(\s*'(ck-[a-z-]+)'/g)].map((m) => m[1]!)),
];

let modules: Module[];
const declarations = () => modules.flatMap((m) => (m.declarations ?? []).map((d) => ({ module: m.path, ...d })));

before(() => {
  execFileSync('npm', ['run', '--silent', 'build:manifest'], { cwd: repo, stdio: 'pipe' });
  modules = (JSON.parse(readFileSync(join(repo, 'custom-elements.json'), 'utf8')) as { modules: Module[] }).modules;
});

test('the kit registers the 14 ck-* elements, each in its own define.ts', () => {
  assert.deepEqual(
    definedElements()
      .map((e) => e.tag)
      .sort(),
    TAGS,
  );
});

test('each ck-* element is declared once, in its source module, with the attributes and events its source has', () => {
  for (const { tag, className, module } of definedElements()) {
    const found = declarations().filter((d) => d.tagName === tag);
    assert.equal(found.length, 1, `<${tag}> is declared once (found ${found.length})`);
    const element = found[0]!;
    assert.equal(element.module, module, `<${tag}> is declared in ${module}`);
    assert.equal(element.name, className);
    assert.equal(element.customElement, true, `<${tag}> is marked as a custom element`);

    const source = readFileSync(join(repo, module), 'utf8');
    const attributes = (element.attributes ?? []).map((a) => a.name);
    const expectedAttributes = sourceAttributes(source);
    assert.ok(expectedAttributes.length > 0, `<${tag}> has attributes in its source`);
    assert.deepEqual([...attributes].sort(), [...expectedAttributes].sort(), `<${tag}>'s attributes`);
    for (const attribute of element.attributes ?? []) {
      const field = element.members?.find((m) => m.kind === 'field' && m.name === attribute.fieldName);
      assert.ok(
        field && !field.privacy && !field.static,
        `<${tag}>'s attribute ${attribute.name} names its public property`,
      );
    }

    const events = (element.events ?? []).map((e) => e.name);
    for (const name of sourceEvents(source))
      assert.ok(events.includes(name), `<${tag}> declares the ${name} event it fires`);
    for (const name of events)
      assert.match(String(name), /^ck-[a-z-]+$/, `<${tag}>'s events are the kit's ck-* events`);
  }
});

test('no element has an event named "type" (the base class emit(type, …) is not an event)', () => {
  const offenders = declarations()
    .filter((d) => d.events?.some((e) => e.name === 'type'))
    .map((d) => `${d.module} ${d.name}`);
  assert.deepEqual(offenders, []);
  const base = declarations().find((d) => d.module === 'components/core/base.ts' && d.name === 'CkElement');
  assert.ok(base, 'the base class is in the manifest');
  assert.deepEqual(base.events ?? [], [], 'the base class fires no event of its own');
});

test('no bogus definition: every custom-element definition is a ck-* tag bound to its element class', () => {
  const definitions = modules.flatMap((m) =>
    (m.exports ?? []).filter((e) => e.kind === 'custom-element-definition').map((e) => ({ module: m.path, ...e })),
  );
  for (const definition of definitions) {
    assert.ok(
      TAGS.includes(definition.name),
      `${definition.module} defines <${definition.name}>, which is not a kit element`,
    );
    const element = declarations().find((d) => d.tagName === definition.name);
    assert.equal(definition.declaration.name, element?.name, `<${definition.name}> is defined with its own class`);
  }
  assert.ok(
    !definitions.some((d) => d.module === 'components/core/base.ts'),
    'core/base.ts (the define helper) defines no element',
  );
});
