/**
 * The pages the kit benches load (script-tag.ts, trace-kit.ts): the kit's script tag and the given
 * tags, nothing else, served by the proxy.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '../..');

/** Every element the kit defines: one per folder of components/ with a define.ts, sorted. */
export function kitTags(): string[] {
  return readdirSync(join(root, 'components'))
    .filter((name) => existsSync(join(root, 'components', name, 'define.ts')))
    .sort()
    .map((name) => `ck-${name}`);
}

/** A page with only `<script type="module" src="/kit/checkout-kit.js">` and `tags`. */
export function kitPage(tags: readonly string[], title: string, lang = 'en'): string {
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><title>${title}</title>
<script type="module" src="/kit/checkout-kit.js"></script></head>
<body>
${tags.map((tag) => `<${tag}></${tag}>`).join('\n')}
</body></html>`;
}
