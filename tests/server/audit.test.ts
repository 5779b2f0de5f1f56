/**
 * The security and staff audit log: logins, origin and CSRF refusals, the console's refusals and
 * staff actions, and the checkout's own events (quotes, orders made, coupons applied or refused)
 * are recorded with time, actor, a hashed address and the user agent; only admins read it,
 * filtered; entries past their retention are purged.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { browser, closeDatabases, order, proxyOnly, stack } from './helpers';

after(() => closeDatabases());

const OWN = 'http://localhost:80';
const UA = 'Mozilla/5.0 (audit test)';

test('logins, refusals and staff actions are audited with actor, hashed address and user agent; admins read them filtered; old ones purged', async (t) => {
  const app = await proxyOnly(t, {}, { admin: { reconciliationEvery: 0 }, retentionSweepEvery: 0 });
  await app.db.query('TRUNCATE security_events, reconciliation_reports CASCADE');
  const ip = '192.0.2.77';
  const b = browser(app, ip);
  const send = (method: string, url: string, payload?: Record<string, unknown>, headers: Record<string, string> = {}) =>
    b.inject({ method: method as 'GET', url, headers: { origin: OWN, 'user-agent': UA, ...headers }, ...(payload ? { payload } : {}) });

  assert.equal((await send('POST', '/api/auth/login', { username: 'Clerk', password: 'wrong-password' })).statusCode, 401);
  const clerkLogin = await send('POST', '/api/auth/login', { username: 'clerk', password: 'clerk-demo-1' });
  const clerkCsrf = clerkLogin.json().csrfToken as string;
  // A staff member may not read the audit log, nor void; a foreign page may not log anyone out.
  assert.equal((await send('GET', '/api/admin/audit')).statusCode, 403);
  assert.equal((await send('POST', '/api/admin/orders/ORD00000000000000000000/void', { reason: 'test it' }, { 'x-csrf-token': clerkCsrf })).statusCode, 403);
  assert.equal((await send('POST', '/api/auth/logout', undefined, { origin: 'https://evil.example', 'x-csrf-token': clerkCsrf })).statusCode, 403);
  assert.equal((await send('POST', '/api/admin/reconciliation/runs', {}, { 'x-csrf-token': 'stale-token' })).statusCode, 403);
  assert.equal((await send('POST', '/api/admin/reconciliation/runs', {}, { 'x-csrf-token': clerkCsrf })).statusCode, 201);
  const shopper = browser(app, '198.51.100.4');
  await shopper.inject({ method: 'POST', url: '/api/auth/login', headers: { origin: OWN }, payload: { username: 'kenso', password: '12345678' } });
  assert.equal((await shopper.inject({ method: 'GET', url: '/api/admin/orders', headers: { origin: OWN } })).statusCode, 403);

  const admin = browser(app, '203.0.113.5');
  const adminLogin = await admin.inject({ method: 'POST', url: '/api/auth/login', headers: { origin: OWN }, payload: { username: 'merchant', password: 'merchant-demo-1' } });
  assert.equal(adminLogin.statusCode, 200);
  const read = async (query: string) => {
    const res = await admin.inject({ method: 'GET', url: `/api/admin/audit${query}`, headers: { origin: OWN } });
    assert.equal(res.statusCode, 200, res.body);
    return res.json();
  };
  const all = await read('?pageSize=200');
  const types = all.events.map((e: { type: string }) => e.type).reverse();
  assert.deepEqual(types, [
    'login_failed', 'login_succeeded', 'staff_not_allowed', 'staff_not_allowed', 'origin_refused', 'csrf_refused', 'staff_reconciliation', 'login_succeeded', 'staff_only_refused', 'login_succeeded',
  ]);
  const failed = (await read('?type=login_failed')).events;
  assert.equal(failed.length, 1);
  assert.deepEqual([failed[0].actor, failed[0].userAgent, failed[0].route], ['clerk', UA, 'POST /api/auth/login']);
  assert.match(failed[0].ipHash, /^[\w-]{22}$/);
  assert.doesNotMatch(JSON.stringify(all), /192\.0\.2\.77|198\.51\.100\.4|wrong-password|clerk-demo-1/, 'no address or password is stored');
  const sameAddress = all.events.filter((e: { userAgent: string | null }) => e.userAgent === UA).map((e: { ipHash: string }) => e.ipHash);
  assert.equal(new Set(sameAddress).size, 1, 'one address, one hash');
  const byClerk = (await read('?actor=clerk')).events.map((e: { type: string }) => e.type).reverse();
  assert.deepEqual(byClerk, ['login_failed', 'login_succeeded', 'staff_reconciliation']);
  const today = new Date().toISOString().slice(0, 10);
  assert.equal((await read(`?from=${today}&to=${today}`)).total, 10);
  assert.equal((await read('?to=2020-01-01')).total, 0);

  await app.db.query(`UPDATE security_events SET at = now() - interval '400 days' WHERE type = 'login_failed'`);
  assert.equal((await app.retention.sweep()).auditEvents, 1);
  assert.equal((await read('?type=login_failed')).total, 0);
});

test('a flood of refused requests is one audit entry a minute per address and route, not one write each', async (t) => {
  const app = await proxyOnly(t, {}, { admin: { reconciliationEvery: 0 }, retentionSweepEvery: 0 });
  await app.db.query('TRUNCATE security_events');
  const b = browser(app, '192.0.2.99');
  for (let i = 0; i < 25; i++) {
    const res = await b.inject({ method: 'POST', url: '/api/auth/logout', headers: { origin: 'https://evil.example' } });
    assert.equal(res.statusCode, 403);
  }
  const other = browser(app, '192.0.2.100');
  assert.equal((await other.inject({ method: 'POST', url: '/api/auth/logout', headers: { origin: 'https://evil.example' } })).statusCode, 403);
  const { rows } = await app.db.query<{ type: string; n: number }>(`SELECT type, count(*)::int AS n FROM security_events GROUP BY type`);
  assert.deepEqual(rows, [{ type: 'origin_refused', n: 2 }], 'one per address');
});

test('the checkout is audited: a quote priced, an order made (once, however often it is replayed), a coupon applied or refused — by a guest or a logged-in shopper', async (t) => {
  const s = await stack(t, { build: { admin: { reconciliationEvery: 0 }, velocity: false } });
  await s.app.db.query('TRUNCATE security_events');
  const guest = browser(s.app, '192.0.2.41');
  const headers = { 'user-agent': UA };
  const first = `audit.${Date.now()}@example.com`;
  const body = order({ customer: { email: first, name: 'Audit Guest' }, coupon: 'WELCOME10' });

  const quoted = await guest.inject({ method: 'POST', url: '/api/orders/quote', headers, payload: body });
  assert.equal(quoted.statusCode, 200, quoted.body);
  const made = await guest.inject({ method: 'POST', url: '/create-payment-sessions', headers: { ...headers, 'idempotency-key': 'audit-order-0001' }, payload: body });
  assert.equal(made.statusCode, 201, made.body);
  const replay = await guest.inject({ method: 'POST', url: '/create-payment-sessions', headers: { ...headers, 'idempotency-key': 'audit-order-0001' }, payload: body });
  assert.equal(replay.headers['idempotent-replayed'], 'true');
  const refused = await guest.inject({ method: 'POST', url: '/api/orders/quote', headers, payload: { ...body, coupon: 'GUESS-ME' } });
  assert.deepEqual([refused.statusCode, refused.json().error.code], [400, 'coupon_invalid']);

  const kenso = browser(s.app, '198.51.100.42');
  const login = await kenso.inject({ method: 'POST', url: '/api/auth/login', headers: { origin: OWN }, payload: { username: 'kenso', password: '12345678' } });
  assert.equal(login.statusCode, 200, login.body);
  const own = await kenso.inject({ method: 'POST', url: '/api/orders/quote', headers: { origin: OWN, 'x-csrf-token': login.json().csrfToken }, payload: order() });
  assert.equal(own.statusCode, 200, own.body);

  // Read as an admin does (the checkout's entries are written in batches: reading writes what is queued).
  const admin = browser(s.app, '203.0.113.5');
  assert.equal((await admin.inject({ method: 'POST', url: '/api/auth/login', headers: { origin: OWN }, payload: { username: 'merchant', password: 'merchant-demo-1' } })).statusCode, 200);
  const log = (await admin.inject({ method: 'GET', url: '/api/admin/audit?pageSize=200', headers: { origin: OWN } })).json();
  const checkout = log.events.filter((e: { type: string }) => ['order_quoted', 'session_created', 'coupon_applied', 'coupon_refused'].includes(e.type)).reverse();
  const o = made.json().order;
  assert.deepEqual(
    checkout.map((e: { type: string; actor: string | null; route: string; userAgent: string | null; detail: Record<string, unknown> }) => [e.type, e.actor, e.route, e.detail]),
    [
      ['order_quoted', null, 'POST /api/orders/quote', { amount: o.amount, currency: 'HKD', coupon: 'WELCOME10' }],
      ['session_created', null, 'POST /create-payment-sessions', { orderId: o.id, channel: 'flow', amount: o.amount, currency: 'HKD', coupon: 'WELCOME10' }],
      ['coupon_applied', null, 'POST /create-payment-sessions', { orderId: o.id, coupon: 'WELCOME10', discount: o.discount, currency: 'HKD' }],
      ['coupon_refused', null, 'POST /api/orders/quote', { code: 'coupon_invalid', coupon: 'GUESS-ME' }],
      ['order_quoted', 'kenso', 'POST /api/orders/quote', { amount: own.json().order.amount, currency: 'HKD', coupon: null }],
    ],
  );
  assert.ok(o.discount > 0);
  assert.equal(checkout[0].userAgent, UA);
  assert.notEqual(checkout[0].ipHash, checkout[4].ipHash, 'two addresses, two hashes');
  assert.doesNotMatch(JSON.stringify(checkout), /192\.0\.2\.41|198\.51\.100\.42|payment_session_secret|pss_/, 'no address or session secret is stored');
  // The order's own trail names the shopper by the same hash, never by the address.
  const trail = await s.app.orders.events(o.id);
  assert.equal(trail.find((e) => e.type === 'order_created')?.actor, `shopper ${checkout[1].ipHash}`);
  assert.doesNotMatch(JSON.stringify(trail), /192\.0\.2\.41/);
});
