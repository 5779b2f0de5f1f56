#!/usr/bin/env node
// Size budget of the built kit (dist/kit), gzipped, as a browser loads it: an entry plus
// every chunk it imports statically. Lazily loaded locales are reported apart. Fails the
// test command when the whole kit or an element goes over its budget.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const KIT = resolve(import.meta.dirname, '../dist/kit');
const KB = 1024;
/** Budgets in gzipped bytes. The pay button gets its own once it exists. */
const BUDGETS = {
  'checkout-kit.js': 40 * KB,
  'elements/ck-pay-button.js': 12 * KB,
  default: 20 * KB,
};

const STATIC_IMPORT = /(?:^|[;}\s])(?:import|export)\s*(?:[\w*{}\s,$]+from\s*)?["']([^"']+)["']/g;

function closure(file, seen = new Set()) {
  if (seen.has(file)) return seen;
  seen.add(file);
  const code = readFileSync(file, 'utf8');
  for (const [, spec] of code.matchAll(STATIC_IMPORT)) {
    if (spec.startsWith('.')) closure(resolve(dirname(file), spec), seen);
  }
  return seen;
}

const gz = (file) => gzipSync(readFileSync(file), { level: 9 }).length;

if (!existsSync(join(KIT, 'checkout-kit.js'))) {
  console.error('size: dist/kit is missing; run "npm run build" first');
  process.exit(1);
}

const entries = ['checkout-kit.js', ...readdirSync(join(KIT, 'elements')).filter((f) => f.endsWith('.js')).map((f) => `elements/${f}`)];
let failed = 0;
const loadedUpFront = new Set();
console.log('size (gzip, entry + static imports):');
for (const entry of entries) {
  const files = closure(join(KIT, entry));
  files.forEach((f) => loadedUpFront.add(f));
  const bytes = [...files].reduce((sum, f) => sum + gz(f), 0);
  const budget = BUDGETS[entry] ?? BUDGETS.default;
  const ok = bytes <= budget;
  if (!ok) failed++;
  console.log(`  ${ok ? 'ok  ' : 'OVER'} ${entry.padEnd(32)} ${(bytes / KB).toFixed(1).padStart(6)} KB  (budget ${(budget / KB).toFixed(0)} KB)`);
}
const lazy = readdirSync(join(KIT, 'chunks'))
  .map((f) => join(KIT, 'chunks', f))
  .filter((f) => f.endsWith('.js') && !loadedUpFront.has(f))
  .map(gz);
if (lazy.length) {
  console.log(`  lazily loaded chunks (locales …): ${lazy.length}, largest ${(Math.max(...lazy) / KB).toFixed(1)} KB`);
}
console.log(`# size: ${entries.length - failed} within budget, ${failed} over`);
process.exit(failed ? 1 : 0);
