/**
 * A shopper whose seat hold expired before the payment completed, and lost seats to another
 * buyer meanwhile, is refunded exactly those seats: recorded in the paid transaction, asked of
 * Checkout.com (the emulator) after the commit with an idempotency key, retried by the refund
 * sweep when the call fails, and applied to the order by the `payment_refunded` webhook.
 */
import { after, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { buildApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { EMULATOR_KEYS } from '../../server/emulator/keys';
import { lostSeatsRefund } from '../../server/orders/pricing';
import { browser, closeDatabases, customer, DATABASES, orderIn, payOnEmulator, settle, stack, type Stack } from './helpers';
import { eventually } from '../helpers/wait';

type Json = Record<string, any>;

const HALL = 'harbour-strings-2031';
const PREMIUM = 88000; // STALLS:A:* (catalog, HKD)
const VALUE = 38000; // STALLS:N:*

after(() => closeDatabases());

async function refundStack(t: TestContext, url: string | undefined, refunds: Json = {}): Promise<Stack> {
  const s = await stack(t, { databaseUrl: url, build: { upstreamActions: { sweepEvery: 0, retryBaseMs: 0, ...refunds } } });
  await s.app.db.query('TRUNCATE seat_claims, seat_holds, seat_versions');
  return s;
}

/**
 * Buyer A holds `seats` and opens a payment session; then five minutes pass, the hold expires
 * and buyer B takes `taken` of them. Returns A's order and the emulator session to pay.
 */
async function expiredHoldOrder(s: Stack, seats: string[], taken: string[]) {
  const h = await browser(s.app).hold(HALL, seats);
  assert.equal(h.statusCode, 201, h.body);
  const session = await s.request('POST', '/create-payment-sessions', { items: [], seatHoldId: h.json().id, bin: '42424242', currency: 'HKD', country: 'HK', customer });
  assert.equal(session.status, 201, JSON.stringify(session.body));
  const realNow = s.app.seatHolds.now;
  s.app.seatHolds.now = () => realNow() + 5 * 60_000 + 1_000;
  try {
    const other = await browser(s.app, '192.0.2.2').hold(HALL, taken);
    assert.equal(other.statusCode, 201, other.body);
  } finally {
    s.app.seatHolds.now = realNow;
  }
  return { orderId: session.body.order.id as string, orderToken: session.body.orderToken as string, amount: session.body.order.amount as number, sessionId: session.body.paymentSession.id as string, holdId: h.json().id as string };
}

/** The payment as the emulator reports it to GET /payments/{id}, with its refund actions. */
async function upstreamPayment(s: Stack, paymentId: string): Promise<Json> {
  const headers = { authorization: `Bearer ${EMULATOR_KEYS.secretKey}` };
  const details = (await s.emulator.app.inject({ method: 'GET', url: `/payments/${paymentId}`, headers })).json();
  const actions = (await s.emulator.app.inject({ method: 'GET', url: `/payments/${paymentId}/actions`, headers })).json() as Json[];
  return { ...details, refunds: actions.filter((a) => a.type === 'Refund') };
}

const types = async (s: Stack, orderId: string) => (await s.app.orders.events(orderId)).map((e) => e.type);

for (const { name, url, skip } of DATABASES) {
  describe(`refunds for seats an expired hold lost (${name})`, { skip }, () => {
    test('two held seats, one taken by another buyer: one seat sold, exactly its price refunded upstream, order partially_refunded after the webhook, audited', async (t) => {
      const s = await refundStack(t, url);
      const o = await expiredHoldOrder(s, ['STALLS:A:1', 'STALLS:N:3'], ['STALLS:N:3']);
      assert.equal(o.amount, PREMIUM + VALUE);

      const paid = await payOnEmulator(s.emulator.url, o.sessionId);
      assert.equal(paid.status, 'Approved');
      const order = await orderIn(s, o.orderId, 'partially_refunded');
      assert.equal(order.refunded_amount, VALUE, 'the lost Value seat, not the order');
      await settle(s);

      const seats = (await s.app.inject({ method: 'GET', url: `/api/events/${HALL}/seats` })).json();
      assert.deepEqual(seats.sold, ['STALLS:A:1']);
      assert.deepEqual(seats.held, ['STALLS:N:3'], 'B keeps the seat A lost');

      const upstream = await upstreamPayment(s, paid.id);
      assert.equal(upstream.status, 'Partially Refunded');
      assert.deepEqual([upstream.balances.total_captured, upstream.balances.total_refunded, upstream.balances.available_to_refund], [PREMIUM + VALUE, VALUE, PREMIUM]);
      assert.deepEqual(upstream.refunds.map((r: Json) => [r.amount, r.reference]), [[VALUE, o.orderId]]);

      const [request] = await s.app.upstreamActions.forOrder(o.orderId, 'refund');
      assert.deepEqual([request?.status, request?.amount, request?.currency, request?.payment_id, request?.attempts], ['accepted', VALUE, 'HKD', paid.id, 1]);
      assert.match(request!.id, /^ck-[0-9a-f]{40}$/);
      assert.equal(request?.action_id, upstream.refunds[0].id);

      const audit = await s.app.orders.events(o.orderId);
      const lost = audit.find((e) => e.type === 'seats_lost');
      assert.deepEqual(lost?.detail.seats, ['STALLS:N:3']);
      assert.deepEqual(lost?.detail.refund, { amount: VALUE, currency: 'HKD' });
      const requested = audit.find((e) => e.type === 'refund_requested');
      assert.deepEqual([requested?.detail.refundId, requested?.detail.amount, requested?.detail.reason], [request?.id, VALUE, 'seats_lost']);
      assert.deepEqual(requested?.detail.seats, [{ seatId: 'STALLS:N:3', categoryId: 'value', unitAmount: VALUE }]);
      assert.equal(requested?.payment_id, paid.id);
      const accepted = audit.find((e) => e.type === 'refund_accepted');
      assert.deepEqual([accepted?.source, accepted?.detail.actionId, accepted?.detail.amount], ['refund', upstream.refunds[0].id, VALUE]);
      const applied = audit.filter((e) => e.type === 'payment_refunded');
      assert.deepEqual(applied.map((e) => [e.detail.amount, e.detail.actionId, e.detail.to]), [[VALUE, upstream.refunds[0].id, 'partially_refunded']]);
      // Recorded in the paid transaction, asked after it: the audit says so in this order.
      const order_ = await types(s, o.orderId);
      assert.ok(order_.indexOf('seats_lost') < order_.indexOf('refund_requested') && order_.indexOf('refund_requested') < order_.indexOf('refund_accepted'), order_.join(','));
      assert.ok(s.logs.some((l) => l.includes('refund accepted by Checkout.com')));

      // The shopper's result page learns it from the verified status: one seat, its price, on its way back.
      const verified = (await s.app.inject({ method: 'GET', url: `/api/payments/${paid.id}`, headers: { 'x-ck-order-token': o.orderToken } })).json();
      assert.deepEqual(verified.refunds, [{ reason: 'seats_lost', seats: 1, amount: VALUE, currency: 'HKD', status: 'accepted' }]);
      assert.equal(verified.outcome, 'succeeded');
    });

    test('every held seat taken: nothing sold, the whole amount refunded, order refunded', async (t) => {
      const s = await refundStack(t, url);
      const o = await expiredHoldOrder(s, ['STALLS:A:5', 'STALLS:A:6'], ['STALLS:A:5', 'STALLS:A:6']);
      const paid = await payOnEmulator(s.emulator.url, o.sessionId);
      const order = await orderIn(s, o.orderId, 'refunded');
      assert.equal(order.refunded_amount, 2 * PREMIUM);
      await settle(s);
      const upstream = await upstreamPayment(s, paid.id);
      assert.equal(upstream.status, 'Refunded');
      assert.deepEqual(upstream.refunds.map((r: Json) => r.amount), [2 * PREMIUM]);
      assert.equal((await s.app.inject({ method: 'GET', url: `/api/events/${HALL}/seats` })).json().sold.length, 0);
      const audit = await s.app.orders.events(o.orderId);
      assert.deepEqual(audit.find((e) => e.type === 'seats_lost')?.detail.seats, ['STALLS:A:5', 'STALLS:A:6']);
      assert.deepEqual(audit.filter((e) => e.type === 'payment_refunded').map((e) => [e.detail.amount, e.detail.to]), [[2 * PREMIUM, 'refunded']]);
    });

    test('a refund call that fails (500) is audited, retried by the sweep, and refunds once', async (t) => {
      const s = await refundStack(t, url);
      const fault = s.emulator.app.emulator.faults.add({ method: 'POST', path: '/payments/:id/refunds', mode: '500', count: 1 });
      const o = await expiredHoldOrder(s, ['STALLS:A:7', 'STALLS:N:7'], ['STALLS:N:7']);
      const paid = await payOnEmulator(s.emulator.url, o.sessionId);
      const failed = await eventually(async () => (await s.app.orders.events(o.orderId)).find((e) => e.type === 'refund_failed'), 'the first attempt to fail');
      assert.deepEqual(
        [failed.source, failed.detail.code, failed.detail.upstreamStatus, failed.detail.final, failed.detail.attempt],
        ['refund', 'upstream_error', 500, false, 1],
      );
      await settle(s);
      assert.equal((await s.app.orders.get(o.orderId))?.status, 'paid', 'nothing refunded yet');
      assert.equal((await upstreamPayment(s, paid.id)).refunds.length, 0);
      assert.equal((await s.app.upstreamActions.forOrder(o.orderId, 'refund'))[0]?.last_error, 'upstream_error');

      assert.equal(await s.app.upstreamActions.sweep(), 1, 'the sweep retries it');
      const order = await orderIn(s, o.orderId, 'partially_refunded');
      assert.equal(order.refunded_amount, VALUE);
      await settle(s);
      assert.equal(await s.app.upstreamActions.sweep(), 0, 'nothing left to do');
      assert.equal(fault.hits, 1);
      const upstream = await upstreamPayment(s, paid.id);
      assert.deepEqual(upstream.refunds.map((r: Json) => r.amount), [VALUE], 'one refund upstream');
      const [request] = await s.app.upstreamActions.forOrder(o.orderId, 'refund');
      assert.deepEqual([request?.status, request?.attempts, request?.last_error], ['accepted', 2, null]);
      // Requested, failed, then accepted and confirmed — Checkout.com's webhook may land before the proxy records the 202 it answered.
      const trail = (await types(s, o.orderId)).filter((x) => x.startsWith('refund_') || x === 'payment_refunded');
      assert.deepEqual(trail.slice(0, 2), ['refund_requested', 'refund_failed'], trail.join(','));
      assert.deepEqual(trail.slice(2).sort(), ['payment_refunded', 'refund_accepted'], trail.join(','));
    });

    test('a refund call that timed out although Checkout.com took it is repeated with the same key: one refund', async (t) => {
      const s = await refundStack(t, url);
      // Our call gets no answer within its deadline (800 ms in these tests)…
      s.emulator.app.emulator.faults.add({ method: 'POST', path: '/payments/:id/refunds', mode: 'timeout', count: 1 });
      const o = await expiredHoldOrder(s, ['STALLS:A:9', 'STALLS:N:9'], ['STALLS:N:9']);
      const paid = await payOnEmulator(s.emulator.url, o.sessionId);
      const failed = await eventually(async () => (await s.app.orders.events(o.orderId)).find((e) => e.type === 'refund_failed'), 'the attempt to time out');
      assert.equal(failed.detail.code, 'upstream_timeout');
      // …while Checkout.com did refund (the answer was lost on the way back): that request, as it reached it.
      const [request] = await s.app.upstreamActions.forOrder(o.orderId, 'refund');
      const took = await s.emulator.app.inject({
        method: 'POST',
        url: `/payments/${paid.id}/refunds`,
        // The proxy's own key: idempotency keys are scoped to the API key that sent them.
        headers: { authorization: `Bearer ${EMULATOR_KEYS.secretKey}`, 'cko-idempotency-key': request!.id },
        payload: { amount: request!.amount, reference: o.orderId },
      });
      assert.equal(took.statusCode, 202);
      assert.equal(await s.app.upstreamActions.sweep(), 1);
      await orderIn(s, o.orderId, 'partially_refunded');
      await settle(s);
      const upstream = await upstreamPayment(s, paid.id);
      assert.deepEqual(upstream.refunds.map((r: Json) => r.amount), [VALUE], 'the retry got the first refund back, not a second one');
      assert.equal((await s.app.upstreamActions.forOrder(o.orderId, 'refund'))[0]?.action_id, took.json().action_id);
      assert.equal((await s.app.orders.get(o.orderId))?.refunded_amount, VALUE);
    });

    test('the payment verified by webhook and by GET /api/payments/:id, on two proxies sharing the database, refunds once', async (t) => {
      const s = await refundStack(t, url);
      const config = loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: 'memory://', PUBLIC_BASE_URL: s.url });
      config.checkout.apiUrl = s.emulator.url;
      const second = await buildApp(config, { logger: false, database: s.app.db, velocity: false, upstreamActions: { sweepEvery: 0 } });
      t.after(() => second.close());
      await second.ready();

      const o = await expiredHoldOrder(s, ['STALLS:A:11', 'STALLS:N:11'], ['STALLS:N:11']);
      const paid = await payOnEmulator(s.emulator.url, o.sessionId);
      // Status checks on both proxies race the webhooks: one of them moves the order to paid.
      const checks = await Promise.all([
        s.request('GET', `/api/payments/${paid.id}`),
        second.inject({ method: 'GET', url: `/api/payments/${paid.id}` }),
        s.request('GET', `/api/payments/${paid.id}`),
      ]);
      for (const check of checks) assert.equal('statusCode' in check ? check.statusCode : check.status, 200);
      await orderIn(s, o.orderId, 'partially_refunded');
      await settle(s);
      await second.upstreamActions.idle();
      // And once more after the refund: it reads Partially Refunded, records it, requests nothing.
      const again = await s.request('GET', `/api/payments/${paid.id}`, undefined, { 'x-ck-order-token': o.orderToken });
      assert.deepEqual([again.status, again.body.status, again.body.outcome, again.body.orderId], [200, 'Partially Refunded', 'succeeded', o.orderId]);
      assert.equal(await s.app.upstreamActions.sweep(), 0);
      assert.equal(await second.upstreamActions.sweep(), 0);

      const upstream = await upstreamPayment(s, paid.id);
      assert.deepEqual(upstream.refunds.map((r: Json) => r.amount), [VALUE]);
      assert.equal((await s.app.upstreamActions.forOrder(o.orderId, 'refund')).length, 1);
      const audit = await types(s, o.orderId);
      for (const type of ['seats_lost', 'refund_requested', 'refund_accepted', 'payment_refunded']) assert.equal(audit.filter((x) => x === type).length, 1, `${type} once: ${audit.join(',')}`);
      const order = await s.app.orders.get(o.orderId);
      assert.deepEqual([order?.status, order?.refunded_amount], ['partially_refunded', VALUE]);
    });

    test('a proxy that died mid-call leaves its claim to run out; another one takes the capture over, and the refund follows it', async (t) => {
      // A lease far longer than the test: it ends only when the test moves its end (below).
      const s = await refundStack(t, url, { leaseMs: 10 * 60_000 });
      // The webhook receiver is down: the order becomes paid only by our status check below.
      s.emulator.app.emulator.webhooks.configure(undefined);
      const o = await expiredHoldOrder(s, ['STALLS:A:13', 'STALLS:N:13'], ['STALLS:N:13']);
      const paid = await payOnEmulator(s.emulator.url, o.sessionId);
      // Simulate the crash: a "proxy" claims what is due the moment it is recorded, and never calls.
      // The presale payment is only authorised: its capture is due, the refund waits for it.
      const store = s.app.upstreamActions.store;
      const claim = store.claim.bind(store);
      let resolveClaimed: (kinds: string[]) => void = () => undefined;
      const claimed = new Promise<string[]>((resolve) => (resolveClaimed = resolve));
      const unlisten = await s.app.db.listen('ck_upstream_actions', () => void claim({ leaseMs: 10 * 60_000 }).then((rows) => rows.length && resolveClaimed(rows.map((r) => r.kind))));
      t.after(unlisten);
      store.claim = async () => []; // this proxy does not see it at first
      assert.equal((await s.request('GET', `/api/payments/${paid.id}`)).status, 200);
      assert.deepEqual(await claimed, ['capture'], 'the dead proxy held the capture; the refund waits for it');
      await unlisten();
      store.claim = claim;
      assert.equal(await s.app.upstreamActions.sweep(), 0, 'still leased, and the refund still waits');
      assert.equal((await upstreamPayment(s, paid.id)).status, 'Authorized');
      // The lease runs out: the database's clock reaches the end of the dead proxy's claim.
      const [leased] = await s.app.upstreamActions.forOrder(o.orderId, 'capture');
      await s.app.db.query(`UPDATE upstream_actions SET next_attempt_at = now() - interval '1 millisecond' WHERE id = $1`, [leased!.id]);
      assert.equal(await s.app.upstreamActions.sweep(), 1, 'the capture taken over');
      await s.app.upstreamActions.idle();
      const upstream = await upstreamPayment(s, paid.id);
      assert.deepEqual(upstream.refunds.map((r: Json) => r.amount), [VALUE]);
      assert.equal(upstream.balances.total_captured, o.amount, 'captured once, in full');
      const [capture] = await s.app.upstreamActions.forOrder(o.orderId, 'capture');
      assert.deepEqual([capture?.status, capture?.attempts], ['accepted', 2]);
      const [request] = await s.app.upstreamActions.forOrder(o.orderId, 'refund');
      assert.deepEqual([request?.status, request?.attempts], ['accepted', 1]);
    });
  });
}

describe('lostSeatsRefund: what the shopper paid for the lost seats, from the stored order', () => {
  const seat = (category: string, unit: number, quantity: number) => ({ kind: 'seat', reference: `${HALL}:${category}`, name: category, quantity, unitAmount: unit, amount: unit * quantity, discountable: true, taxable: true, shippable: false });
  const product = { kind: 'product', reference: 'case', name: 'Case', quantity: 1, unitAmount: 10000, amount: 10000, discountable: true, taxable: true, shippable: true };

  test('no coupon, no tax: the unit prices of the lost seats', () => {
    const lines = [seat('premium', PREMIUM, 1), seat('value', VALUE, 2)];
    const order = { discount: 0, shipping: 0, tax: 0, lines };
    const r = lostSeatsRefund(order, HALL, [{ seatId: 'N:1', categoryId: 'value' }], false);
    assert.equal(r.amount, 38000);
    assert.deepEqual(r.seats, [{ seatId: 'N:1', categoryId: 'value', unitAmount: 38000 }]);
  });

  test('a coupon and VAT: less the seats\' share of the discount, plus their share of the tax; shipping tax stays', () => {
    // Two Value seats (HK$380.00 each) and a case (HK$100.00), 10 % off merchandise and
    // tickets, HK$50.00 shipping; one seat is lost. Worked by hand, in cents:
    //   subtotal 2 × 38,000 + 10,000 = 86,000; discount 10 % = 8,600
    //   VAT 20 % on goods and shipping: (86,000 − 8,600 + 5,000) × 20 % = 82,400 × 20 % = 16,480
    //   amount 86,000 − 8,600 + 5,000 + 16,480 = 98,880
    //   the seat's share of the discount: 8,600 × 38,000 / 86,000 = 3,800 → the seat paid 34,200
    //   its share of the VAT: 16,480 × 34,200 / 82,400 = 6,840 (= 34,200 × 20 %, shipping's VAT stays)
    //   refund 34,200 + 6,840 = 41,040
    const lines = [seat('value', VALUE, 2), product];
    const taxed = { amount: 98_880, refunded_amount: 0, discount: 8_600, shipping: 5_000, tax: 16_480, lines };
    const r = lostSeatsRefund(taxed, HALL, [{ seatId: 'N:1', categoryId: 'value' }], true);
    assert.equal(r.amount, 41_040, 'the seat as paid: 10 % off, plus 20 % VAT');
    assert.deepEqual(r.seats, [{ seatId: 'N:1', categoryId: 'value', unitAmount: 38_000 }]);
    // A country that does not tax shipping: VAT (82,400 − 5,000) × 20 % = 15,480 on goods only;
    // amount 86,000 − 8,600 + 5,000 + 15,480 = 97,880; the seat's share 15,480 × 34,200 / 77,400
    // = 6,840; refund 34,200 + 6,840 = 41,040 again, the seat's own VAT.
    const untaxedShipping = { amount: 97_880, refunded_amount: 0, discount: 8_600, shipping: 5_000, tax: 15_480, lines };
    assert.equal(lostSeatsRefund(untaxedShipping, HALL, [{ seatId: 'N:1', categoryId: 'value' }], false).amount, 41_040, 'shipping untaxed: all the tax is on goods');
    // Both seats lost (not the whole order: the case stays): 2 × 34,200 + 16,480 × 68,400 / 82,400
    // = 68,400 + 13,680 = 82,080.
    assert.equal(lostSeatsRefund(taxed, HALL, [{ seatId: 'N:1', categoryId: 'value' }, { seatId: 'N:2', categoryId: 'value' }], true).amount, 82_080);
  });

  test('an order of seats only that lost them all gets its whole amount back, tax included', () => {
    // Two Premium seats 2 × 880.00, WELCOME10 (−176.00), 20 % VAT on 1,584.00 = 316.80: paid 1,900.80.
    const order = { discount: 17600, shipping: 0, tax: 31680, lines: [seat('premium', PREMIUM, 2)] };
    const all = [{ seatId: 'A:1', categoryId: 'premium' }, { seatId: 'A:2', categoryId: 'premium' }];
    assert.equal(lostSeatsRefund(order, HALL, all, false).amount, 190080);
  });

  test('capped by the order\'s own seat lines: seats it never priced refund nothing, however much is left on the order', () => {
    // The order priced ONE Premium seat (880.00) and a 100.00 case, 10 % off, 20 % VAT, shipping 50.00 untaxed:
    //   discount 98.00, VAT (980.00 − 98.00) × 20 % = 176.40, paid 980.00 − 98.00 + 50.00 + 176.40 = 1,108.40.
    // Three Premium seats and a Value seat reported lost: only one Premium seat was paid for.
    //   Its share: discount 98.00 × 880/980 = 88.00, VAT 176.40 × 792.00 / 882.00 = 158.40 → 950.40.
    const order = { discount: 9800, shipping: 5000, tax: 17640, lines: [seat('premium', PREMIUM, 1), product] };
    const lost = [
      { seatId: 'A:1', categoryId: 'premium' },
      { seatId: 'A:2', categoryId: 'premium' },
      { seatId: 'A:3', categoryId: 'premium' },
      { seatId: 'N:1', categoryId: 'value' },
    ];
    const r = lostSeatsRefund(order, HALL, lost, false);
    assert.equal(r.amount, 95040, 'one seat as paid, not the 1,108.40 left on the order');
    assert.deepEqual(r.seats, [{ seatId: 'A:1', categoryId: 'premium', unitAmount: 88000 }]);
    assert.deepEqual(r.unpriced, ['A:2', 'A:3', 'N:1']);
    const unknown = lostSeatsRefund(order, HALL, [{ seatId: 'Z:1', categoryId: 'gallery' }], false);
    assert.deepEqual([unknown.amount, unknown.unpriced], [0, ['Z:1']]);
  });
});
