/**
 * Production never runs on demo defaults: a live start without the shop's own catalog, users,
 * origins and public URL stops, naming each missing variable; the demos are off unless asked for.
 * Sandbox keeps today's zero-configuration defaults.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../../server/app';
import { DEMO_CATALOG_FILE } from '../../server/catalog';
import { ConfigError, loadConfig } from '../../server/config';
import { closeDatabases, database } from './helpers';

after(closeDatabases);

const LIVE = {
  CKO_ENVIRONMENT: 'production',
  CKO_SECRET_KEY: 'sk_abcdefghijklmnopqrstuvwxyz234567',
  CKO_PUBLIC_KEY: 'pk_abcdefghijklmnopqrstuvwxyz234567',
  SESSION_SECRET: 'a-session-secret-of-at-least-32-characters',
  GIFT_CARD_SECRET: 'a-gift-card-secret-of-at-least-32-characters',
};

function shopFiles() {
  const dir = mkdtempSync(join(tmpdir(), 'ck-prod-'));
  const catalog = JSON.parse(readFileSync(DEMO_CATALOG_FILE, 'utf8'));
  catalog.merchant.name = 'Harbour Goods Ltd';
  catalog.products = catalog.products.slice(0, 1).map((p: Record<string, unknown>) => ({ ...p, reference: 'harbour-mug', name: 'Harbour mug' }));
  writeFileSync(join(dir, 'catalog.json'), JSON.stringify(catalog));
  mkdirSync(join(dir, 'kit'));
  writeFileSync(join(dir, 'kit', 'checkout-kit.js'), 'export {};');
  return { catalogFile: join(dir, 'catalog.json'), kitDir: join(dir, 'kit') };
}

function issuesOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error.issues;
  }
  return [];
}

test('a live start with no catalog, users, origins or public URL stops, naming each missing variable', () => {
  const issues = issuesOf(LIVE);
  for (const name of ['CATALOG_FILE', 'USERS_FILE', 'ALLOWED_ORIGINS', 'PUBLIC_BASE_URL', 'RESULT_PAGES_URL']) {
    assert.ok(issues.some((i) => i.startsWith(`${name} is required in production`)), `${name} named in: ${issues.join(' | ')}`);
  }
  // An empty allowlist is no allowlist.
  assert.ok(issuesOf({ ...LIVE, ALLOWED_ORIGINS: ' , ' }).some((i) => i.startsWith('ALLOWED_ORIGINS is required')));
});

test('production needs its own GIFT_CARD_SECRET (gift-card codes are hashed and sealed with it); sandbox has a development key', () => {
  const { GIFT_CARD_SECRET: _secret, ...withoutSecret } = LIVE;
  assert.ok(issuesOf(withoutSecret).includes('GIFT_CARD_SECRET is required in production'));
  assert.ok(issuesOf({ ...LIVE, GIFT_CARD_SECRET: 'too-short' }).includes('GIFT_CARD_SECRET must be at least 32 characters'));
  assert.ok(loadConfig({}).giftCards.secret.length >= 32);
});

test('production refuses an FX feed over plain http; sandbox still takes one', () => {
  const { catalogFile } = shopFiles();
  const complete = { ...LIVE, CATALOG_FILE: catalogFile, USERS_FILE: 'none', ALLOWED_ORIGINS: 'https://shop.example', PUBLIC_BASE_URL: 'https://pay.shop.example', RESULT_PAGES_URL: 'https://shop.example/checkout' };
  assert.deepEqual(issuesOf({ ...complete, FX_RATES_URL: 'https://rates.example/latest' }), []);
  assert.deepEqual(issuesOf({ ...complete, FX_RATES_URL: 'http://rates.example/latest' }), ['FX_RATES_URL must be an https URL in production (rates over plain http can be altered on the way)']);
  assert.equal(loadConfig({ FX_RATES_URL: 'http://127.0.0.1:9/latest' }).fxRatesUrl, 'http://127.0.0.1:9/latest');
});

test('a complete live configuration: no embed demo, no demo origins, no demo pages, no demo login, the shop’s catalog', async (t) => {
  const { catalogFile, kitDir } = shopFiles();
  const config = loadConfig({
    ...LIVE,
    CATALOG_FILE: catalogFile,
    USERS_FILE: 'none',
    ALLOWED_ORIGINS: 'https://shop.example',
    PUBLIC_BASE_URL: 'https://pay.shop.example',
    RESULT_PAGES_URL: 'https://shop.example/checkout/',
    DATA_DIR: 'memory://',
    LOG_LEVEL: 'silent',
  });
  assert.equal(config.embedDemo, undefined);
  assert.equal(config.demoPages, false);
  assert.deepEqual(config.allowedOrigins, ['https://pay.shop.example', 'https://shop.example']);
  assert.equal(config.resultPagesUrl, 'https://shop.example/checkout');

  const app = await buildApp(config, { logger: false, database: await database(t), static: { kitDir } });
  t.after(() => app.close());
  const page = await app.inject({ method: 'GET', url: '/' });
  assert.equal(page.statusCode, 404, 'the demo shop is not served');
  assert.equal((await app.inject({ method: 'GET', url: '/omni-cart/checkout.html' })).statusCode, 404);
  assert.equal((await app.inject({ method: 'GET', url: '/kit/checkout-kit.js' })).statusCode, 200, 'the kit still is');
  const catalog = (await app.inject({ method: 'GET', url: '/api/catalog' })).json();
  assert.deepEqual(catalog.products.map((p: { reference: string }) => p.reference), ['harbour-mug']);
  // The README's demo login opens nothing.
  const login = await app.inject({ method: 'POST', url: '/api/auth/login', headers: { origin: 'https://shop.example' }, payload: { username: 'kenso', password: '12345678' } });
  assert.equal(login.statusCode, 401);
  assert.equal(login.json().error.code, 'invalid_credentials');
});

test('production demos only when asked for: DEMO_PAGES=on serves them (and result pages default to them), EMBED_DEMO=on starts the embed demo', () => {
  const { catalogFile } = shopFiles();
  const config = loadConfig({ ...LIVE, CATALOG_FILE: catalogFile, USERS_FILE: 'none', ALLOWED_ORIGINS: 'https://shop.example', PUBLIC_BASE_URL: 'https://pay.shop.example', DEMO_PAGES: 'on', EMBED_DEMO: 'on' });
  assert.equal(config.demoPages, true);
  assert.equal(config.resultPagesUrl, 'https://pay.shop.example');
  assert.deepEqual(config.embedDemo, { allowedPort: 4244, blockedPort: 4245 });
});

test('sandbox keeps the zero-configuration defaults: demo pages, embed demo and its origin, demo users', () => {
  const config = loadConfig({});
  assert.equal(config.demoPages, true);
  assert.deepEqual(config.embedDemo, { allowedPort: 4244, blockedPort: 4245 });
  assert.deepEqual(config.allowedOrigins, ['http://localhost:4242', 'http://localhost:4244']);
  assert.equal(config.usersFile, undefined);
  assert.equal(config.resultPagesUrl, 'http://localhost:4242');
  assert.equal(loadConfig({ DEMO_PAGES: 'off' }).demoPages, false);
});
