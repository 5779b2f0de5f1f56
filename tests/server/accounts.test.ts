/**
 * Shopper accounts (server/accounts/): sign-up rules, one account per email, login and logout by
 * email with the session + CSRF design of every login, orders tied to the account from the
 * session, and what an attacker tries: another account's orders and addresses, an owner in the
 * body, encoded ids, mass sign-up.
 */
import { after, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { EMULATOR_KEYS } from '../../server/emulator/keys';
import { newOrderId } from '../../server/orders/payments';
import { browser, closeDatabases, customer, order, orderIn, payOnEmulator, proxyOnly, settle, stack, type Stack } from './helpers';

type Json = Record<string, any>;
const ORIGIN = 'http://localhost:4242';
const PASSWORD = 'violet harbour lantern';

after(() => closeDatabases());

async function fresh(app: FastifyInstance): Promise<void> {
  await app.db.query('TRUNCATE shopper_addresses, account_signup_attempts, auth_sessions, auth_login_failures');
  await app.db.query('TRUNCATE shopper_accounts CASCADE');
}

async function proxy(t: TestContext): Promise<FastifyInstance> {
  const app = await proxyOnly(t);
  await fresh(app);
  return app;
}

/** A browser with its own address, signed up (or logged in) as `email`: it keeps the cookie and sends the CSRF token. */
function shopper(app: FastifyInstance, ip: string, origin = ORIGIN) {
  const b = browser(app, ip);
  let csrf = '';
  const send = async (method: 'GET' | 'POST', url: string, payload?: Json, headers: Record<string, string> = {}) => {
    const res = await b.inject({ method, url, headers: { origin, ...(csrf ? { 'x-csrf-token': csrf } : {}), ...headers }, ...(payload ? { payload } : {}) });
    const body = res.body ? (res.json() as Json) : {};
    if (body.csrfToken) csrf = body.csrfToken;
    return { status: res.statusCode, body, headers: res.headers };
  };
  return {
    b,
    send,
    signup: (email: string, password = PASSWORD, name = 'Jordan Lee') => send('POST', '/api/auth/signup', { email, password, name }),
    login: (username: string, password = PASSWORD) => send('POST', '/api/auth/login', { username, password }),
    get csrf() {
      return csrf;
    },
    forgetCsrf() {
      csrf = '';
    },
  };
}

const fieldOf = (body: Json, path: string) => (body.error?.fields as Json[] | undefined)?.find((f) => f.path === path)?.message;

test('sign-up: length, common and personal passwords refused with a field error; a good one logs the shopper in; only a scrypt hash is stored', async (t) => {
  const app = await proxy(t);
  const s = shopper(app, '192.0.2.9');

  const short = await s.signup('jordan@example.com', 'x7#kq');
  assert.equal(short.status, 400);
  assert.match(fieldOf(short.body, 'password'), /at least 8 characters/);

  for (const [i, common] of ['Password123!', 'qwertyuiop', 'sunshine2024', 'P@ssw0rd!', 'aaaaaaaaaaaa', '12345678'].entries()) {
    // Each from its own address: the proxy's per-address request tier is not what this test is about.
    const res = await shopper(app, `192.0.2.1${i}`).signup('jordan@example.com', common);
    assert.equal(res.status, 400, common);
    assert.equal(res.body.error.code, 'password_too_common', common);
    assert.match(fieldOf(res.body, 'password'), /too common or easy to guess/);
  }
  for (const [i, personal] of ['Jordan.lee-4ever!', 'my jordan moon', 'leeleeleeLee9!x'].entries()) {
    const res = await shopper(app, `192.0.2.2${i}`).signup('jordan.lee@example.com', personal);
    assert.equal(res.status, 400, personal);
    assert.equal(res.body.error.code, 'password_contains_personal', personal);
  }
  const badEmail = await s.signup('not-an-email');
  assert.equal(badEmail.status, 400);
  assert.ok(fieldOf(badEmail.body, 'email'));
  assert.equal((await app.db.query('SELECT 1 FROM shopper_accounts')).rows.length, 0, 'no refused sign-up made an account');

  const ok = await s.signup('Jordan.Lee@Example.com');
  assert.equal(ok.status, 201, JSON.stringify(ok.body));
  assert.equal(ok.body.authenticated, true);
  assert.deepEqual(ok.body.user, { username: 'Jordan.Lee@Example.com', name: 'Jordan Lee', email: 'Jordan.Lee@Example.com', account: true });
  assert.ok(ok.body.csrfToken);
  const me = await s.send('GET', '/api/auth/me');
  assert.equal(me.body.user.account, true, 'the cookie set by the sign-up is a session');
  const profile = await s.send('GET', '/api/account');
  assert.deepEqual({ ...profile.body, createdAt: undefined }, { email: 'Jordan.Lee@Example.com', name: 'Jordan Lee', createdAt: undefined });

  const { rows } = await app.db.query<{ password_hash: string }>('SELECT password_hash FROM shopper_accounts');
  assert.match(rows[0]!.password_hash, /^scrypt\$32768\$8\$1\$/);
  assert.ok(!rows[0]!.password_hash.includes(PASSWORD));
});

test('one account per email whatever its case — also when two sign-ups race: a duplicate gets a clear 409 on the email field and no session', async (t) => {
  const app = await proxy(t);
  assert.equal((await shopper(app, '192.0.2.120').signup('sam@example.com')).status, 201);
  const again = await shopper(app, '192.0.2.121').signup('SAM@Example.COM', 'another long phrase 77');
  assert.equal(again.status, 409);
  assert.equal(again.body.error.code, 'email_taken');
  assert.match(fieldOf(again.body, 'email'), /already exists\. Log in instead/);
  assert.equal(again.headers['set-cookie'], undefined, 'no session for a refused sign-up');
  const { rows } = await app.db.query('SELECT email FROM shopper_accounts');
  assert.deepEqual(rows, [{ email: 'sam@example.com' }]);

  // Raced: two sign-ups for one new email sent at once make one account; the other is told it is taken.
  const raced = await Promise.all(['192.0.2.122', '192.0.2.123'].map((ip, i) => shopper(app, ip).signup(i ? 'Kim@Example.com' : 'kim@example.com', `race phrase number ${i} x`)));
  assert.deepEqual(raced.map((r) => r.status).sort(), [201, 409]);
  assert.equal((await app.db.query("SELECT 1 FROM shopper_accounts WHERE email_key = 'kim@example.com'")).rows.length, 1);
});

test('login by email (any case) and logout: a wrong password is 401, a logged-out cookie opens nothing, the demo user is not an account', async (t) => {
  const app = await proxy(t);
  const first = shopper(app, '192.0.2.30');
  await first.signup('ana@example.com');
  await first.send('POST', '/api/auth/logout');
  assert.equal((await first.send('GET', '/api/account')).status, 401, 'logged out');

  const s = shopper(app, '192.0.2.31');
  const wrong = await s.login('ana@example.com', 'not the password at all');
  assert.equal(wrong.status, 401);
  assert.equal(wrong.body.error.code, 'invalid_credentials');
  const ok = await s.login('ANA@Example.com');
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
  assert.equal(ok.body.user.email, 'ana@example.com');
  assert.equal((await s.send('GET', '/api/account')).body.email, 'ana@example.com');
  const cookie = [...s.b.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  assert.equal((await s.send('POST', '/api/auth/logout')).status, 204);
  const replayed = await app.inject({ method: 'GET', url: '/api/account', headers: { cookie } });
  assert.equal(replayed.statusCode, 401, 'the old cookie is worthless after logout');

  const staff = shopper(app, '192.0.2.32');
  assert.equal((await staff.login('kenso', '12345678')).status, 200);
  const notAccount = await staff.send('GET', '/api/account/orders');
  assert.equal(notAccount.status, 403);
  assert.equal(notAccount.body.error.code, 'account_required');
});

test('CSRF: saving an address needs the session token and an allowed origin; a foreign page cannot sign a victim up', async (t) => {
  const app = await proxy(t);
  const s = shopper(app, '192.0.2.40');
  await s.signup('lin@example.com');
  const address = { line1: '1 Harbour Road', city: 'Hong Kong', country: 'HK' };

  const token = s.csrf;
  s.forgetCsrf();
  const noToken = await s.send('POST', '/api/account/addresses', address);
  assert.equal(noToken.status, 403);
  assert.equal(noToken.body.error.code, 'csrf_token_invalid');
  const foreign = await s.send('POST', '/api/account/addresses', address, { 'x-csrf-token': token, origin: 'https://evil.example' });
  assert.equal(foreign.status, 403);
  assert.equal(foreign.body.error.code, 'origin_not_allowed');
  assert.equal((await s.send('GET', '/api/account/addresses')).body.addresses.length, 0, 'nothing saved');

  const saved = await s.send('POST', '/api/account/addresses', address, { 'x-csrf-token': token });
  assert.equal(saved.status, 201, JSON.stringify(saved.body));
  const twice = await s.send('POST', '/api/account/addresses', { ...address, city: 'HONG KONG' }, { 'x-csrf-token': token });
  assert.equal(twice.body.id, saved.body.id, 'the same address is kept once');
  const bad = await s.send('POST', '/api/account/addresses', { line1: '', city: 'X', country: 'XX' }, { 'x-csrf-token': token });
  assert.equal(bad.status, 400);
  assert.deepEqual(bad.body.error.fields.map((f: Json) => f.path).sort(), ['country', 'line1']);
  assert.deepEqual((await s.send('GET', '/api/account/addresses')).body.addresses.map((a: Json) => a.line1), ['1 Harbour Road']);

  const victim = shopper(app, '192.0.2.41', 'https://evil.example');
  const planted = await victim.signup('attacker@example.com');
  assert.equal(planted.status, 403);
  assert.equal(planted.body.error.code, 'origin_not_allowed');
});

test('attack: another account reads none of my addresses or orders — by id, encoded id, lower-case id — and logged out reads nothing', async (t) => {
  const app = await proxy(t);
  const me = shopper(app, '192.0.2.50');
  await me.signup('me@example.com');
  await me.send('POST', '/api/account/addresses', { line1: '9 Queen St', city: 'Central', country: 'HK' });
  const myId = (await app.db.query<{ id: string }>("SELECT id FROM shopper_accounts WHERE email = 'me@example.com'")).rows[0]!.id;
  const orderId = newOrderId();
  await app.orders.create({ id: orderId, channel: 'flow', amount: 100, currency: 'HKD', subtotal: 100, discount: 0, shipping: 0, tax: 0, country: 'HK', lines: [], customer, addresses: {}, accountId: myId });
  await app.db.query(`UPDATE orders SET status = 'paid' WHERE id = $1`, [orderId]);
  assert.equal((await me.send('GET', `/api/account/orders/${orderId}`)).status, 200, 'the owner reads it');

  const other = shopper(app, '192.0.2.51');
  await other.signup('other@example.com');
  assert.deepEqual((await other.send('GET', '/api/account/addresses')).body.addresses, []);
  assert.deepEqual((await other.send('GET', '/api/account/orders')).body.orders, []);
  const missing = await other.send('GET', `/api/account/orders/${newOrderId()}`);
  for (const path of [orderId, encodeURIComponent(orderId), `%${orderId.charCodeAt(0).toString(16)}${orderId.slice(1)}`, orderId.toLowerCase(), `${orderId}%00`, `..%2F${orderId}`]) {
    const res = await other.send('GET', `/api/account/orders/${path}`);
    assert.equal(res.status, 404, path);
    assert.deepEqual(res.body, missing.body, `${path}: answered exactly as a missing order`);
  }
  for (const url of ['/api/account', '/api/account/addresses', '/api/account/orders', `/api/account/orders/${orderId}`]) {
    const res = await app.inject({ method: 'GET', url, remoteAddress: '192.0.2.52' });
    assert.equal(res.statusCode, 401, url);
    assert.equal(res.json().error.code, 'login_required');
  }
});

test('attack: mass sign-up from one address stops at SIGNUP_MAX_PER_IP (5) — also when sent at once — with a Retry-After; another address is not blocked', async (t) => {
  const app = await proxy(t);
  const ip = '198.51.100.7';
  const results = await Promise.all(
    Array.from({ length: 8 }, (_, i) => shopper(app, ip).signup(`bulk${i}@example.com`, `bulk phrase number ${i} x`)),
  );
  const made = results.filter((r) => r.status === 201);
  const refused = results.filter((r) => r.status === 429);
  assert.equal(made.length, 5, results.map((r) => r.status).join());
  assert.equal(refused.length, 3);
  assert.equal(refused[0]!.body.error.code, 'too_many_signups');
  assert.ok(Number(refused[0]!.headers['retry-after']) > 0);
  assert.equal((await app.db.query('SELECT 1 FROM shopper_accounts')).rows.length, 5);
  assert.equal((await shopper(app, '198.51.100.8').signup('elsewhere@example.com')).status, 201);
});

/** The full stack: orders paid on the emulator. */
async function payingStack(t: TestContext): Promise<Stack> {
  const s = await stack(t, { build: { upstreamActions: { sweepEvery: 0, retryBaseMs: 0 } } });
  await fresh(s.app);
  return s;
}

test('orders made logged in belong to the account (from the session, not the body): paid, then partly refunded, newest first and paged; a guest order is not there', async (t) => {
  const s = await payingStack(t);
  const a = shopper(s.app, '192.0.2.60', s.url);
  assert.equal((await a.signup('buyer@example.com')).status, 201);

  // An owner in the body is refused outright: no order is made.
  const accountId = (await s.app.db.query<{ id: string }>('SELECT id FROM shopper_accounts')).rows[0]!.id;
  for (const extra of [{ accountId }, { owner: accountId }, { account_id: accountId }]) {
    const forged = await shopper(s.app, '192.0.2.61', s.url).send('POST', '/create-payment-sessions', order(extra));
    assert.equal(forged.status, 400, JSON.stringify(extra));
  }
  assert.equal((await s.app.db.query('SELECT 1 FROM orders')).rows.length, 0);

  const made = await a.send('POST', '/create-payment-sessions', order({ customer: { email: 'buyer@example.com', name: 'Jordan Lee' } }));
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const orderId = made.body.order.id as string;
  const paid = await payOnEmulator(s.emulator.url, made.body.paymentSession.id);
  await orderIn(s, orderId, 'paid');
  const guest = await shopper(s.app, '192.0.2.62', s.url).send('POST', '/create-payment-sessions', order());
  await payOnEmulator(s.emulator.url, guest.body.paymentSession.id);
  await orderIn(s, guest.body.order.id, 'paid');
  // An order whose payment never came is not in the history.
  assert.equal((await a.send('POST', '/create-payment-sessions', order())).status, 201);

  const list = await a.send('GET', '/api/account/orders');
  assert.equal(list.status, 200);
  assert.equal(list.body.total, 1);
  const [o] = list.body.orders as Json[];
  assert.equal(o!.id, orderId);
  assert.equal(o!.status, 'paid');
  assert.equal(o!.amount, made.body.order.amount);
  assert.equal(o!.currency, 'HKD');
  assert.equal(o!.paymentId, paid.payment_id ?? paid.id);
  assert.deepEqual(o!.lines, made.body.order.lines);

  // Refunded in part on Checkout.com's side: the webhook moves the order, the history shows it.
  const refund = await fetch(`${s.emulator.url}/payments/${o!.paymentId}/refunds`, {
    method: 'POST',
    headers: { authorization: `Bearer ${EMULATOR_KEYS.secretKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ amount: 100 }),
  });
  assert.equal(refund.status, 202);
  await orderIn(s, orderId, 'partially_refunded');
  await settle(s);
  const detail = await a.send('GET', `/api/account/orders/${orderId}`);
  assert.equal(detail.body.status, 'partially_refunded');
  assert.equal(detail.body.refundedAmount, 100);
  assert.equal(detail.body.subtotal, made.body.order.subtotal);

  // Paging: 12 more paid orders, newest first, 10 a page.
  for (let i = 0; i < 12; i++) {
    const id = newOrderId();
    await s.app.orders.create({ id, channel: 'flow', amount: 1000 + i, currency: 'HKD', subtotal: 1000 + i, discount: 0, shipping: 0, tax: 0, country: 'HK', lines: [], customer, addresses: {}, accountId });
    await s.app.db.query(`UPDATE orders SET status = 'paid', created_at = now() + make_interval(mins => $2) WHERE id = $1`, [id, i + 1]);
  }
  const page1 = await a.send('GET', '/api/account/orders?page=1');
  const page2 = await a.send('GET', '/api/account/orders?page=2');
  assert.deepEqual([page1.body.total, page1.body.pages, page1.body.orders.length, page2.body.orders.length], [13, 2, 10, 3]);
  assert.deepEqual(page1.body.orders.slice(0, 3).map((x: Json) => x.amount), [1011, 1010, 1009], 'newest first');
  assert.equal(page2.body.orders.at(-1).id, orderId, 'the oldest last');
  assert.equal((await a.send('GET', '/api/account/orders?page=0')).status, 400);
});
