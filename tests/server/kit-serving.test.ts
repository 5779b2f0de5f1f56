/**
 * How the proxy serves the built kit (server/plugins/static.ts): content-hashed chunks cached for
 * a year as immutable, the entry and element files (fixed names) for 5 minutes; every file
 * precompressed by the build (`.br`, `.gz` beside it) and served as the browser accepts it, the
 * same bytes once decoded; the entry naming the chunks it imports in a `Link: rel=modulepreload`
 * header, from the build's kit-manifest.json and nothing else.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { kitEntryPreloads } from '../../server/plugins/static';
import { closeDatabases, proxyOnly } from './helpers';

after(closeDatabases);

const ENTRY = `import "./chunks/core-abc123.js";\n${'export const entry = "checkout-kit";\n'.repeat(80)}`;
const CORE = `${'export const core = "lit, the stores, localize, api";\n'.repeat(80)}`;
const ELEMENT = `import "../chunks/core-abc123.js";\n${'export const cart = 1;\n'.repeat(80)}`;
const sri = (text: string | Buffer) => `sha384-${createHash('sha384').update(text).digest('base64')}`;

/** A built kit as `npm run build:kit` lays it out: each script with its .br and .gz, kit-manifest.json and integrity.json. */
function kit(manifest: unknown = { entry: { file: 'checkout-kit.js', imports: ['chunks/core-abc123.js'] }, elements: {} }) {
  const kitDir = join(mkdtempSync(join(tmpdir(), 'ck-kit-')), 'kit');
  mkdirSync(join(kitDir, 'chunks'), { recursive: true });
  mkdirSync(join(kitDir, 'elements'), { recursive: true });
  for (const [file, text] of [['checkout-kit.js', ENTRY], ['chunks/core-abc123.js', CORE], ['elements/ck-cart.js', ELEMENT]] as const) {
    writeFileSync(join(kitDir, file), text);
    writeFileSync(join(kitDir, `${file}.br`), brotliCompressSync(text));
    writeFileSync(join(kitDir, `${file}.gz`), gzipSync(text));
  }
  writeFileSync(join(kitDir, 'kit-manifest.json'), JSON.stringify(manifest));
  writeFileSync(join(kitDir, 'integrity.json'), JSON.stringify({ version: '0.4.2', files: { 'checkout-kit.js': sri(ENTRY) } }));
  return kitDir;
}

test('hashed chunks are cached for a year as immutable; the entry and the element files, whose names do not change, for 5 minutes', async (t) => {
  const app = await proxyOnly(t, {}, { static: { kitDir: kit() } });
  for (const [url, cacheControl] of [
    ['/kit/chunks/core-abc123.js', 'public, max-age=31536000, immutable'],
    ['/kit/checkout-kit.js', 'public, max-age=300'],
    ['/kit/elements/ck-cart.js', 'public, max-age=300'],
    ['/kit/0.4.2/checkout-kit.js', 'public, max-age=31536000, immutable'],
    ['/kit/0.4.2/chunks/core-abc123.js', 'public, max-age=31536000, immutable'],
  ]) {
    for (const encoding of ['br', 'gzip', 'identity']) {
      const res = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': encoding } });
      assert.equal(res.statusCode, 200, `${url} (${encoding})`);
      assert.equal(res.headers['cache-control'], cacheControl, `${url} (${encoding})`);
      assert.match(String(res.headers.vary), /accept-encoding/i, `${url}: caches keep one copy per encoding`);
      assert.equal(res.headers['access-control-allow-origin'], '*');
    }
  }
});

test('each file goes out precompressed as the browser accepts it (brotli first), and decodes to the bytes the integrity hash pins', async (t) => {
  const kitDir = kit();
  const app = await proxyOnly(t, {}, { static: { kitDir } });
  for (const [url, file, text] of [
    ['/kit/checkout-kit.js', 'checkout-kit.js', ENTRY],
    ['/kit/chunks/core-abc123.js', 'chunks/core-abc123.js', CORE],
    ['/kit/0.4.2/checkout-kit.js', 'checkout-kit.js', ENTRY],
  ] as const) {
    const br = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip, deflate, br' } });
    assert.equal(br.headers['content-encoding'], 'br', url);
    assert.deepEqual(br.rawPayload, readFileSync(join(kitDir, `${file}.br`)), `${url}: the build's .br file, not compressed again per request`);
    assert.match(String(br.headers['content-type']), /javascript/, `${url}: still a script, not a .br download`);
    assert.ok(br.rawPayload.length < text.length / 4, `${url}: compressed`);
    assert.equal(brotliDecompressSync(br.rawPayload).toString(), text);

    const gz = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip' } });
    assert.equal(gz.headers['content-encoding'], 'gzip', url);
    assert.deepEqual(gz.rawPayload, readFileSync(join(kitDir, `${file}.gz`)), url);
    assert.equal(gunzipSync(gz.rawPayload).toString(), text);

    const plain = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'identity' } });
    assert.equal(plain.headers['content-encoding'], undefined, url);
    assert.equal(plain.body, text);
  }
  const pinned = await app.inject({ method: 'GET', url: '/kit/0.4.2/checkout-kit.js', headers: { 'accept-encoding': 'br' } });
  assert.equal(sri(brotliDecompressSync(pinned.rawPayload)), sri(ENTRY), 'what the browser checks against the integrity attribute');
});

test('the entry names the chunks it imports in a Link header (modulepreload), under /kit/ and the pinned version alike', async (t) => {
  const app = await proxyOnly(t, {}, { static: { kitDir: kit() } });
  for (const url of ['/kit/checkout-kit.js', '/kit/0.4.2/checkout-kit.js']) {
    const res = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'br' } });
    // Relative to the entry's own URL: /kit/chunks/… or /kit/0.4.2/chunks/…, the URL the import asks for.
    assert.equal(res.headers.link, '<./chunks/core-abc123.js>; rel=modulepreload; crossorigin', url);
  }
  assert.equal((await app.inject({ method: 'GET', url: '/kit/elements/ck-cart.js' })).headers.link, undefined, 'only the entry: an element is imported after the core');
});

test('a manifest naming anything but a chunk of the kit (another folder, a header break, a URL) adds no Link header', async (t) => {
  const hostile = ['../secret.js', 'chunks/core.js>; rel=preload, <https://evil.example/x.js', 'chunks/a.js\r\nSet-Cookie: x=1', 'https://evil.example/x.js', '/chunks/core.js', 42];
  assert.deepEqual(kitEntryPreloads(kit({ entry: { imports: hostile } })), []);
  assert.deepEqual(kitEntryPreloads(kit({ entry: { imports: 'chunks/core.js' } })), []);
  assert.deepEqual(kitEntryPreloads(join(tmpdir(), 'no-such-kit')), [], 'no manifest (a kit built before it existed): no header');
  const app = await proxyOnly(t, {}, { static: { kitDir: kit({ entry: { imports: hostile } }) } });
  const res = await app.inject({ method: 'GET', url: '/kit/checkout-kit.js' });
  assert.equal(res.statusCode, 200);
  assert.equal(res.headers.link, undefined);
  assert.equal(res.headers['set-cookie'], undefined);
});
