import { after, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { DEMO_CATALOG_FILE, parseCatalog } from '../../server/catalog';
import { fallbackTable } from '../../server/catalog/fx';
import { hashPassword } from '../../server/auth/password';
import { ageOn } from '../../contract/insurance';
import { priceInsurance } from '../../server/insurance/pricing';
import { closeDatabases, database, proxyOnly, stack } from './helpers';

type Json = Record<string, any>;
const ORIGIN = 'http://localhost:4242';

after(() => closeDatabases());

const applicant = (dateOfBirth = '1990-05-20') => ({
  name: 'Kenso Lee',
  dateOfBirth,
  email: 'kenso@example.com',
  phone: '+852 5555 0101',
  country: 'HK',
});

const request = (overrides: Json = {}): Json => ({
  planId: 'device-care',
  coverageOptions: ['theft'],
  paymentFrequency: 'monthly',
  applicant: applicant(),
  currency: 'HKD',
  ...overrides,
});

async function app(t: TestContext, build: Json = {}): Promise<FastifyInstance> {
  const db = await database(t);
  await db.query('TRUNCATE insurance_quotes, auth_sessions, auth_login_failures');
  return proxyOnly(t, {}, build);
}

const post = (a: FastifyInstance, body: Json, headers: Record<string, string> = {}) =>
  a.inject({ method: 'POST', url: '/api/insurance/quotes', payload: body, headers: { origin: ORIGIN, ...headers } });

async function login(a: FastifyInstance, username = 'kenso', password = '12345678'): Promise<{ cookie: string; csrf: string }> {
  const res = await a.inject({ method: 'POST', url: '/api/auth/login', headers: { origin: ORIGIN }, payload: { username, password } });
  assert.equal(res.statusCode, 200, res.body);
  return { cookie: String(res.headers['set-cookie']).split(';')[0]!, csrf: res.json().csrfToken };
}

// ── Underwriting (pure) ──────────────────────────────────────────────────────

const catalog = parseCatalog(JSON.parse(readFileSync(DEMO_CATALOG_FILE, 'utf8')));
const now = new Date('2026-03-01T10:00:00Z');

test('age is counted in whole years, a birthday not yet reached this year not counting', () => {
  assert.equal(ageOn('1990-03-01', now), 36);
  assert.equal(ageOn('1990-03-02', now), 35);
  assert.equal(ageOn('2008-03-01', now), 18);
});

test('premium: base + options, loaded by age band; a year costs eleven months', () => {
  const ctx = { catalog, fx: fallbackTable(), now };
  const young = priceInsurance({ planId: 'device-care', coverageOptions: ['theft'], paymentFrequency: 'monthly', currency: 'HKD', applicant: { dateOfBirth: '2000-01-01' } }, ctx);
  assert.equal(young.age, 26);
  assert.equal(young.amount, 4900 + 2900, 'no loading under 30');

  const monthly = priceInsurance({ planId: 'device-care', coverageOptions: ['theft', 'battery'], paymentFrequency: 'monthly', currency: 'HKD', applicant: { dateOfBirth: '1980-01-01' } }, ctx);
  assert.equal(monthly.age, 46);
  // HK$49.00 + HK$29.00 + HK$9.00 = HK$87.00; 45–59: +40 % = HK$34.80 → HK$121.80 a month
  assert.equal(monthly.amount, 12180, '45–59: +40 %');
  assert.deepEqual(monthly.lines.map((l) => l.kind), ['base', 'option', 'option', 'age']);

  const annual = priceInsurance({ planId: 'device-care', coverageOptions: ['theft', 'battery'], paymentFrequency: 'annual', currency: 'HKD', applicant: { dateOfBirth: '1980-01-01' } }, ctx);
  assert.equal(annual.amount, 133980); // 11 × HK$121.80
  assert.equal(annual.lines.at(-1)!.kind, 'discount');
});

test('premium in another currency: converted from the plan currency like catalog prices', () => {
  const ctx = { catalog, fx: fallbackTable(), now };
  const usd = priceInsurance({ planId: 'device-care', coverageOptions: [], paymentFrequency: 'monthly', currency: 'USD', applicant: { dateOfBirth: '2000-01-01' } }, ctx);
  assert.equal(usd.currency, 'USD');
  // The bundled rates (server/catalog/fx-fallback.json): 1.1372 USD and 8.9181 HKD per euro; markup 1.5 %.
  // HK$49.00 × 1.1372 / 8.9181 = 6.24828…; × 1.015 = 6.34200… → US$6.34
  assert.equal(usd.amount, 634);
});

// ── The route ────────────────────────────────────────────────────────────────

test('POST /api/insurance/quotes prices on the server, stores the quote and returns an id with a 30-minute expiry', async (t) => {
  const a = await app(t);
  const res = await post(a, request());
  assert.equal(res.statusCode, 201, res.body);
  const quote = res.json();
  assert.match(quote.id, /^iq_[\w-]{20,}$/);
  assert.equal(quote.planName, 'Device Care');
  assert.equal(quote.amount, (4900 + 2900) * 1.15);
  assert.equal(quote.status, 'quoted');
  assert.equal(quote.requiresLogin, false);
  assert.equal(Date.parse(quote.expiresAt) - Date.parse(quote.createdAt), 30 * 60 * 1000);
  assert.equal(quote.applicant, undefined, 'personal details are stored, not echoed');

  const stored = await a.db.query<Json>('SELECT amount, applicant FROM insurance_quotes WHERE id = $1', [quote.id]);
  assert.equal(Number(stored.rows[0]!.amount), quote.amount);
  assert.equal(stored.rows[0]!.applicant.email, 'kenso@example.com');

  const again = await a.inject({ method: 'GET', url: `/api/insurance/quotes/${quote.id}` });
  assert.equal(again.statusCode, 200);
  assert.equal(again.json().amount, quote.amount);
});

test('tampering: a client amount, an unknown plan or option, and out-of-range ages are refused with field paths', async (t) => {
  const a = await app(t);
  const cases: Array<[Json, string]> = [
    [request({ amount: 1 }), 'body'],
    [request({ planId: 'gold-plated' }), 'planId'],
    [request({ coverageOptions: ['theft', 'everything'] }), 'coverageOptions.1'],
    [request({ applicant: applicant('2015-01-01') }), 'applicant.dateOfBirth'],
    [request({ applicant: applicant('1930-01-01') }), 'applicant.dateOfBirth'],
    [request({ applicant: applicant('2099-01-01') }), 'applicant.dateOfBirth'],
    [request({ applicant: { ...applicant(), email: 'not-an-email' } }), 'applicant.email'],
    [request({ currency: 'XYZ' }), 'currency'],
  ];
  for (const [body, path] of cases) {
    const res = await post(a, body);
    assert.equal(res.statusCode, 400, JSON.stringify(body));
    const paths = (res.json().error.fields ?? []).map((f: Json) => f.path);
    assert.ok(paths.some((p: string) => p === path || p.startsWith(path)), `${path} in ${paths.join(', ')}`);
  }
});

test('paying a quote: the order is priced from the stored quote, whatever the client says', async (t) => {
  const a = await app(t);
  const quote = (await post(a, request())).json();
  const priced = await a.inject({
    method: 'POST',
    url: '/api/orders/quote',
    payload: { insuranceQuoteId: quote.id, currency: 'HKD', country: 'HK', customer: { email: 'kenso@example.com', name: 'Kenso Lee' } },
  });
  assert.equal(priced.statusCode, 200, priced.body);
  const order = priced.json().order;
  assert.equal(order.amount, quote.amount);
  assert.equal(order.lines[0].name, 'Device Care (1 month)');
  assert.equal(order.tax, 0);

  const forged = await a.inject({ method: 'POST', url: '/api/orders/quote', payload: { insuranceQuoteId: 'iq_doesnotexist0000000000', currency: 'HKD', country: 'HK', customer: { email: 'k@example.com', name: 'K' } } });
  assert.equal(forged.statusCode, 400);
  assert.equal(forged.json().error.fields[0].path, 'insuranceQuoteId');
});

test('an expired quote cannot be paid and reads as expired', async (t) => {
  const a = await app(t);
  const quote = (await post(a, request())).json();
  await a.db.query("UPDATE insurance_quotes SET expires_at = now() - interval '1 second' WHERE id = $1", [quote.id]);
  const priced = await a.inject({ method: 'POST', url: '/api/orders/quote', payload: { insuranceQuoteId: quote.id, currency: 'HKD', country: 'HK', customer: { email: 'k@example.com', name: 'K' } } });
  assert.equal(priced.statusCode, 409);
  assert.equal(priced.json().error.code, 'insurance_quote_expired');
  const read = await a.inject({ method: 'GET', url: `/api/insurance/quotes/${quote.id}` });
  assert.equal(read.json().status, 'expired');
});

test('require-login: no session → 401; a session without the CSRF token → 403; with it → bound to the user', async (t) => {
  const a = await app(t);
  const anonymous = await post(a, request({ requireLogin: true }));
  assert.equal(anonymous.statusCode, 401);
  assert.equal(anonymous.json().error.code, 'login_required');

  const { cookie, csrf } = await login(a);
  const noToken = await post(a, request({ requireLogin: true }), { cookie });
  assert.equal(noToken.statusCode, 403);
  assert.equal(noToken.json().error.code, 'csrf_token_invalid');
  const foreign = await post(a, request({ requireLogin: true }), { cookie, 'x-csrf-token': csrf, origin: 'https://evil.example' });
  assert.equal(foreign.statusCode, 403);

  const ok = await post(a, request({ requireLogin: true }), { cookie, 'x-csrf-token': csrf });
  assert.equal(ok.statusCode, 201, ok.body);
  assert.equal(ok.json().requiresLogin, true);
  const stored = await a.db.query<Json>('SELECT username FROM insurance_quotes WHERE id = $1', [ok.json().id]);
  assert.equal(stored.rows[0]!.username, 'kenso');

  const asStranger = await a.inject({ method: 'GET', url: `/api/insurance/quotes/${ok.json().id}` });
  assert.equal(asStranger.statusCode, 404, "someone else's quote is not found");
  const asOwner = await a.inject({ method: 'GET', url: `/api/insurance/quotes/${ok.json().id}`, headers: { cookie } });
  assert.equal(asOwner.statusCode, 200);
});

test('paying a quote made logged in: only its owner, logged in and with the CSRF token, can price or pay it', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'ck-users-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const usersFile = join(dir, 'users.json');
  const user = async (username: string, i: number) => ({ username, name: username, email: `${username}@example.com`, passwordHash: await hashPassword(`password-${i}`, { N: 1024, r: 8, p: 1 }) });
  writeFileSync(usersFile, JSON.stringify({ users: [await user('kenso', 0), await user('mei', 1)] }));
  await (await database(t)).query('TRUNCATE insurance_quotes, auth_sessions, auth_login_failures');
  const { app: a } = await stack(t, { env: { USERS_FILE: usersFile, ALLOWED_ORIGINS: ORIGIN, LOG_LEVEL: 'silent' } });
  const kenso = await login(a, 'kenso', 'password-0');
  const made = await post(a, request({ requireLogin: true }), { cookie: kenso.cookie, 'x-csrf-token': kenso.csrf });
  assert.equal(made.statusCode, 201, made.body);
  const order = { insuranceQuoteId: made.json().id, currency: 'HKD', country: 'HK', customer: { email: 'kenso@example.com', name: 'Kenso Lee' } };
  const price = (headers: Record<string, string> = {}, url = '/api/orders/quote') => a.inject({ method: 'POST', url, payload: order, headers: { origin: ORIGIN, ...headers } });

  const anonymous = await price();
  assert.equal(anonymous.statusCode, 401, 'a quote id alone does not pay a member\'s quote');
  assert.equal(anonymous.json().error.code, 'login_required');
  const noToken = await price({ cookie: kenso.cookie });
  assert.equal(noToken.statusCode, 403);
  assert.equal(noToken.json().error.code, 'csrf_token_invalid');

  const mei = await login(a, 'mei', 'password-1');
  const stranger = await price({ cookie: mei.cookie, 'x-csrf-token': mei.csrf });
  assert.equal(stranger.statusCode, 400, "someone else's quote reads as unknown");
  assert.equal(stranger.json().error.fields[0].path, 'insuranceQuoteId');
  const strangerPays = await price({ cookie: mei.cookie, 'x-csrf-token': mei.csrf }, '/create-hosted-payment');
  assert.equal(strangerPays.statusCode, 400);

  const owner = await price({ cookie: kenso.cookie, 'x-csrf-token': kenso.csrf });
  assert.equal(owner.statusCode, 200, owner.body);
  assert.equal(owner.json().order.amount, made.json().amount);
  // The kit's retry after learning the token reuses its idempotency key: the refusal was not kept for it.
  const key = 'owner-pays-0123456789';
  const refused = await price({ cookie: kenso.cookie, 'idempotency-key': key }, '/create-hosted-payment');
  assert.equal(refused.statusCode, 403);
  const ownerPays = await price({ cookie: kenso.cookie, 'x-csrf-token': kenso.csrf, 'idempotency-key': key }, '/create-hosted-payment');
  assert.equal(ownerPays.statusCode, 201, ownerPays.body);
});

test('a plan the catalog marks requiresLogin needs the session even when the page does not ask', async (t) => {
  const raw = JSON.parse(readFileSync(DEMO_CATALOG_FILE, 'utf8'));
  raw.insurancePlans[0].requiresLogin = true;
  const a = await app(t, { catalog: parseCatalog(raw) });
  const res = await post(a, request({ requireLogin: false }));
  assert.equal(res.statusCode, 401);
  const other = await post(a, request({ planId: 'event-refund', coverageOptions: [] }));
  assert.equal(other.statusCode, 201);
});

// ── Gift cards: the proxy re-checks the catalog bounds and prices them ──────

const giftCard = (overrides: Json = {}) => ({
  design: 'harbour-night',
  amount: 50000,
  quantity: 2,
  recipientName: 'Mei Chan',
  recipientEmail: 'mei@example.com',
  senderName: 'Kenso Lee',
  message: 'Enjoy!',
  ...overrides,
});

const giftOrder = (card: Json, currency = 'HKD') => ({ giftCard: card, currency, country: 'HK', customer: { email: 'kenso@example.com', name: 'Kenso Lee' } });

test('gift cards: priced as face value × quantity, untaxed, unshipped', async (t) => {
  const a = await app(t);
  const res = await a.inject({ method: 'POST', url: '/api/orders/quote', payload: giftOrder(giftCard()) });
  assert.equal(res.statusCode, 200, res.body);
  const order = res.json().order;
  assert.equal(order.amount, 100000);
  assert.equal(order.tax, 0);
  assert.equal(order.shipping, 0);
  assert.equal(order.lines[0].quantity, 2);
});

test('gift cards: amounts outside the bounds of the order currency, unknown designs and long messages are refused', async (t) => {
  const a = await app(t);
  const cases: Array<[Json, string]> = [
    [giftOrder(giftCard({ amount: 9999 })), 'giftCard.amount'],
    [giftOrder(giftCard({ amount: 500001 })), 'giftCard.amount'],
    // HK$1,000 is fine in HKD, but 100000 yen is the JPY maximum plus one.
    [giftOrder(giftCard({ amount: 100001 }), 'JPY'), 'giftCard.amount'],
    [giftOrder(giftCard({ amount: 999 }), 'USD'), 'giftCard.amount'],
    [giftOrder(giftCard({ design: 'counterfeit' })), 'giftCard.design'],
    [giftOrder(giftCard({ quantity: 11 })), 'giftCard.quantity'],
    [giftOrder(giftCard({ message: 'x'.repeat(301) })), 'giftCard.message'],
    [giftOrder(giftCard({ deliveryDate: '2020-01-01' })), 'giftCard.deliveryDate'],
    [giftOrder(giftCard({ amount: -100 })), 'giftCard.amount'],
    [giftOrder(giftCard({ amount: 123.45 })), 'giftCard.amount'],
  ];
  for (const [body, path] of cases) {
    const res = await a.inject({ method: 'POST', url: '/api/orders/quote', payload: body });
    assert.equal(res.statusCode, 400, `${JSON.stringify(body.giftCard)} → ${res.statusCode} ${res.body}`);
    const paths = res.json().error.fields.map((f: Json) => f.path);
    assert.ok(paths.includes(path), `${path} in ${paths.join(', ')}`);
  }
  const atBounds = await a.inject({ method: 'POST', url: '/api/orders/quote', payload: giftOrder(giftCard({ amount: 10000, quantity: 1 })) });
  assert.equal(atBounds.json().order.amount, 10000, 'the minimum itself is allowed');
});
