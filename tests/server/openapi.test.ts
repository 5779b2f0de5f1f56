/**
 * The OpenAPI document (server/plugins/openapi.ts): generated from the routes' zod schemas, it
 * names every route the proxy serves, is the committed openapi.json (the lint step's drift check
 * runs the same comparison), and is read at /docs outside production only.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { OPENAPI_FILE, openApiDocument } from '../../scripts/openapi';
import { closeDatabases, proxyOnly } from './helpers';

after(closeDatabases);

const LIVE = {
  CKO_ENVIRONMENT: 'production',
  CKO_SECRET_KEY: 'sk_abcdefghijklmnopqrstuvwxyz234567',
  CKO_PUBLIC_KEY: 'pk_abcdefghijklmnopqrstuvwxyz234567',
  SESSION_SECRET: 'a-session-secret-of-at-least-32-characters',
  GIFT_CARD_SECRET: 'a-gift-card-secret-of-at-least-32-characters',
  CATALOG_FILE: 'server/catalog/demo-catalog.json',
  USERS_FILE: 'none',
  ALLOWED_ORIGINS: 'https://shop.example',
  PUBLIC_BASE_URL: 'https://pay.shop.example',
  RESULT_PAGES_URL: 'https://shop.example/checkout',
};

/** Fastify's `/api/events/:id` is OpenAPI's `/api/events/{id}`. */
const openApiPath = (url: string) => url.replace(/:(\w+)/g, '{$1}');

test('every route the proxy registers is in the document, with its method; only static files and the reader itself are left out', async (t) => {
  const app = await proxyOnly(t);
  await app.ready();
  const doc = app.swagger() as { openapi: string; paths: Record<string, Record<string, unknown>> };
  assert.equal(doc.openapi, '3.1.0');
  // HEAD twins of GET routes are Fastify's own; the document lists the GET.
  const routes = app.registeredRoutes.filter((r) => r.method !== 'HEAD');
  const visible = routes.filter((r) => !r.hidden);
  assert.ok(visible.length >= 24, `${visible.length} routes`);
  for (const { method, url } of visible) {
    assert.ok(doc.paths[openApiPath(url)]?.[method.toLowerCase()], `${method} ${url} is in the document`);
  }
  const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
  assert.equal(documented.length, visible.length, 'nothing in the document that is not a route');
  // What is hidden is only what is no API: the static files (the kit, the demo pages), CORS preflight and the /docs reader.
  for (const { method, url } of routes.filter((r) => r.hidden)) {
    assert.ok(url.startsWith('/docs') || url.endsWith('*'), `${method} ${url} hidden from the document`);
  }
});

test('request and response shapes come from the zod schemas, and every operation lists the error shape', async (t) => {
  const app = await proxyOnly(t);
  await app.ready();
  const doc = app.swagger() as any;
  const quote = doc.paths['/api/orders/quote'].post;
  const body = quote.requestBody.content['application/json'].schema;
  assert.equal(body.properties.items.items.properties.quantity.maximum, 99, 'the quote request\'s line items, with the schema\'s limits');
  assert.equal(doc.paths['/api/payments/{id}'].get.parameters.find((p: any) => p.in === 'path').name, 'id');
  for (const [path, ops] of Object.entries<any>(doc.paths)) {
    for (const [method, op] of Object.entries<any>(ops)) {
      const error = op.responses.default?.content['application/json'].schema;
      assert.deepEqual(error?.required, ['error'], `${method} ${path}: the error shape`);
      assert.deepEqual(error.properties.error.required, ['code', 'message']);
    }
  }
  assert.ok(doc.paths['/metrics'].get.responses[200].content['text/plain']);
  assert.ok(doc.paths['/api/events/{id}/seats/stream'].get.responses[200].content['text/event-stream']);
});

test('the committed openapi.json is the document the routes generate (npm run openapi rewrites it)', async () => {
  assert.equal(readFileSync(OPENAPI_FILE, 'utf8'), await openApiDocument());
});

test('/docs: the reader outside production, under the same CSP (scripts from the proxy only); /docs/json is the document', async (t) => {
  const app = await proxyOnly(t);
  const page = await app.inject({ method: 'GET', url: '/docs/' });
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /swagger-ui-bundle\.js/);
  assert.match(String(page.headers['content-security-policy']), /script-src 'self'/);
  for (const src of page.body.matchAll(/<script src="([^"]+)"/g)) {
    const script = await app.inject({ method: 'GET', url: new URL(src[1]!, 'http://proxy/docs/').pathname });
    assert.equal(script.statusCode, 200, `${src[1]} is served by the proxy`);
  }
  const json = await app.inject({ method: 'GET', url: '/docs/json' });
  assert.deepEqual(json.json(), JSON.parse(readFileSync(OPENAPI_FILE, 'utf8')));
});

test('in production /docs is not served (the document is still generated)', async (t) => {
  const app = await proxyOnly(t, LIVE);
  for (const url of ['/docs', '/docs/json', '/docs/static/index.html']) {
    assert.equal((await app.inject({ method: 'GET', url })).statusCode, 404, url);
  }
  await app.ready();
  assert.ok((app.swagger() as any).paths['/api/orders/quote']);
});
