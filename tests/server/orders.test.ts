import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildApp } from '../../server/app';
import { ConfigError, loadConfig } from '../../server/config';
import { outcomeOf } from '../../server/orders/payments';
import type { Database, Queryable } from '../../server/storage/db';
import { OrderStore } from '../../server/orders/store';
import { eventually } from '../helpers/wait';
import { closeDatabases, database, DATABASES, order, payOnEmulator, stack } from './helpers';

after(closeDatabases);

type Stack = Awaited<ReturnType<typeof stack>>;

const audit = async (s: Stack, id: string) => (await s.app.orders.events(id)).map((e) => e.type);
const orderCount = async (db: Queryable) => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM orders')).rows[0]!.n;
const backdate = (db: Queryable, id: string, minutes: number) => db.query(`UPDATE orders SET created_at = now() - $2 * interval '1 minute' WHERE id = $1`, [id, minutes]);

/** The database, with every statement matching `fails` throwing (on its own or inside a transaction). */
function failing(db: Database, fails: (sql: string, params: unknown[]) => boolean): Database {
  const guard = (q: Queryable): Queryable['query'] => (sql, params = []) => (fails(sql, params) ? Promise.reject(new Error('injected storage failure')) : q.query(sql, params));
  return { ...db, query: guard(db), transaction: (fn) => db.transaction((tx) => fn({ query: guard(tx) })) };
}
/** Fails the statement that writes an audit row of `type` (alone, or with the write it audits: one statement). */
const auditOf = (type: string) => (sql: string, params: unknown[]) => sql.includes('INSERT INTO payment_events') && params.includes(type);

// ── Session creation: writes that belong together commit together ────────────────────────

test('session creation audits order_created then session_created (Flow) or hosted_payment_created (HPP); a failed session or hosted payment is audited', async (t) => {
  const s = await stack(t);
  const flow = await s.request('POST', '/create-payment-sessions', order(), { 'idempotency-key': 'orders-flow-0001' });
  assert.equal(flow.status, 201);
  assert.deepEqual(await audit(s, flow.body.order.id), ['order_created', 'session_created']);
  assert.equal((await s.app.orders.get(flow.body.order.id))?.session_id, flow.body.paymentSession.id);
  const created = (await s.app.orders.events(flow.body.order.id))[0]!;
  assert.deepEqual([created.source, created.detail.amount, created.detail.currency], ['session', flow.body.order.amount, 'HKD']);

  const hpp = await s.request('POST', '/create-hosted-payment', order());
  assert.equal(hpp.status, 201);
  assert.deepEqual(await audit(s, hpp.body.order.id), ['order_created', 'hosted_payment_created']);
  assert.equal((await s.app.orders.get(hpp.body.order.id))?.session_id, hpp.body.hostedPayment.id);

  s.emulator.app.emulator.faults.add({ method: 'POST', path: '/payment-sessions', mode: '500', count: 1 });
  const failed = await s.request('POST', '/create-payment-sessions', order());
  assert.equal(failed.status, 502);
  const [row] = (await s.app.db.query<{ id: string; status: string; session_id: string | null }>(`SELECT id, status, session_id FROM orders WHERE id NOT IN ($1, $2)`, [flow.body.order.id, hpp.body.order.id])).rows;
  assert.deepEqual([row?.status, row?.session_id], ['pending', null]);
  assert.deepEqual(await audit(s, row!.id), ['order_created', 'session_failed']);

  s.emulator.app.emulator.faults.add({ method: 'POST', path: '/hosted-payments', mode: '500', count: 1 });
  const hppFailed = await s.request('POST', '/create-hosted-payment', order());
  assert.equal(hppFailed.status, 502);
  const [hppRow] = (await s.app.db.query<{ id: string }>(`SELECT id FROM orders WHERE id NOT IN ($1, $2, $3)`, [flow.body.order.id, hpp.body.order.id, row!.id])).rows;
  assert.deepEqual(await audit(s, hppRow!.id), ['order_created', 'hosted_payment_failed']);
});

test('the order row and its order_created audit are one transaction: when the audit cannot be written, no order is left', async (t) => {
  for (const route of ['/create-payment-sessions', '/create-hosted-payment']) {
    const shared = await database(t);
    const s = await stack(t, { build: { database: failing(shared, auditOf('order_created')) } });
    const res = await s.request('POST', route, order(), { 'idempotency-key': `orders-atomic-${route.length}` });
    assert.equal(res.status, 500, route);
    assert.equal(res.body.error.code, 'internal_error');
    assert.equal(await orderCount(shared), 0, `${route}: no order without its audit entry`);
    assert.equal(s.emulator.app.emulator.store.paymentSessions.size + s.emulator.app.emulator.store.hostedPayments.size, 0, 'nothing was created upstream');
  }
});

test('the upstream session id and its audit are one transaction: when the audit cannot be written, the order keeps no session', async (t) => {
  for (const [route, type] of [['/create-payment-sessions', 'session_created'], ['/create-hosted-payment', 'hosted_payment_created']] as const) {
    const shared = await database(t);
    const s = await stack(t, { build: { database: failing(shared, auditOf(type)) } });
    const res = await s.request('POST', route, order());
    assert.equal(res.status, 500, route);
    const rows = (await shared.query<{ id: string; session_id: string | null }>('SELECT id, session_id FROM orders')).rows;
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.session_id, null, `${route}: no session bound without its audit entry`);
    assert.deepEqual(await audit(s, rows[0]!.id), ['order_created']);
  }
});

// ── Pending orders expire ──────────────────────────────────────────────────────────────

test('PENDING_ORDER_TTL_MIN: 60 minutes by default, 0 turns expiry off, anything else is refused', () => {
  assert.equal(loadConfig({}).pendingOrderTtlMinutes, 60);
  assert.equal(loadConfig({ PENDING_ORDER_TTL_MIN: '15' }).pendingOrderTtlMinutes, 15);
  assert.equal(loadConfig({ PENDING_ORDER_TTL_MIN: '0' }).pendingOrderTtlMinutes, 0);
  for (const bad of ['-1', '1.5', 'soon', '99999']) {
    assert.throws(() => loadConfig({ PENDING_ORDER_TTL_MIN: bad }), (error: unknown) => error instanceof ConfigError && error.issues.some((i) => i.startsWith('PENDING_ORDER_TTL_MIN ')), bad);
  }
});

test('the sweep expires orders pending longer than the TTL, with an audit entry; fresh and settled orders are left alone', async (t) => {
  const s = await stack(t, { env: { PENDING_ORDER_TTL_MIN: '30' }, build: { orderSweepEvery: 0 } });
  const create = async () => (await s.request('POST', '/create-payment-sessions', order())).body.order.id as string;
  const [old, fresh, almost, paid, declined] = [await create(), await create(), await create(), await create(), await create()];
  await backdate(s.app.db, old, 31);
  await backdate(s.app.db, almost, 29);
  for (const [id, status] of [[paid, 'paid'], [declined, 'declined']]) {
    await s.app.db.query('UPDATE orders SET status = $2 WHERE id = $1', [id, status]);
    await backdate(s.app.db, id!, 120);
  }

  assert.deepEqual(await s.app.orderExpiry.sweep(), [old]);
  const statuses = Object.fromEntries((await s.app.db.query<{ id: string; status: string }>('SELECT id, status FROM orders')).rows.map((r) => [r.id, r.status]));
  assert.deepEqual(statuses, { [old]: 'expired', [fresh]: 'pending', [almost]: 'pending', [paid]: 'paid', [declined]: 'declined' });
  const expiry = (await s.app.orders.events(old)).at(-1)!;
  assert.deepEqual([expiry.type, expiry.source, expiry.actor], ['order_expired', 'expiry', 'expiry-sweep']);
  assert.deepEqual([expiry.detail.from, expiry.detail.to, expiry.detail.ttlMinutes, expiry.detail.channel], ['pending', 'expired', 30, 'flow']);
  assert.ok(!(await audit(s, fresh)).includes('order_expired'));
  // Sweeping again changes nothing and audits nothing twice.
  assert.deepEqual(await s.app.orderExpiry.sweep(), []);
  assert.equal((await audit(s, old)).filter((type) => type === 'order_expired').length, 1);
  assert.match((await s.app.inject({ method: 'GET', url: '/metrics' })).body, /^ck_orders_expired_total 1$/m);
});

test('an order whose session creation failed is expired once it is past the TTL', async (t) => {
  const s = await stack(t, { env: { PENDING_ORDER_TTL_MIN: '5' }, build: { orderSweepEvery: 0 } });
  s.emulator.app.emulator.faults.add({ method: 'POST', path: '/hosted-payments', mode: '500', count: 1 });
  assert.equal((await s.request('POST', '/create-hosted-payment', order())).status, 502);
  const [row] = (await s.app.db.query<{ id: string }>('SELECT id FROM orders')).rows;
  await backdate(s.app.db, row!.id, 6);
  assert.deepEqual(await s.app.orderExpiry.sweep(), [row!.id]);
  assert.deepEqual(await audit(s, row!.id), ['order_created', 'hosted_payment_failed', 'order_expired']);
});

test('a status check of a payment made on an expired order moves it to paid', async (t) => {
  const s = await stack(t, { build: { orderSweepEvery: 0 } });
  s.emulator.app.emulator.webhooks.configure(undefined); // only the check may move the order
  const created = await s.request('POST', '/create-payment-sessions', order());
  const id = created.body.order.id as string;
  await backdate(s.app.db, id, 61);
  assert.deepEqual(await s.app.orderExpiry.sweep(), [id]);
  const payment = await payOnEmulator(s.emulator.url, created.body.paymentSession.id);
  assert.equal(payment.status, 'Approved');
  const check = await s.request('GET', `/api/payments/${payment.id}`, undefined, { 'x-ck-order-token': created.body.orderToken });
  assert.equal(check.status, 200);
  assert.deepEqual([check.body.outcome, check.body.orderId], ['succeeded', id]);
  assert.equal((await s.app.orders.get(id))?.status, 'paid');
  const moved = (await s.app.orders.events(id)).at(-1)!;
  assert.deepEqual([moved.source, moved.detail.from, moved.detail.to], ['verify', 'expired', 'paid']);
});

test('the sweep runs on its own interval while the app is up, and stops when the app closes', async (t) => {
  const s = await stack(t, { build: { orderSweepEvery: 0 } });
  // The sweeping app's intervals run on the test's clock: they fire when the test moves it.
  t.mock.timers.enable({ apis: ['setInterval'] });
  const config = loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: 'memory://', PENDING_ORDER_TTL_MIN: '10' });
  config.checkout.apiUrl = s.emulator.url;
  const sweeping = await buildApp(config, { logger: false, database: s.app.db, velocity: false, orderSweepEvery: 60_000 });
  await sweeping.ready();
  // Count the sweeps: each one asks the store to expire what is due.
  let sweeps = 0;
  const expirePending = sweeping.orders.expirePending.bind(sweeping.orders);
  sweeping.orders.expirePending = (...args) => {
    sweeps++;
    return expirePending(...args);
  };
  const first = (await s.request('POST', '/create-payment-sessions', order())).body.order.id as string;
  await backdate(s.app.db, first, 11);
  t.mock.timers.tick(59_999);
  assert.equal(sweeps, 0, 'no sweep before its interval');
  t.mock.timers.tick(1);
  assert.equal(sweeps, 1, 'one sweep when the interval comes');
  await eventually(async () => (await s.app.orders.get(first))?.status === 'expired', 'the sweep to expire the order');

  await sweeping.close();
  const second = (await s.request('POST', '/create-payment-sessions', order())).body.order.id as string;
  await backdate(s.app.db, second, 11);
  t.mock.timers.tick(10 * 60_000);
  assert.equal(sweeps, 1, 'a closed app sweeps no more');
  assert.equal((await s.app.orders.get(second))?.status, 'pending');
});

for (const { name, url, skip } of DATABASES) {
  test(`[${name}] two proxies sweeping one database at once expire and audit each order exactly once`, { skip }, async (t) => {
    const db = await database(t, url);
    const stores = [new OrderStore(db), new OrderStore(db)];
    const ids = Array.from({ length: 40 }, (_, i) => `ORDSWEEP${String(i).padStart(3, '0')}`);
    for (const id of ids) {
      await stores[0]!.create({ id, channel: 'flow', amount: 1000, currency: 'HKD', subtotal: 1000, discount: 0, shipping: 0, tax: 0, country: 'HK', lines: [], customer: {}, addresses: {} });
    }
    await db.query(`UPDATE orders SET created_at = now() - interval '2 hours' WHERE id <> $1`, [ids[0]]);
    // Small batches, many sweepers: they overlap on the same rows.
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => stores[i % 2]!.expirePending(3600_000, 5 + i)));
    const again = await Promise.all(stores.map((store) => store.expirePending(3600_000)));
    const expired = [...results, ...again].flat();
    assert.equal(expired.length, new Set(expired).size, 'no order expired twice');
    assert.deepEqual([...expired].sort(), ids.slice(1));
    const audits = (await db.query<{ order_id: string; n: number }>(`SELECT order_id, count(*)::int AS n FROM payment_events WHERE type = 'order_expired' GROUP BY order_id`)).rows;
    assert.equal(audits.length, 39);
    assert.ok(audits.every((a) => a.n === 1));
    assert.equal((await stores[1]!.get(ids[0]!))?.status, 'pending');
  });
}

// ── Refund states as a status check sees them ──────────────────────────────────────────

test('a status check saying "Partially Refunded" is recorded but moves nothing (the refund events carry the amounts); "Refunded" refunds in full', async (t) => {
  const db = await database(t);
  const store = new OrderStore(db);
  await store.create({ id: 'ORDREFUND1', channel: 'flow', amount: 5000, currency: 'HKD', subtotal: 5000, discount: 0, shipping: 0, tax: 0, country: 'HK', lines: [], customer: {}, addresses: {} });
  const check = (paymentStatus: string, to: 'paid' | 'partially_refunded' | 'refunded') =>
    store.applyPayment({ orderId: 'ORDREFUND1', paymentId: 'pay_refundcheck', paymentStatus, amount: 5000, currency: 'HKD', to, source: 'verify', actor: 'test', eventType: `verified_${paymentStatus}` });
  await check('Captured', 'paid');
  assert.deepEqual(await check('Partially Refunded', 'partially_refunded'), { applied: true, status: 'paid' });
  assert.deepEqual([(await store.get('ORDREFUND1'))?.status, (await store.get('ORDREFUND1'))?.refunded_amount], ['paid', 0]);
  assert.deepEqual(await check('Refunded', 'refunded'), { applied: true, status: 'refunded' });
  assert.deepEqual([(await store.get('ORDREFUND1'))?.status, (await store.get('ORDREFUND1'))?.refunded_amount], ['refunded', 5000]);
  assert.equal(outcomeOf('Partially Refunded'), 'succeeded');
  assert.equal(outcomeOf('Refunded'), 'succeeded');
});
