import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../../server/app';
import { ConfigError, loadConfig } from '../../server/config';
import { proxyOnly } from './helpers';

function fixtureDirs() {
  const dir = mkdtempSync(join(tmpdir(), 'ck-static-'));
  mkdirSync(join(dir, 'kit'));
  mkdirSync(join(dir, 'demo'));
  writeFileSync(join(dir, 'kit', 'checkout-kit.js'), 'export const kit = true;');
  writeFileSync(join(dir, 'demo', 'index.html'), '<!doctype html><title>demo</title>');
  return { kitDir: join(dir, 'kit'), demoDir: join(dir, 'demo') };
}

async function build(t: { after: (fn: () => Promise<void>) => void }) {
  const app = await buildApp(loadConfig({}), { logger: false, static: fixtureDirs() });
  t.after(() => app.close());
  return app;
}

test('GET /healthz answers ok', async (t) => {
  const app = await build(t);
  const res = await app.inject({ method: 'GET', url: '/healthz' });
  assert.equal(res.statusCode, 200);
  assert.equal(res.json().status, 'ok');
});

test('the kit is served from /kit/ as JavaScript, loadable from any origin', async (t) => {
  const app = await build(t);
  const res = await app.inject({ method: 'GET', url: '/kit/checkout-kit.js' });
  assert.equal(res.statusCode, 200);
  assert.match(String(res.headers['content-type']), /javascript/);
  assert.equal(res.headers['access-control-allow-origin'], '*');
  assert.match(res.body, /export const kit/);
});

test('demo pages are served at /', async (t) => {
  const app = await build(t);
  const res = await app.inject({ method: 'GET', url: '/' });
  assert.equal(res.statusCode, 200);
  assert.match(res.body, /<title>demo<\/title>/);
});

test('an unknown route answers 404 in the error shape', async (t) => {
  const app = await build(t);
  const res = await app.inject({ method: 'GET', url: '/api/nope' });
  assert.equal(res.statusCode, 404);
  assert.deepEqual(Object.keys(res.json().error).sort(), ['code', 'message']);
  assert.equal(res.json().error.code, 'not_found');
});

test('config: embedded defaults use the emulator on 4243 and the proxy on 4242', () => {
  const config = loadConfig({});
  assert.equal(config.port, 4242);
  assert.equal(config.emulatorPort, 4243);
  assert.equal(config.checkout.mode, 'emulator');
  // The embed demo's merchant page is allowed out of the box; its "wrong origin" twin is not.
  assert.deepEqual(config.allowedOrigins, ['http://localhost:4242', 'http://localhost:4244']);
  assert.deepEqual(config.embedDemo, { allowedPort: 4244, blockedPort: 4245 });
});

test('config: an explicit ALLOWED_ORIGINS replaces the demo default', () => {
  const config = loadConfig({ ALLOWED_ORIGINS: 'https://shop.example.com', EMBED_DEMO: 'off' });
  assert.deepEqual(config.allowedOrigins, ['http://localhost:4242', 'https://shop.example.com']);
  assert.equal(config.embedDemo, undefined);
});

test('config: aliases and the allowlist are read', () => {
  const config = loadConfig({
    CK_SECRET: 'sk_sbox_abcdefghijklmnopqrstuvwxyz2',
    CK_PUBLIC: 'pk_sbox_abcdefghijklmnopqrstuvwxyz2',
    ALLOWED_ORIGINS: 'https://shop.example.com, http://localhost:4244/',
  });
  assert.equal(config.checkout.mode, 'checkout');
  assert.deepEqual(config.allowedOrigins, ['http://localhost:4242', 'https://shop.example.com', 'http://localhost:4244']);
});

test('config: a bad value stops start with a clear message that never echoes secrets', () => {
  assert.throws(
    () => loadConfig({ PORT: 'eighty', CKO_SECRET_KEY: 'not-a-key-but-secret', ALLOWED_ORIGINS: 'ftp://x' }),
    (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.match(error.message, /PORT/);
      assert.match(error.message, /CKO_SECRET_KEY must be a Checkout.com secret key/);
      assert.match(error.message, /ALLOWED_ORIGINS/);
      assert.doesNotMatch(error.message, /not-a-key-but-secret/);
      return true;
    },
  );
});

test('config: TRUST_PROXY takes a hop count or addresses/CIDRs, and refuses anything else', () => {
  assert.equal(loadConfig({}).trustProxy, undefined);
  assert.equal(loadConfig({ TRUST_PROXY: '1' }).trustProxy, 1);
  assert.deepEqual(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1,::1' }).trustProxy, ['10.0.0.0/8', '127.0.0.1', '::1']);
  assert.throws(() => loadConfig({ TRUST_PROXY: 'true' }), /TRUST_PROXY must be a hop count or a comma list/);
  assert.throws(() => loadConfig({ TRUST_PROXY: '10.0.0.0/40' }), /not: 10\.0\.0\.0\/40/);
});

test('behind a trusted load balancer the rate limit counts each shopper; otherwise X-Forwarded-For changes nothing', async (t) => {
  const tiers = { general: { max: 2, timeWindow: 60_000 } };
  const catalog = (app: Awaited<ReturnType<typeof proxyOnly>>, forwardedFor: string) =>
    app.inject({ method: 'GET', url: '/api/catalog', headers: { 'x-forwarded-for': forwardedFor } });

  // inject() comes from 127.0.0.1: here that is the load balancer.
  const behind = await proxyOnly(t, { TRUST_PROXY: '127.0.0.1' }, { rateLimits: tiers });
  for (let i = 0; i < 2; i++) assert.equal((await catalog(behind, '203.0.113.7')).statusCode, 200);
  assert.equal((await catalog(behind, '203.0.113.7')).statusCode, 429, 'the shopper at 203.0.113.7 used up their tier');
  assert.equal((await catalog(behind, '203.0.113.8')).statusCode, 200, 'another shopper behind the same balancer is not');

  const direct = await proxyOnly(t, {}, { rateLimits: tiers });
  for (let i = 0; i < 2; i++) assert.equal((await catalog(direct, `198.51.100.${i}`)).statusCode, 200);
  assert.equal((await catalog(direct, '198.51.100.99')).statusCode, 429, 'a made-up X-Forwarded-For does not reset the count');
});

test('TRUST_PROXY=1: the address the load balancer saw is the shopper’s', async (t) => {
  const app = await proxyOnly(t, { TRUST_PROXY: '1' });
  app.get('/whoami', async (request) => ({ ip: request.ip }));
  const res = await app.inject({ method: 'GET', url: '/whoami', headers: { 'x-forwarded-for': '192.0.2.1, 203.0.113.9' } });
  assert.equal(res.json().ip, '203.0.113.9', 'one hop: the balancer’s own entry, not what the client claimed before it');
});
