/**
 * The pinned snippet in README.md (`/kit/<version>/checkout-kit.js" integrity="sha384-…"`) is
 * the built kit's: a merchant who pastes it gets a script the browser accepts. Same spirit as
 * the OpenAPI drift check: `npm run kit:sri` rewrites it, and this fails until it is committed.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
// @ts-expect-error a plain ES module script, without types
import { ENTRIES, kitIntegrity, readmeWith } from '../../scripts/kit-integrity.mjs';

const run = promisify(execFile);
const root = join(import.meta.dirname, '../..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const sri = (file: string) => `sha384-${createHash('sha384').update(readFileSync(file)).digest('base64')}`;

test('README.md pins the built kit: its version and each entry script’s sha384', async () => {
  assert.ok(existsSync(join(root, 'dist/kit/checkout-kit.js')), 'dist/kit is not built: run `npm run build:kit`');
  const { version } = JSON.parse(readFileSync(join(root, 'components/package/package.json'), 'utf8')) as { version: string };
  for (const entry of ENTRIES as string[]) {
    const pinned = new RegExp(`/kit/([^/"]+)/${entry.replace(/\./g, '\\.')}" integrity="([^"]+)" crossorigin="anonymous"`).exec(readme);
    assert.ok(pinned, `README.md pins ${entry}`);
    assert.equal(pinned[1], version, `${entry}: the kit's version`);
    assert.equal(pinned[2], sri(join(root, 'dist/kit', entry)), `${entry}: the built file's hash (run "npm run kit:sri")`);
  }
  const built = JSON.parse(readFileSync(join(root, 'dist/kit/integrity.json'), 'utf8'));
  assert.deepEqual(built, kitIntegrity(), 'dist/kit/integrity.json is the build\'s (the proxy reads its version from it)');
  const { stdout } = await run('node', ['scripts/kit-integrity.mjs', '--check'], { cwd: root });
  assert.match(stdout, /✔ README\.md pins kit/);
});

test('a stale hash or version in the snippet is what the check rewrites (and so fails on)', () => {
  const kit = kitIntegrity();
  const stale = readme.replace(kit.files['checkout-kit.js'], 'sha384-stale').replace(`/kit/${kit.version}/checkout-kit.classic.js`, '/kit/0.0.1/checkout-kit.classic.js');
  assert.notEqual(stale, readme);
  assert.equal(readmeWith(kit, stale), readme);
});
