/**
 * A disallowed origin is refused on every API request, and the refusal is readable by that
 * origin's browser (so the embedded element can show it) — without opening anything else.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { proxyOnly } from './helpers';

const ALLOWED = 'http://localhost:4244';
const REFUSED = 'http://localhost:4245';

test('preflight from a disallowed origin: 204 with that origin, methods and headers, so the browser sends the request', async (t) => {
  const app = await proxyOnly(t, { ALLOWED_ORIGINS: ALLOWED });
  const res = await app.inject({
    method: 'OPTIONS',
    url: '/create-payment-sessions',
    headers: { origin: REFUSED, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,idempotency-key' },
  });
  assert.equal(res.statusCode, 204);
  assert.equal(res.headers['access-control-allow-origin'], REFUSED);
  assert.match(String(res.headers['access-control-allow-methods']), /POST/);
  assert.match(String(res.headers['access-control-allow-headers']), /idempotency-key/);
  assert.match(String(res.headers.vary), /Origin/i);
  assert.equal(res.body, '');
});

test('the real request from a disallowed origin is still refused: 403 origin_not_allowed, readable by that origin', async (t) => {
  const app = await proxyOnly(t, { ALLOWED_ORIGINS: ALLOWED });
  for (const [method, url] of [
    ['GET', '/api/catalog'],
    ['POST', '/create-payment-sessions'],
    ['POST', '/card-metadata'],
  ] as const) {
    const res = await app.inject({
      method,
      url,
      headers: { origin: REFUSED, 'content-type': 'application/json' },
      payload: method === 'POST' ? JSON.stringify({ number: '42424242', type: 'bin' }) : undefined,
    });
    assert.equal(res.statusCode, 403, `${method} ${url}`);
    const body = res.json() as { error: { code: string; message: string } };
    assert.equal(body.error.code, 'origin_not_allowed');
    assert.match(body.error.message, new RegExp(`${REFUSED}.*ALLOWED_ORIGINS`));
    assert.equal(res.headers['access-control-allow-origin'], REFUSED);
    assert.match(String(res.headers.vary), /Origin/i);
  }
});

test('allowed and same-origin requests are unchanged; non-API routes get no refusal', async (t) => {
  const app = await proxyOnly(t, { ALLOWED_ORIGINS: ALLOWED });
  const ok = await app.inject({ method: 'GET', url: '/api/catalog', headers: { origin: ALLOWED } });
  assert.equal(ok.statusCode, 200);
  assert.equal(ok.headers['access-control-allow-origin'], ALLOWED);
  const preflight = await app.inject({
    method: 'OPTIONS',
    url: '/create-payment-sessions',
    headers: { origin: ALLOWED, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
  });
  assert.equal(preflight.statusCode, 204);
  assert.equal(preflight.headers['access-control-allow-origin'], ALLOWED);
  const health = await app.inject({ method: 'GET', url: '/healthz', headers: { origin: REFUSED } });
  assert.equal(health.statusCode, 200);
  assert.equal(health.headers['access-control-allow-origin'], undefined);
});
