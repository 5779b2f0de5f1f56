import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { DEMO_CATALOG_FILE } from '../../server/catalog';
import { PROBE_OK_MS } from '../../server/ops/routes';
import { priceIn } from '../../components/core/catalog';
import { closeDatabases, customer, order, proxyOnly, stack } from './helpers';

after(closeDatabases);

test('GET /api/catalog: products, gift cards, events; never coupon codes or tax rules', async (t) => {
  const app = await proxyOnly(t);
  const res = await app.inject({ method: 'GET', url: '/api/catalog' });
  assert.equal(res.statusCode, 200);
  const body = res.json();
  assert.ok(body.products.length >= 8);
  assert.equal(body.events.length, 4);
  assert.ok(body.giftCards.amounts.JPY);
  assert.doesNotMatch(res.body, /WELCOME10|SAVE100|byCountry|markupPercent/);
});

test('GET /api/fx-rates: the selling rates from the shop’s base currency (market rate + markup), date and source (bundled fallback offline)', async (t) => {
  const app = await proxyOnly(t);
  const res = await app.inject({ method: 'GET', url: '/api/fx-rates' });
  assert.equal(res.statusCode, 200);
  const body = res.json();
  assert.equal(body.base, 'HKD', 'the demo catalog prices in HKD');
  assert.equal(body.rates.HKD, 1);
  // server/catalog/fx-fallback.json (euro reference rates): HKD 8.9181, USD 1.1372, JPY 162.87 per euro;
  // the demo catalog's markup is 1.5 %. USD per HKD: 1.1372 / 8.9181 = 0.12751…, × 1.015 = 0.12942869…
  assert.ok(Math.abs(body.rates.USD - 0.12942869) < 1e-8, String(body.rates.USD));
  // JPY per HKD: 162.87 / 8.9181 = 18.26286…, × 1.015 = 18.53680…
  assert.ok(Math.abs(body.rates.JPY - 18.5368) < 1e-4, String(body.rates.JPY));
  assert.deepEqual(Object.keys(body.rates).sort(), ['AED', 'CNY', 'EUR', 'GBP', 'HKD', 'JPY', 'SGD', 'USD']);
  assert.equal(body.date, '2025-06-02');
  assert.match(body.source, /fallback/);
});

test('the price the kit shows is the price the proxy charges: every product and shipping method, in every currency', async (t) => {
  const app = await proxyOnly(t);
  const catalog = (await app.inject({ method: 'GET', url: '/api/catalog' })).json();
  const rates = (await app.inject({ method: 'GET', url: '/api/fx-rates' })).json();
  const mismatches: string[] = [];
  for (const currency of catalog.currencies as string[]) {
    const items = catalog.products.map((p: { reference: string }) => ({ reference: p.reference, quantity: 1 }));
    const priced = await app.inject({ method: 'POST', url: '/api/orders/quote', payload: order({ items, currency }) });
    assert.equal(priced.statusCode, 200, priced.body);
    for (const line of priced.json().order.lines) {
      const shown = priceIn(catalog.products.find((p: { reference: string }) => p.reference === line.reference), currency, rates);
      if (shown !== line.unitAmount) mismatches.push(`${line.reference} in ${currency}: shown ${shown}, charged ${line.unitAmount}`);
    }
    for (const method of catalog.shippingMethods) {
      const country = method.countries?.[0] ?? 'US';
      const shipped = await app.inject({ method: 'POST', url: '/api/orders/quote', payload: order({ currency, country, shippingMethod: method.id }) });
      assert.equal(shipped.statusCode, 200, shipped.body);
      const shown = priceIn(method, currency, rates);
      if (shown !== shipped.json().order.shipping) mismatches.push(`${method.id} shipping in ${currency}: shown ${shown}, charged ${shipped.json().order.shipping}`);
    }
  }
  assert.deepEqual(mismatches, []);
});

test('GET /api/events/:id/venue: ~100,000 seats, gzipped, cacheable; 404 for an unknown event', async (t) => {
  const app = await proxyOnly(t);
  const res = await app.inject({ method: 'GET', url: '/api/events/skyline-live-2031/venue', headers: { 'accept-encoding': 'gzip' } });
  assert.equal(res.statusCode, 200);
  assert.equal(res.headers['content-encoding'], 'gzip');
  assert.ok(res.rawPayload.length < 600_000, `gzipped ${res.rawPayload.length} bytes`);
  const layout = JSON.parse(gunzipSync(res.rawPayload).toString());
  assert.ok(layout.seatCount > 90_000 && layout.seatCount < 110_000, String(layout.seatCount));
  const counted = layout.sections.reduce((n: number, s: { rows: Array<{ seats: number }> }) => n + s.rows.reduce((m, r) => m + r.seats, 0), 0);
  assert.equal(counted, layout.seatCount);
  const again = await app.inject({ method: 'GET', url: '/api/events/skyline-live-2031/venue', headers: { 'if-none-match': String(res.headers.etag) } });
  assert.equal(again.statusCode, 304);
  const hall = await app.inject({ method: 'GET', url: '/api/events/harbour-strings-2031/venue' });
  assert.equal(hall.json().seatCount, 244);
  const missing = await app.inject({ method: 'GET', url: '/api/events/nope/venue' });
  assert.equal(missing.statusCode, 404);
  assert.equal(missing.json().error.code, 'event_not_found');
});

test('POST /api/orders/quote prices without paying; tampering fields are refused', async (t) => {
  const app = await proxyOnly(t);
  const ok = await app.inject({ method: 'POST', url: '/api/orders/quote', payload: order({ coupon: 'WELCOME10' }) });
  assert.equal(ok.statusCode, 200, ok.body);
  assert.equal(ok.json().order.discount, 3980);
  // A client-sent amount is not part of the contract: unknown field → 400.
  const amount = await app.inject({ method: 'POST', url: '/api/orders/quote', payload: { ...order(), amount: 1 } });
  assert.equal(amount.statusCode, 400);
  assert.equal(amount.json().error.code, 'invalid_request');
  // An edited unit price inside an item is refused too, and never priced.
  const unit = await app.inject({ method: 'POST', url: '/api/orders/quote', payload: order({ items: [{ reference: 'case-iphone16-clear', quantity: 1, unitAmount: 1 }] }) });
  assert.equal(unit.statusCode, 400);
  assert.ok(unit.json().error.fields.some((f: { path: string }) => f.path.startsWith('items.0')));
  const unknown = await app.inject({ method: 'POST', url: '/api/orders/quote', payload: order({ items: [{ reference: 'nope', quantity: 1 }] }) });
  assert.equal(unknown.statusCode, 400);
  assert.deepEqual(unknown.json().error.fields, [{ path: 'items.0.reference', message: '"nope" is not in the catalog' }]);
  const country = await app.inject({ method: 'POST', url: '/api/orders/quote', payload: order({ country: 'XX' }) });
  assert.equal(country.statusCode, 400);
  const currency = await app.inject({ method: 'POST', url: '/api/orders/quote', payload: order({ currency: 'KWD' }) });
  assert.equal(currency.statusCode, 400);
});

test('create-payment-sessions: a client amount is refused; an edited unitAmount never reaches Checkout.com', async (t) => {
  const s = await stack(t);
  const tampered = await s.request('POST', '/create-payment-sessions', { ...order(), amount: 1 });
  assert.equal(tampered.status, 400);
  assert.equal(s.emulator.app.emulator.store.paymentSessions.size, 0);
  const jpy = await s.request('POST', '/create-payment-sessions', order({ currency: 'JPY', country: 'JP', locale: 'ja' }));
  assert.equal(jpy.status, 201, JSON.stringify(jpy.body));
  const upstream = s.emulator.app.emulator.store.paymentSessions.get(jpy.body.paymentSession.id)!;
  assert.equal(upstream.amount, jpy.body.order.amount);
  assert.equal(upstream.currency, 'JPY');
  assert.equal(upstream.locale, 'ja-JP');
  const req = upstream.request as Record<string, any>;
  assert.equal(req.billing.address.country, 'JP');
  assert.equal(req['3ds'].enabled, true);
  assert.match(req.success_url, new RegExp(`/success\\.html\\?order=${jpy.body.order.id}$`));
  assert.equal(req.items.length, 1);
  assert.ok(jpy.body.order.fx);
  const stored = await s.app.orders.get(jpy.body.order.id);
  assert.deepEqual(stored?.fx, jpy.body.order.fx);
});

test('create-hosted-payment: the same order paid on the HPP; returns the redirect URL', async (t) => {
  const s = await stack(t);
  const res = await s.request('POST', '/create-hosted-payment', order({ billingAddress: { line1: '1 Queen’s Road', city: 'Hong Kong', country: 'HK' } }));
  assert.equal(res.status, 201, JSON.stringify(res.body));
  assert.match(res.body.hostedPayment.id, /^hpp_/);
  assert.equal(res.body.hostedPayment.redirectUrl, `${s.emulator.url}/page/${res.body.hostedPayment.id}`);
  const hpp = s.emulator.app.emulator.store.hostedPayments.get(res.body.hostedPayment.id)!;
  assert.equal(hpp.amount, res.body.order.amount);
  assert.equal((await s.app.orders.get(res.body.order.id))?.channel, 'hpp');
});

test('POST /card-metadata: a BIN answers; a full card number is refused without echoing it', async (t) => {
  const s = await stack(t);
  const ok = await s.request('POST', '/card-metadata', { number: '42424242' });
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
  assert.equal(ok.body.scheme, 'visa');
  assert.equal(ok.body.issuerCountry, 'GB');
  const pan = await s.request('POST', '/card-metadata', { number: '4242424242424242' });
  assert.equal(pan.status, 400);
  assert.equal(pan.body.error.code, 'full_card_number_refused');
  assert.doesNotMatch(JSON.stringify(pan.body), /4242424242424242/);
  const short = await s.request('POST', '/card-metadata', { number: '4242' });
  assert.equal(short.status, 400);
  const card = await s.request('POST', '/card-metadata', { number: '42424242', type: 'card' });
  assert.equal(card.status, 400);
  assert.ok(!s.logs.some((l) => l.includes('4242424242424242')), 'the PAN never reaches a log line');
});

test('POST /card-metadata with eventId: presale eligibility from the one rule', async (t) => {
  const s = await stack(t);
  const visa = await s.request('POST', '/card-metadata', { number: '42424242', eventId: 'harbour-strings-2031' });
  assert.deepEqual(visa.body.eligibility, { eventId: 'harbour-strings-2031', eligible: true, reasons: [] });
  const debit = await s.request('POST', '/card-metadata', { number: '46591055', eventId: 'harbour-strings-2031' });
  assert.equal(debit.body.eligibility.eligible, false);
  assert.match(debit.body.eligibility.reasons[0], /card type must be credit/);
  const hk = await s.request('POST', '/card-metadata', { number: '54560000', eventId: 'skyline-live-2031' });
  assert.equal(hk.body.eligibility.eligible, true);
  const gb = await s.request('POST', '/card-metadata', { number: '42424242', eventId: 'skyline-live-2031' });
  assert.equal(gb.body.eligibility.eligible, false);
  const none = await s.request('POST', '/card-metadata', { number: '42424242', eventId: 'nope' });
  assert.equal(none.status, 404);
});

test('session creation enforces presale eligibility server-side for seat-hold orders', async (t) => {
  const s = await stack(t);
  await s.app.db.query('TRUNCATE seat_claims, seat_holds, seat_versions');
  const hold = await s.app.inject({ method: 'POST', url: '/api/seat-holds', payload: { eventId: 'harbour-strings-2031', seats: ['STALLS:A:1'] } });
  assert.equal(hold.statusCode, 201, hold.body);
  const base = { currency: 'HKD', country: 'HK', customer, seatHoldId: hold.json().id };
  const noBin = await s.request('POST', '/create-payment-sessions', base);
  assert.equal(noBin.status, 400);
  assert.equal(noBin.body.error.code, 'presale_card_required');
  const debit = await s.request('POST', '/create-payment-sessions', { ...base, bin: '46591055' });
  assert.equal(debit.status, 403);
  assert.equal(debit.body.error.code, 'presale_not_eligible');
  const visa = await s.request('POST', '/create-payment-sessions', { ...base, bin: '42424242' });
  assert.equal(visa.status, 201, JSON.stringify(visa.body));
  assert.equal(visa.body.order.amount, 88000);
});

test('POST /tokenize-card: sandbox only; 403 against production', async (t) => {
  const s = await stack(t);
  const ok = await s.request('POST', '/tokenize-card', { number: '4242424242424242', expiryMonth: 12, expiryYear: 2030, cvv: '100' });
  assert.equal(ok.status, 201, JSON.stringify(ok.body));
  assert.match(ok.body.token, /^tok_/);
  assert.equal(ok.body.last4, '4242');
  assert.ok(!s.logs.some((l) => l.includes('4242424242424242')));

  const prod = await proxyOnly(t, {
    CKO_SECRET_KEY: 'sk_abcdefghijklmnopqrstuvwxyz2',
    CKO_PUBLIC_KEY: 'pk_abcdefghijklmnopqrstuvwxyz2',
    CKO_ENVIRONMENT: 'production',
    SESSION_SECRET: 'a-production-session-secret-of-enough-length-0123456789',
    GIFT_CARD_SECRET: 'a-production-gift-card-secret-of-enough-length-0123456789',
    // Production never starts on demo defaults (config.ts): the shop names its own.
    CATALOG_FILE: DEMO_CATALOG_FILE,
    USERS_FILE: 'none',
    ALLOWED_ORIGINS: 'https://shop.example',
    PUBLIC_BASE_URL: 'https://pay.shop.example',
    RESULT_PAGES_URL: 'https://shop.example',
  });
  const refused = await prod.inject({ method: 'POST', url: '/tokenize-card', payload: { number: '4242424242424242', expiryMonth: 12, expiryYear: 2030 } });
  assert.equal(refused.statusCode, 403);
  assert.equal(refused.json().error.code, 'sandbox_only');
});

test('GET /api/payments/:id: 400 for a malformed id, 404 for an unknown one, sid_ lookups work', async (t) => {
  const s = await stack(t);
  assert.equal((await s.request('GET', '/api/payments/123')).status, 400);
  const unknown = await s.request('GET', '/api/payments/pay_aaaaaaaaaaaaaaaaaaaaaaaaaa');
  assert.equal(unknown.status, 404);
  assert.equal(unknown.body.error.code, 'payment_not_found');
  const unknownSid = await s.request('GET', '/api/payments/sid_aaaaaaaaaaaaaaaaaaaaaaaaaa');
  assert.equal(unknownSid.status, 404);
  assert.equal(unknownSid.body.error.code, 'payment_not_found');

  // The shopper comes back from the Hosted Payments Page with a cko-session-id (sid_…): the
  // proxy verifies the payment by it, as by its pay_ id.
  const created = await s.request('POST', '/create-hosted-payment', order());
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const paid = await s.emulator.app.inject({ method: 'POST', url: `/page/${created.body.hostedPayment.id}/pay`, payload: { number: '4242424242424242', expiry_month: 12, expiry_year: 2030, cvv: '100' } });
  const back = new URL(paid.json().redirect_url);
  const sid = back.searchParams.get('cko-session-id')!;
  const paymentId = back.searchParams.get('cko-payment-id')!;
  assert.match(sid, /^sid_/);
  // The shopper's own tab asks with the order token it kept from the creation.
  const bySid = await s.request('GET', `/api/payments/${sid}`, undefined, { 'x-ck-order-token': created.body.orderToken });
  assert.equal(bySid.status, 200, JSON.stringify(bySid.body));
  assert.deepEqual([bySid.body.id, bySid.body.outcome, bySid.body.orderId, bySid.body.amount], [paymentId, 'succeeded', created.body.order.id, created.body.order.amount]);
  assert.equal((await s.app.orders.get(created.body.order.id))?.status, 'paid');
});

test('readyz reports storage and upstream; metrics are Prometheus text', async (t) => {
  let now = Date.now();
  const s = await stack(t, { build: { readiness: { now: () => now } } });
  const ready = await s.request('GET', '/readyz');
  assert.equal(ready.status, 200, JSON.stringify(ready.body));
  assert.equal(ready.body.checks.storage.ok, true);
  await s.request('GET', '/api/catalog');
  const metrics = await s.app.inject({ method: 'GET', url: '/metrics' });
  assert.match(String(metrics.headers['content-type']), /text\/plain/);
  assert.match(metrics.body, /ck_http_requests_total\{method="GET",route="\/api\/catalog",status="200"\} 1/);
  assert.match(metrics.body, /ck_http_request_duration_seconds_bucket/);
  assert.match(metrics.body, /ck_upstream_circuit_state\{state="closed"\} 1/);

  await s.emulator.close();
  now += PROBE_OK_MS; // the last good probe is believed this long at most
  const down = await s.request('GET', '/readyz');
  assert.equal(down.status, 503);
  assert.equal(down.body.checks.upstream.ok, false);
});

test('CORS: allowed origins get headers; others get a 403 in the error shape on API routes', async (t) => {
  const app = await proxyOnly(t, { ALLOWED_ORIGINS: 'https://shop.example.com' });
  const ok = await app.inject({ method: 'GET', url: '/api/catalog', headers: { origin: 'https://shop.example.com' } });
  assert.equal(ok.statusCode, 200);
  assert.equal(ok.headers['access-control-allow-origin'], 'https://shop.example.com');
  const preflight = await app.inject({ method: 'OPTIONS', url: '/create-payment-sessions', headers: { origin: 'https://shop.example.com', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,idempotency-key' } });
  assert.equal(preflight.statusCode, 204);
  assert.match(String(preflight.headers['access-control-allow-headers']), /idempotency-key/);
  const own = await app.inject({ method: 'GET', url: '/api/catalog', headers: { origin: 'http://localhost:4242' } });
  assert.equal(own.statusCode, 200);
  const denied = await app.inject({ method: 'GET', url: '/api/catalog', headers: { origin: 'https://evil.example' } });
  assert.equal(denied.statusCode, 403);
  assert.equal(denied.json().error.code, 'origin_not_allowed');
  assert.match(denied.json().error.message, /ALLOWED_ORIGINS/);
  // Readable by the refused origin, so the embedded element can show why (tests/server/cors-refusal.test.ts).
  assert.equal(denied.headers['access-control-allow-origin'], 'https://evil.example');
});

test('helmet: a CSP with no inline script that allows the emulator for Flow', async (t) => {
  const s = await stack(t);
  const res = await s.app.inject({ method: 'GET', url: '/healthz' });
  const csp = String(res.headers['content-security-policy']);
  assert.match(csp, /script-src 'self' http:\/\/127\.0\.0\.1:\d+/);
  assert.doesNotMatch(csp, /script-src[^;]*unsafe-inline/);
  assert.match(csp, new RegExp(`frame-src 'self' ${s.emulator.url.replace(/[.]/g, '\\.')}`));
  assert.equal(res.headers['x-content-type-options'], 'nosniff');
});

test('rate limits: the payments tier answers 429 with Retry-After in the error shape', async (t) => {
  const app = await proxyOnly(t, {}, { rateLimits: { payments: { max: 2, timeWindow: 60_000 } } });
  const call = () => app.inject({ method: 'POST', url: '/card-metadata', payload: { number: '4242424242424242' } });
  assert.equal((await call()).statusCode, 400);
  assert.equal((await call()).statusCode, 400);
  const limited = await call();
  assert.equal(limited.statusCode, 429);
  assert.equal(limited.json().error.code, 'rate_limited');
  assert.ok(Number(limited.headers['retry-after']) > 0);
  // Other tiers are unaffected.
  assert.equal((await app.inject({ method: 'GET', url: '/api/catalog' })).statusCode, 200);
});

test('body size limit: a huge body is 413 in the error shape', async (t) => {
  const app = await proxyOnly(t);
  const res = await app.inject({ method: 'POST', url: '/api/orders/quote', payload: { ...order(), customer: { ...customer, name: 'x'.repeat(70_000) } } });
  assert.equal(res.statusCode, 413);
  assert.equal(res.json().error.code, 'payload_too_large');
});

test('router and HTTP-parser errors answer in the error shape too', async (t) => {
  const s = await stack(t);
  const bad = await s.request('GET', '/api/payments/%ZZ');
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.code, 'invalid_url');
  const raw = await new Promise<string>((resolve) => {
    const socket = connect(Number(new URL(s.url).port), '127.0.0.1', () => socket.write('GARBAGE / NOPE\r\n\r\n'));
    let data = '';
    socket.on('data', (chunk) => (data += chunk));
    socket.on('close', () => resolve(data));
  });
  assert.match(raw, /^HTTP\/1\.1 400 /);
  assert.match(raw, /\{"error":\{"code":"invalid_request","message":"The HTTP request is malformed\."\}\}$/);
});
