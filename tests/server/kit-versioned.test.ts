/**
 * The kit under its version (/kit/<version>/…, server/plugins/static.ts): the same files as
 * /kit/, cached for a year as immutable, readable from any merchant origin, and only the
 * version this proxy was built with.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kitVersion } from '../../server/plugins/static';
import { closeDatabases, proxyOnly } from './helpers';

after(closeDatabases);

const ENTRY = 'export const kit = "0.4.2";\nimport("./chunks/cart-abc123.js");\n';
const CHUNK = 'export const cart = 1;\n';
const sri = (text: string) => `sha384-${createHash('sha384').update(text).digest('base64')}`;

/** A built kit of version 0.4.2, as `npm run build:kit` lays it out (with integrity.json), next to a file outside it. */
function kit(version = '0.4.2') {
  const dir = mkdtempSync(join(tmpdir(), 'ck-kit-'));
  const kitDir = join(dir, 'kit');
  mkdirSync(join(kitDir, 'chunks'), { recursive: true });
  writeFileSync(join(kitDir, 'checkout-kit.js'), ENTRY);
  writeFileSync(join(kitDir, 'chunks', 'cart-abc123.js'), CHUNK);
  writeFileSync(join(kitDir, 'integrity.json'), JSON.stringify({ version, files: { 'checkout-kit.js': sri(ENTRY) } }));
  writeFileSync(join(dir, 'secret.txt'), 'not the kit');
  return kitDir;
}

test('/kit/<version>/checkout-kit.js and its chunks: long-cached and immutable, the same bytes as /kit/, any origin may read them', async (t) => {
  const app = await proxyOnly(t, {}, { static: { kitDir: kit() } });
  const moving = await app.inject({ method: 'GET', url: '/kit/checkout-kit.js' });
  assert.equal(moving.statusCode, 200);
  assert.equal(moving.headers['cache-control'], 'public, max-age=300', 'the moving URL is re-checked after 5 minutes');

  for (const [url, body] of [['/kit/0.4.2/checkout-kit.js', ENTRY], ['/kit/0.4.2/chunks/cart-abc123.js', CHUNK]] as const) {
    const res = await app.inject({ method: 'GET', url, headers: { origin: 'https://any-merchant.example', 'accept-encoding': 'identity' } });
    assert.equal(res.statusCode, 200, url);
    assert.equal(res.body, body);
    assert.equal(res.headers['cache-control'], 'public, max-age=31536000, immutable', url);
    assert.equal(res.headers['access-control-allow-origin'], '*', `${url}: crossorigin works on a merchant page`);
    assert.equal(res.headers['cross-origin-resource-policy'], 'cross-origin');
    assert.match(String(res.headers['content-type']), /javascript/);
  }
  // What a browser checks against the integrity attribute: the served bytes.
  const pinned = await app.inject({ method: 'GET', url: '/kit/0.4.2/checkout-kit.js', headers: { 'accept-encoding': 'identity' } });
  assert.equal(sri(pinned.body), sri(ENTRY));
});

test('another version, a version spelled as a path, or a way out of the kit folder is never served as the pinned kit', async (t) => {
  const app = await proxyOnly(t, {}, { static: { kitDir: kit() } });
  for (const url of [
    '/kit/0.4.1/checkout-kit.js',
    '/kit/9.9.9/checkout-kit.js',
    '/kit/0.4.2/../secret.txt',
    '/kit/0.4.2/%2e%2e/secret.txt',
    '/kit/0.4.2/..%2fsecret.txt',
    '/kit/0.4.2/%2e%2e%2f%2e%2e%2fsecret.txt',
    '/kit/0.4.2/chunks/../../secret.txt',
  ]) {
    const res = await app.inject({ method: 'GET', url });
    assert.notEqual(res.statusCode, 200, url);
    assert.doesNotMatch(res.body, /not the kit/, url);
    assert.notEqual(res.headers['cache-control'], 'public, max-age=31536000, immutable', `${url}: nothing wrong is cached for a year`);
  }
});

test('a kit without a usable version (not x.y.z, or no integrity.json) has no pinned URLs, only /kit/', async (t) => {
  for (const version of ['latest', '../..', '0.4.2/../..']) {
    const kitDir = kit(version);
    assert.equal(kitVersion(kitDir), undefined, version);
    const app = await proxyOnly(t, {}, { static: { kitDir } });
    assert.equal((await app.inject({ method: 'GET', url: '/kit/checkout-kit.js' })).headers['cache-control'], 'public, max-age=300');
    const pinned = await app.inject({ method: 'GET', url: `/kit/${version}/checkout-kit.js` });
    assert.notEqual(pinned.headers['cache-control'], 'public, max-age=31536000, immutable', version);
  }
  const bare = kit();
  rmSync(join(bare, 'integrity.json'));
  assert.equal(kitVersion(bare), undefined);
});
