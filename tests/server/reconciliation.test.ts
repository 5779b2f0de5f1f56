/**
 * Reconciliation: each kind of mismatch, produced by making the emulator (Checkout.com) and the
 * proxy's store disagree, found by a run from the console, stored, exported as CSV, counted in a
 * metric; and one run per day however many proxies try at once.
 */
import { after, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { EMULATOR_KEYS } from '../../server/emulator/keys';
import { newOrderId } from '../../server/orders/payments';
import { Reconciler } from '../../server/admin/reconciliation';
import { eventually } from '../helpers/wait';
import { browser, closeDatabases, DATABASES, order, orderIn, payOnEmulator, settle, stack, type Stack } from './helpers';

type Json = Record<string, any>;

after(() => closeDatabases());

const OWN = 'http://localhost:80';
const secret = { authorization: `Bearer ${EMULATOR_KEYS.secretKey}` };

async function reconStack(t: TestContext, url?: string): Promise<Stack> {
  const s = await stack(t, { databaseUrl: url, env: { RECONCILIATION_HOUR: '3' }, build: { upstreamActions: { sweepEvery: 0, retryBaseMs: 0 }, admin: { reconciliationEvery: 0 } } });
  await s.app.db.query('TRUNCATE reconciliation_reports CASCADE');
  return s;
}

async function staff(s: Stack, username: string, password: string) {
  const b = browser(s.app);
  const login = await b.inject({ method: 'POST', url: '/api/auth/login', headers: { origin: OWN }, payload: { username, password } });
  assert.equal(login.statusCode, 200, login.body);
  const csrf = login.json().csrfToken as string;
  return (method: string, url: string, payload?: Json) => b.inject({ method: method as 'GET', url, headers: { origin: OWN, 'x-csrf-token': csrf }, ...(payload ? { payload } : {}) });
}

async function paid(s: Stack): Promise<{ orderId: string; paymentId: string; amount: number }> {
  const created = await s.request('POST', '/create-payment-sessions', order());
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const payment = await payOnEmulator(s.emulator.url, created.body.paymentSession.id);
  const o = await orderIn(s, created.body.order.id, 'paid');
  await settle(s);
  return { orderId: o.id, paymentId: payment.id, amount: o.amount };
}

/** A refund Checkout.com makes that the proxy never hears of (the webhook receiver is off meanwhile). */
async function refundBehindOurBack(s: Stack, paymentId: string, amount: number) {
  const webhooks = s.emulator.app.emulator.webhooks;
  const target = webhooks.configured;
  webhooks.configure(undefined);
  try {
    const res = await s.emulator.app.inject({ method: 'POST', url: `/payments/${paymentId}/refunds`, headers: { ...secret, 'content-type': 'application/json' }, payload: { amount } });
    assert.equal(res.statusCode, 202, res.body);
  } finally {
    webhooks.configure(target);
  }
}

const today = () => new Date().toISOString().slice(0, 10);

describe('reconciliation', () => {
  test('each mismatch kind, from the emulator and the store disagreeing; stored, listed, exported as CSV, counted in the metric', async (t) => {
    const s = await reconStack(t);
    const clerk = await staff(s, 'clerk', 'clerk-demo-1');

    const matched = await paid(s);
    // amount_mismatch: the store's amount is not what Checkout.com charged.
    const amount = await paid(s);
    await s.app.db.query('UPDATE orders SET amount = amount + 100, subtotal = subtotal + 100 WHERE id = $1', [amount.orderId]);
    // status_mismatch: refunded in full at Checkout.com; the store still says paid.
    const status = await paid(s);
    await refundBehindOurBack(s, status.paymentId, status.amount);
    // refunds_differ: a partial refund the proxy knows (webhook applied), and one more it never heard of.
    const refunds = await paid(s);
    const proxyRefund = await s.emulator.app.inject({ method: 'POST', url: `/payments/${refunds.paymentId}/refunds`, headers: { ...secret, 'content-type': 'application/json' }, payload: { amount: 1000 } });
    assert.equal(proxyRefund.statusCode, 202);
    await orderIn(s, refunds.orderId, 'partially_refunded');
    await refundBehindOurBack(s, refunds.paymentId, 500);
    // payment_missing: an order the store says is paid that Checkout.com has no payment for.
    const missingId = newOrderId();
    await s.app.orders.create({ id: missingId, channel: 'flow', amount: 5000, currency: 'HKD', subtotal: 5000, discount: 0, shipping: 0, tax: 0, country: 'HK', lines: [], customer: { email: 'x@example.com', name: 'X' }, addresses: {} });
    await s.app.db.query(`UPDATE orders SET status = 'paid' WHERE id = $1`, [missingId]);
    // order_missing: a payment made at Checkout.com with a reference no order here has; its webhook reaches the proxy.
    const stray = await s.emulator.app.inject({
      method: 'POST', url: '/payments', headers: { ...secret, 'content-type': 'application/json' },
      payload: { source: { type: 'card', number: '4242424242424242', expiry_month: 12, expiry_year: 2030, cvv: '100' }, amount: 1234, currency: 'HKD', reference: 'ORD-NOT-OURS-1', processing_channel_id: EMULATOR_KEYS.processingChannelId },
    });
    assert.equal(stray.statusCode, 201, stray.body);
    const strayId = stray.json().id as string;
    await eventually(async () => (await s.app.db.query(`SELECT 1 FROM payment_events WHERE type = 'unknown_order' AND payment_id = $1`, [strayId])).rows.length > 0, 'the stray payment’s webhook');
    await settle(s);

    const run = await clerk('POST', '/api/admin/reconciliation/runs', { from: today(), to: today() });
    assert.equal(run.statusCode, 201, run.body);
    const reportId = run.json().report.id as string;
    assert.equal(run.json().report.status, 'done');
    const detail = (await clerk('GET', `/api/admin/reconciliation/reports/${reportId}`)).json();
    const kindOf = (orderId: string) => detail.items.find((i: Json) => i.orderId === orderId)?.kind;
    assert.equal(kindOf(matched.orderId), 'matched');
    assert.equal(kindOf(amount.orderId), 'amount_mismatch');
    assert.equal(kindOf(status.orderId), 'status_mismatch');
    assert.equal(kindOf(refunds.orderId), 'refunds_differ');
    assert.equal(kindOf(missingId), 'payment_missing');
    const orphan = detail.items.find((i: Json) => i.kind === 'order_missing');
    assert.deepEqual([orphan?.paymentId, orphan?.theirs.reference, orphan?.theirs.amount], [strayId, 'ORD-NOT-OURS-1', 1234]);
    const differ = detail.items.find((i: Json) => i.kind === 'refunds_differ');
    assert.deepEqual([differ.ours.refunded, differ.theirs.refunded], [1000, 1500]);
    assert.deepEqual(detail.report.counts, { matched: 1, amount_mismatch: 1, status_mismatch: 1, refunds_differ: 1, payment_missing: 1, order_missing: 1 });
    assert.equal(detail.report.mismatches, 5);

    const list = (await clerk('GET', '/api/admin/reconciliation/reports')).json();
    assert.deepEqual(list.reports.map((r: Json) => r.id), [reportId]);
    const csv = await clerk('GET', `/api/admin/reconciliation/reports/${reportId}/csv`);
    assert.match(String(csv.headers['content-type']), /text\/csv/);
    assert.match(String(csv.headers['content-disposition']), /attachment; filename="reconciliation-\d{4}-\d{2}-\d{2}-rec_[0-9a-f]+\.csv"/);
    const lines = csv.body.trim().split('\r\n');
    assert.equal(lines.length, 7);
    assert.match(lines[0]!, /^"kind","order_id","payment_id"/);
    assert.ok(lines.some((l) => l.startsWith(`"refunds_differ","${refunds.orderId}"`) && l.endsWith('"1000","1500"')), lines.join('\n'));

    const metrics = (await s.app.inject({ method: 'GET', url: '/metrics' })).body;
    assert.match(metrics, /ck_reconciliation_mismatches\{kind="status_mismatch"\} 1/);
    assert.match(metrics, /ck_reconciliation_mismatches\{kind="order_missing"\} 1/);
  });

  test('a CSV cell that starts like a formula is defused', () => {
    const csv = Reconciler.csv({
      report: { id: 'rec_x', periodStart: '', periodEnd: '', status: 'done', trigger: 't', counts: {}, mismatches: 1, createdAt: '', finishedAt: null },
      items: [{ kind: 'order_missing', orderId: null, paymentId: 'pay_1', ours: null, theirs: { status: '=HYPERLINK("http://evil")', amount: 1 } }],
    });
    assert.ok(csv.includes(`"'=HYPERLINK(""http://evil"")"`), csv);
  });
});

for (const { name, url, skip } of DATABASES) {
  describe(`reconciliation on several proxies (${name})`, { skip }, () => {
    test('the daily run: several proxies try at once, one runs it, the others find it claimed', async (t) => {
      const s = await reconStack(t, url);
      await paid(s);
      const period = Reconciler.yesterday(new Date());
      const results = await Promise.all([1, 2, 3, 4].map(() => s.app.reconciler.run(period, 'schedule')));
      assert.equal(results.filter(Boolean).length, 1, 'one run');
      const reports = (await s.app.db.query<{ trigger: string; status: string }>('SELECT trigger, status FROM reconciliation_reports')).rows;
      assert.deepEqual(reports, [{ trigger: 'schedule', status: 'done' }]);
      assert.equal(await s.app.reconciler.run(period, 'schedule'), undefined, 'a later try finds it done');
    });
  });
}
