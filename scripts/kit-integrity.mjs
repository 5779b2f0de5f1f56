#!/usr/bin/env node
/**
 * Subresource Integrity for the kit's pinned URLs (/kit/<version>/…, server/plugins/static.ts).
 *
 *   node scripts/kit-integrity.mjs           writes dist/kit/integrity.json: the kit's version
 *                                            (components/package/package.json) and the sha384 of
 *                                            each entry script (run by `npm run build:kit`)
 *   node scripts/kit-integrity.mjs --readme  also writes the version and hashes into README.md's
 *                                            pinned snippet (`npm run kit:sri`)
 *   node scripts/kit-integrity.mjs --check   fails with a diff when README.md's snippet is not the
 *                                            built kit's (tests/package/kit-integrity.test.ts runs it)
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const kitDir = join(root, 'dist/kit');
const readmeFile = join(root, 'README.md');
/** The scripts a page loads by URL; the rest of the kit is imported from them by relative URL, under the same version. */
export const ENTRIES = ['checkout-kit.js', 'checkout-kit.classic.js'];

export function integrity(file) {
  return `sha384-${createHash('sha384').update(readFileSync(file)).digest('base64')}`;
}

export function kitIntegrity() {
  const { version } = JSON.parse(readFileSync(join(root, 'components/package/package.json'), 'utf8'));
  const files = {};
  for (const entry of ENTRIES) if (existsSync(join(kitDir, entry))) files[entry] = integrity(join(kitDir, entry));
  return { version, files };
}

/** README.md with each pinned script tag (`/kit/<version>/<entry>" integrity="…"`) set to the built kit's. */
export function readmeWith({ version, files }, text) {
  return text.replace(/\/kit\/[^/"]+\/(checkout-kit(?:\.classic)?\.js)" integrity="[^"]*"/g, (whole, entry) =>
    files[entry] ? `/kit/${version}/${entry}" integrity="${files[entry]}"` : whole,
  );
}

if (process.argv[1] === import.meta.filename) {
  if (!existsSync(join(kitDir, 'checkout-kit.js'))) {
    console.error('✖ dist/kit is not built: run `npm run build:kit`');
    process.exit(1);
  }
  const kit = kitIntegrity();
  const readme = readFileSync(readmeFile, 'utf8');
  const expected = readmeWith(kit, readme);
  if (process.argv.includes('--check')) {
    const pinned = readme.match(/\/kit\/[^/"]+\/checkout-kit(?:\.classic)?\.js" integrity="[^"]*"/g) ?? [];
    if (!pinned.length) {
      console.error('✖ README.md has no pinned snippet (/kit/<version>/checkout-kit.js" integrity="…")');
      process.exit(1);
    }
    if (expected !== readme) {
      const want = expected.match(/\/kit\/[^/"]+\/checkout-kit(?:\.classic)?\.js" integrity="[^"]*"/g) ?? [];
      for (let i = 0; i < pinned.length; i++) if (pinned[i] !== want[i]) console.error(`- ${pinned[i]}\n+ ${want[i]}`);
      console.error('✖ README.md\'s pinned kit snippet is not the built kit: run "npm run kit:sri" and commit README.md (and bump components/package/package.json\'s version for a release: pinned URLs are cached for a year)');
      process.exit(1);
    }
    console.log(`✔ README.md pins kit ${kit.version} with the built files' integrity`);
  } else {
    writeFileSync(join(kitDir, 'integrity.json'), `${JSON.stringify(kit, null, 2)}\n`);
    if (process.argv.includes('--readme')) {
      writeFileSync(readmeFile, expected);
      console.log(`README.md: kit ${kit.version} pinned`);
    }
  }
}
