/**
 * The console's analytics against a hand-computed fixture: orders of two days in two currencies
 * (paid, partly and fully refunded, declined, pending, one outside the period), their refunds and
 * a declined payment; every figure checked against the sums worked out by hand below.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { newOrderId } from '../../server/orders/payments';
import { browser, closeDatabases, order, proxyOnly } from './helpers';

after(() => closeDatabases());

type Line = { reference: string; name: string; quantity: number; unitAmount: number; amount: number };

async function seed(app: FastifyInstance, o: { currency: string; amount: number; status: string; refunded?: number; day: string; lines?: Line[]; session?: boolean }): Promise<string> {
  const id = newOrderId();
  await app.orders.create({ id, channel: 'flow', amount: o.amount, currency: o.currency, subtotal: o.amount, discount: 0, shipping: 0, tax: 0, country: 'HK', lines: o.lines ?? [], customer: { email: 'a@example.com', name: 'A' }, addresses: {} });
  await app.db.query('UPDATE orders SET status = $2, refunded_amount = $3, created_at = $4, session_id = $5 WHERE id = $1', [id, o.status, o.refunded ?? 0, `${o.day}T10:00:00Z`, o.session === false ? null : `ps_${id}`]);
  return id;
}

const line = (reference: string, name: string, quantity: number, unitAmount: number): Line => ({ reference, name, quantity, unitAmount, amount: quantity * unitAmount });

test('revenue per day and currency, totals and AOV, funnel, declines, refunds and top products match the hand-computed figures', async (t) => {
  const app = await proxyOnly(t, { USERS_FILE: '' });
  await app.db.query('TRUNCATE analytics_daily');
  const o1 = await seed(app, { currency: 'HKD', amount: 39800, status: 'paid', day: '2026-11-02', lines: [line('case-a', 'Case A', 2, 19900)] });
  const o2 = await seed(app, { currency: 'HKD', amount: 20000, status: 'partially_refunded', refunded: 5000, day: '2026-11-02', lines: [line('charger', 'Charger', 1, 20000)] });
  const o3 = await seed(app, { currency: 'USD', amount: 1500, status: 'refunded', refunded: 1500, day: '2026-11-03', lines: [line('case-a', 'Case A', 1, 1500)] });
  const o4 = await seed(app, { currency: 'HKD', amount: 9900, status: 'declined', day: '2026-11-03', lines: [line('case-a', 'Case A', 1, 9900)] });
  await seed(app, { currency: 'HKD', amount: 5000, status: 'pending', day: '2026-11-03', session: false });
  await seed(app, { currency: 'HKD', amount: 7000, status: 'paid', day: '2026-11-01', lines: [line('charger', 'Charger', 9, 700)] });
  await app.db.query(`INSERT INTO payments (id, order_id, status, amount, currency, response_code, created_at) VALUES ('pay_declined1', $1, 'Declined', 9900, 'HKD', '20051', '2026-11-03T10:01:00Z')`, [o4]);
  for (const [orderId, amount, day] of [[o2, 5000, '2026-11-02'], [o3, 1500, '2026-11-03']] as const) {
    await app.db.query(`INSERT INTO payment_events (order_id, source, type, actor, detail, created_at) VALUES ($1, 'webhook', 'payment_refunded', 'checkout.com', $2, $3)`, [orderId, JSON.stringify({ amount, currency: 'X', refunded: amount }), `${day}T12:00:00Z`]);
  }
  // A refund refused (more than was left) is no refund.
  await app.db.query(`INSERT INTO payment_events (order_id, source, type, actor, detail, created_at) VALUES ($1, 'webhook', 'refund_exceeds_remaining', 'checkout.com', '{"received":{"amount":99}}', '2026-11-02T13:00:00Z')`, [o1]);
  await app.db.query(`INSERT INTO analytics_daily (day, metric, count) VALUES ('2026-11-02', 'quotes', 5), ('2026-11-03', 'quotes', 3), ('2026-11-01', 'quotes', 100)`);

  const staff = browser(app);
  const login = await staff.inject({ method: 'POST', url: '/api/auth/login', headers: { origin: 'http://localhost:80' }, payload: { username: 'clerk', password: 'clerk-demo-1' } });
  assert.equal(login.statusCode, 200, login.body);
  const res = await staff.inject({ method: 'GET', url: '/api/admin/analytics?from=2026-11-02&to=2026-11-03' });
  assert.equal(res.statusCode, 200, res.body);
  const a = res.json();

  // HKD on the 2nd: o1 39800 + o2 20000 = 59800 gross, 5000 refunded, 54800 net; USD on the 3rd: o3 1500, all refunded.
  assert.deepEqual(a.revenue, [
    { day: '2026-11-02', currency: 'HKD', orders: 2, gross: 59800, refunded: 5000, net: 54800 },
    { day: '2026-11-03', currency: 'USD', orders: 1, gross: 1500, refunded: 1500, net: 0 },
  ]);
  // AOV: 59800 / 2 = 29900 HKD; 1500 / 1 USD.
  assert.deepEqual(a.totals, [
    { currency: 'HKD', orders: 2, gross: 59800, refunded: 5000, net: 54800, averageOrder: 29900 },
    { currency: 'USD', orders: 1, gross: 1500, refunded: 1500, net: 0, averageOrder: 1500 },
  ]);
  // Quotes 5 + 3 (not the 100 of the 1st); sessions o1–o4 (o5 never got one); paid o1–o3.
  assert.deepEqual(a.funnel, { quotes: 8, sessions: 4, paid: 3 });
  assert.deepEqual(a.declines, [{ responseCode: '20051', count: 1 }]);
  assert.deepEqual(a.refunds, [{ currency: 'HKD', count: 1, amount: 5000 }, { currency: 'USD', count: 1, amount: 1500 }]);
  // By quantity: 2 × Case A (HKD), then 1 × Charger (HKD 20000) before 1 × Case A (USD 1500); the declined o4 and the 1st's 9 chargers do not count.
  assert.deepEqual(a.topProducts, [
    { reference: 'case-a', name: 'Case A', currency: 'HKD', quantity: 2, amount: 39800 },
    { reference: 'charger', name: 'Charger', currency: 'HKD', quantity: 1, amount: 20000 },
    { reference: 'case-a', name: 'Case A', currency: 'USD', quantity: 1, amount: 1500 },
  ]);

  const tooLong = await staff.inject({ method: 'GET', url: '/api/admin/analytics?from=2024-01-01&to=2026-01-01' });
  assert.deepEqual([tooLong.statusCode, tooLong.json().error.code], [400, 'invalid_period']);
});

test('a quote the shop prices counts today at the top of the funnel; a refused one does not', async (t) => {
  const app = await proxyOnly(t);
  await app.db.query('TRUNCATE analytics_daily');
  assert.equal((await app.inject({ method: 'POST', url: '/api/orders/quote', payload: order() })).statusCode, 200);
  assert.equal((await app.inject({ method: 'POST', url: '/api/orders/quote', payload: order() })).statusCode, 200);
  assert.equal((await app.inject({ method: 'POST', url: '/api/orders/quote', payload: order({ items: [{ reference: 'no-such-product', quantity: 1 }] }) })).statusCode >= 400, true);
  const { rows } = await app.db.query<{ count: number }>(`SELECT count FROM analytics_daily WHERE metric = 'quotes' AND day = (now() AT TIME ZONE 'UTC')::date`);
  assert.equal(Number(rows[0]?.count), 2);
});
