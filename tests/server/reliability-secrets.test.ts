/**
 * Secret scanning of a representative run of the WHOLE API (every route found at runtime):
 * successful journeys (session, payment, verification, webhook, HPP, login, holds, quotes),
 * hostile input carrying PANs, and upstream failures (whose SDK/axios errors carry request
 * headers). Every response body and header, and every log line the proxy wrote (pino at
 * `trace`, captured through `logStream`), is scanned for:
 *  - the configured secret key, webhook secret, session secret;
 *  - payment_session_secret / payment_session_token values (allowed ONLY in the
 *    create-session answer that hands them to Flow), session cookies, CSRF tokens, passwords;
 *  - any `sk_…` key and any `pss_…` secret by shape;
 *  - PAN-like numbers: 13–19 digits (spaces/dashes allowed) that pass Luhn.
 * Complements tests/server/logging.test.ts (the logger's own scrubbing on one journey).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, randomUUID } from 'node:crypto';
import { EMULATOR_KEYS } from '../../server/emulator/keys';
import { payOnEmulator } from './helpers';
import { discoverRoutes, findSecrets, reliabilityStack } from './reliability-harness';

type Json = Record<string, any>;

const SESSION_SECRET = 'reliability-session-secret-0f1e2d3c4b5a69788796a5b4';
const WEBHOOK_SECRET = 'reliability-webhook-secret-77aa88bb99cc';
const WRONG_PASSWORD = 'Wr0ng-Pa55word-never-logged';
const PANS = ['4242424242424242', '4242 4242 4242 4242', '5436-0310-3060-6378', '378282246310005', '4000000000000002'];

interface Seen {
  label: string;
  status: number;
  headers: Record<string, unknown>;
  body: string;
  allow: string[];
}

test('secret scan: no secret, session secret or PAN in any response or log line of a whole-API run', { timeout: 90_000 }, async (t) => {
  const s = await reliabilityStack(t, {
    logLevel: 'trace',
    env: { SESSION_SECRET, CKO_WEBHOOK_SECRET: WEBHOOK_SECRET },
    build: { checkoutClient: { readTimeoutMs: 400, writeTimeoutMs: 400, retries: 1, breakerThreshold: 1000 } },
  });
  const seen: Seen[] = [];
  const hit = new Set<string>();
  const known = new Set<string>([EMULATOR_KEYS.secretKey, WEBHOOK_SECRET, SESSION_SECRET, WRONG_PASSWORD]);
  const call = async (method: string, url: string, body?: unknown, headers: Record<string, string> = {}, allow: string[] = []) => {
    const res = await s.inject({ method: method as 'GET', url, headers, ...(body === undefined ? {} : typeof body === 'string' ? { payload: body } : { payload: body as Json }) });
    seen.push({ label: `${method} ${url}`, status: res.statusCode, headers: res.headers as Record<string, unknown>, body: res.body, allow });
    // The route that answers: an exact one before a pattern (/docs/json before /docs/*).
    const routes = discoverRoutes(s.app).filter((r) => r.method === method);
    const path = url.split('?')[0]!;
    const route = routes.find((r) => r.url === path) ?? routes.find((r) => new RegExp(`^${r.url.replace(/:\w+/g, '[^/]+').replace('*', '.*')}$`).test(path));
    if (route) hit.add(`${route.method} ${route.url}`);
    let json: Json;
    try {
      json = res.body ? (JSON.parse(res.body) as Json) : {};
    } catch {
      json = {};
    }
    return { status: res.statusCode, body: json, headers: res.headers as Record<string, unknown> };
  };
  const faults = s.emulator.app.emulator.faults;

  // Public reads.
  const catalog = (await call('GET', '/api/catalog')).body;
  for (const url of ['/healthz', '/readyz', '/metrics', '/api/checkout-config', '/api/fx-rates', '/api/catalog?pan=4242424242424242', '/docs/json', '/docs/yaml']) await call('GET', url);
  const event = catalog.events?.[0];
  if (event) {
    await call('GET', `/api/events/${event.id}/venue`);
    await call('GET', `/api/events/${event.id}/seats`);
  }

  // Card data, valid and hostile.
  await call('POST', '/card-metadata', { number: '42424242', type: 'bin' });
  for (const pan of PANS) {
    await call('POST', '/card-metadata', { number: pan, type: 'bin' });
    await call('POST', '/card-metadata', { number: pan.replace(/\D/g, ''), type: 'card' });
  }
  await call('POST', '/card-metadata', `{"number":${PANS[0]}}`, { 'content-type': 'application/json' });
  await call('POST', '/tokenize-card', { number: '4242424242424242', expiryMonth: 12, expiryYear: 2031, cvv: '100', name: 'Card 4242424242424242' });
  await call('POST', '/tokenize-card', { number: '4242424242424241', expiryMonth: 12, expiryYear: 2031 });

  // A Flow session: its secret and token are allowed in this answer only.
  const product = catalog.products?.[0]?.reference ?? 'case-iphone16-clear';
  const order = (name = 'Jordan Lee') => ({
    items: [{ reference: product, quantity: 1 }],
    currency: 'HKD',
    country: 'HK',
    customer: { email: 'jordan@example.com', name, phone: '+852 5555 0000' },
    billingAddress: { line1: `Flat ${PANS[0]}`, city: 'Hong Kong', country: 'HK' },
    shippingAddress: { line1: 'Flat 1', city: 'Hong Kong', country: 'HK' },
  });
  const key = randomUUID();
  const created = await s.inject({ method: 'POST', url: '/create-payment-sessions', payload: order(`Jordan ${PANS[1]}`), headers: { 'idempotency-key': key, authorization: 'Bearer sk_sbox_leakedbyaclient0000' } });
  assert.equal(created.statusCode, 201, created.body);
  const session = (created.json() as Json).paymentSession as Json;
  const sessionSecrets = [session.payment_session_secret as string, session.payment_session_token as string];
  sessionSecrets.forEach((v) => known.add(v));
  seen.push({ label: 'POST /create-payment-sessions', status: 201, headers: created.headers as Record<string, unknown>, body: created.body, allow: sessionSecrets });
  hit.add('POST /create-payment-sessions');
  const replay = await s.inject({ method: 'POST', url: '/create-payment-sessions', payload: order(`Jordan ${PANS[1]}`), headers: { 'idempotency-key': key } });
  seen.push({ label: 'POST /create-payment-sessions (replay)', status: replay.statusCode, headers: replay.headers as Record<string, unknown>, body: replay.body, allow: sessionSecrets });

  // Pay it like Flow does (approved, then a declined one), verify, let the webhooks land.
  const paid = await payOnEmulator(s.emulator.url, session.id as string);
  await call('GET', `/api/payments/${paid.id}`);
  const second = await s.inject({ method: 'POST', url: '/create-payment-sessions', payload: order(), headers: { 'idempotency-key': randomUUID() } });
  const secondSession = (second.json() as Json).paymentSession as Json;
  [secondSession.payment_session_secret, secondSession.payment_session_token].forEach((v: string) => known.add(v));
  seen.push({ label: 'POST /create-payment-sessions (2)', status: second.statusCode, headers: second.headers as Record<string, unknown>, body: second.body, allow: [secondSession.payment_session_secret, secondSession.payment_session_token] });
  const declined = await payOnEmulator(s.emulator.url, secondSession.id as string, '4000000000000002');
  if (declined.id) await call('GET', `/api/payments/${declined.id}`);
  await s.emulator.app.emulator.webhooks.idle();
  await call('GET', `/api/payments/pay_${'a'.repeat(26)}`);
  await call('POST', '/create-hosted-payment', order(), { 'idempotency-key': randomUUID() });

  // Webhooks: forged, and correctly signed for an unknown payment.
  const envelope = JSON.stringify({ id: `evt_${'b'.repeat(26)}`, type: 'payment_approved', data: { id: `pay_${'c'.repeat(26)}`, amount: 100, currency: 'HKD', reference: 'ORDX', source: { number: PANS[0] } } });
  await call('POST', '/webhooks/checkout', envelope, { 'content-type': 'application/json', 'cko-signature': '0'.repeat(64) });
  await call('POST', '/webhooks/checkout', envelope, { 'content-type': 'application/json', 'cko-signature': createHmac('sha256', WEBHOOK_SECRET).update(envelope).digest('hex') });

  // Upstream failures: the SDK's errors carry request config (Authorization) — must not reach a log line.
  for (const mode of ['500', 'timeout', 'malformed-json', 'reset', '429', '503']) {
    faults.add({ path: '/metadata/card', mode, count: 2 });
    await call('POST', '/card-metadata', { number: '42424242', type: 'bin' });
    faults.add({ method: 'POST', path: '/payment-sessions', mode, count: 1 });
    await call('POST', '/create-payment-sessions', order(`Fault ${PANS[2]}`), { 'idempotency-key': randomUUID() });
    faults.add({ method: 'GET', path: '/payments/:id', mode, count: 2 });
    await call('GET', `/api/payments/${paid.id}`);
    faults.remove();
  }

  // Login: wrong password, right password (cookie + CSRF token), me, logout.
  if (discoverRoutes(s.app).some((r) => r.url === '/api/auth/login')) {
    const origin = { origin: s.url };
    await call('POST', '/api/auth/login', { username: 'kenso', password: WRONG_PASSWORD }, origin);
    const login = await s.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'kenso', password: '12345678' }, headers: origin });
    const cookie = String(login.headers['set-cookie'] ?? '').split(';')[0] ?? '';
    const csrf = login.statusCode === 200 ? ((login.json() as Json).csrfToken as string | undefined) : undefined;
    const cookieValue = cookie.split('=').slice(1).join('=');
    seen.push({ label: 'POST /api/auth/login', status: login.statusCode, headers: login.headers as Record<string, unknown>, body: login.body, allow: [cookieValue, csrf ?? ''] });
    hit.add('POST /api/auth/login');
    if (cookieValue) known.add(decodeURIComponent(cookieValue));
    if (csrf) known.add(csrf);
    // /me hands the session's CSRF token back to the kit by design.
    await call('GET', '/api/auth/me', undefined, { cookie, ...origin }, csrf ? [csrf] : []);
    await call('POST', '/api/auth/logout', {}, { cookie, ...origin, ...(csrf ? { 'x-csrf-token': csrf } : {}) });
  }

  // Seat holds and insurance quotes, where they exist.
  if (event && discoverRoutes(s.app).some((r) => r.url === '/api/seat-holds')) {
    const venue = (await call('GET', `/api/events/${event.id}/venue`)).body;
    const section = venue.sections?.[0];
    const row = section?.rows?.[0];
    const seat = row ? `${section.id}:${row.label}:${row.firstNumber ?? 1}` : 'A:1:1';
    const hold = await call('POST', '/api/seat-holds', { eventId: event.id, seats: [seat] });
    // The holder cookie the proxy issued with the hold, sent back as the browser would.
    const holder = String(hold.headers['set-cookie'] ?? '').split(';')[0] ?? '';
    if (hold.body.id) {
      await call('POST', `/api/seat-holds/${hold.body.id}/extend`, undefined, { cookie: holder });
      await call('DELETE', `/api/seat-holds/${hold.body.id}`, undefined, { cookie: holder });
    }
  }
  const plan = catalog.insurancePlans?.[0];
  if (plan && discoverRoutes(s.app).some((r) => r.url === '/api/insurance/quotes')) {
    const quote = await call('POST', '/api/insurance/quotes', { planId: plan.id, applicant: { name: `Ann ${PANS[0]}`, dateOfBirth: '1990-01-01', email: 'ann@example.com', phone: '+85255550000', country: 'HK' }, currency: 'HKD' });
    if (quote.body.id) await call('GET', `/api/insurance/quotes/${quote.body.id}`);
  }
  await call('POST', '/api/orders/quote', order(`Quote ${PANS[0]}`));

  // Any route the script above did not reach still gets one request (routes that land later).
  const routes = discoverRoutes(s.app);
  for (const r of routes) {
    if (hit.has(`${r.method} ${r.url}`) || r.url.endsWith('/stream') || r.url.includes('*')) continue;
    await call(r.method, r.url.replace(/:\w+/g, 'x1'), r.method === 'GET' || r.method === 'DELETE' ? undefined : { probe: PANS[0] });
  }

  // Scan.
  const problems: string[] = [];
  const knownList = [...known].filter(Boolean);
  for (const r of seen) {
    const headerText = Object.entries(r.headers).map(([k, v]) => `${k}: ${String(v)}`).join('\n');
    for (const hitText of findSecrets(`${headerText}\n${r.body}`, knownList, r.allow)) problems.push(`response ${r.label} (${r.status}): ${hitText}`);
  }
  for (const line of s.logs) {
    const text = line.replace(/"(time|pid|hostname)":("[^"]*"|\d+)/g, '');
    for (const hitText of findSecrets(text, knownList)) problems.push(`log: ${hitText} in ${text.slice(0, 200)}`);
  }
  const unreached = routes.filter((r) => !hit.has(`${r.method} ${r.url}`) && !r.url.endsWith('/stream') && !r.url.includes('*'));
  t.diagnostic(`${seen.length} responses and ${s.logs.length} log lines scanned; ${routes.length} routes (${hit.size} reached); ${knownList.length} known secret values`);
  assert.ok(s.logs.length > 50, 'the run logged (trace level)');
  assert.deepEqual(unreached.map((r) => `${r.method} ${r.url}`), [], 'every route was driven at least once');
  assert.deepEqual(problems, []);
});

test('the scanner itself finds what it must (and not timestamps or ids)', () => {
  assert.ok(findSecrets('name 4242 4242 4242 4242').length > 0);
  assert.ok(findSecrets('x 5436-0310-3060-6378 y').length > 0);
  assert.ok(findSecrets('"key":"sk_sbox_abcdefghijklmnop"').length > 0);
  assert.ok(findSecrets('pss_009d4916-1a66-48e7-9f36-a4c0a0583e81').length > 0);
  assert.ok(findSecrets('token=abc', ['abcdefgh-secret'], []).length === 0);
  assert.ok(findSecrets('x abcdefgh-secret', ['abcdefgh-secret']).length > 0);
  assert.deepEqual(findSecrets('bin 42424242, amount 1234567890123 (not Luhn-valid: 4242424242424241), 0.4242424242424242 s'), []);
  assert.deepEqual(findSecrets('pss_009d4916-1a66-48e7-9f36-a4c0a0583e81', [], ['pss_009d4916-1a66-48e7-9f36-a4c0a0583e81']), []);
});
