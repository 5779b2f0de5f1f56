import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { EMULATOR_KEYS } from '../../server/emulator/keys';
import { eventually } from '../helpers/wait';
import { closeDatabases, order, payOnEmulator, stack } from './helpers';

after(closeDatabases);

const sign = (raw: string, secret: string = EMULATOR_KEYS.webhookSecret) => createHmac('sha256', secret).update(raw).digest('hex');

async function post(s: Awaited<ReturnType<typeof stack>>, event: unknown, signature?: string) {
  const raw = JSON.stringify(event);
  const res = await s.app.inject({ method: 'POST', url: '/webhooks/checkout', payload: raw, headers: { 'content-type': 'application/json', 'cko-signature': signature ?? sign(raw) } });
  return { status: res.statusCode, body: res.json() };
}

async function pendingOrder(s: Awaited<ReturnType<typeof stack>>) {
  const res = await s.request('POST', '/create-payment-sessions', order());
  assert.equal(res.status, 201);
  return res.body.order as { id: string; amount: number; currency: string };
}

const event = (id: string, type: string, data: Record<string, unknown>) => ({ id, type, version: '1.0.29', created_on: new Date().toISOString(), data, _links: {} });

test('a signed payment_approved moves the order to paid; a replay changes nothing', async (t) => {
  const s = await stack(t);
  const o = await pendingOrder(s);
  const e = event('evt_aaaaaaaaaaaaaaaaaaaaaaaaaa', 'payment_approved', { id: 'pay_aaaaaaaaaaaaaaaaaaaaaaaaaa', reference: o.id, amount: o.amount, currency: o.currency, status: 'Authorized' });
  const first = await post(s, e);
  assert.deepEqual(first, { status: 200, body: { received: true, outcome: 'applied' } });
  assert.equal((await s.app.orders.get(o.id))?.status, 'paid');
  const replay = await post(s, e);
  assert.deepEqual(replay.body, { received: true, outcome: 'duplicate' });
  const audit = await s.app.orders.events(o.id);
  assert.equal(audit.filter((a) => a.source === 'webhook').length, 1);
  // An out-of-order decline of the same order after it was paid is refused and audited.
  await post(s, event('evt_bbbbbbbbbbbbbbbbbbbbbbbbbb', 'payment_declined', { id: 'pay_aaaaaaaaaaaaaaaaaaaaaaaaaa', reference: o.id, amount: o.amount, currency: o.currency }));
  assert.equal((await s.app.orders.get(o.id))?.status, 'paid');
  assert.ok((await s.app.orders.events(o.id)).some((a) => a.type === 'transition_refused'));
});

test('forged signatures are refused with 401 and change nothing', async (t) => {
  const s = await stack(t);
  const o = await pendingOrder(s);
  const e = event('evt_cccccccccccccccccccccccccc', 'payment_approved', { id: 'pay_cccccccccccccccccccccccccc', reference: o.id, amount: o.amount, currency: o.currency });
  const raw = JSON.stringify(e);
  assert.equal((await post(s, e, sign(raw, 'not-the-secret'))).status, 401);
  assert.equal((await post(s, e, 'abc')).status, 401);
  const missing = await s.app.inject({ method: 'POST', url: '/webhooks/checkout', payload: raw, headers: { 'content-type': 'application/json' } });
  assert.equal(missing.statusCode, 401);
  assert.equal(missing.json().error.code, 'invalid_signature');
  // The signature covers the exact bytes: re-serialised JSON with one byte changed fails.
  const tampered = raw.replace(`"amount":${o.amount}`, `"amount":${o.amount + 1}`);
  const res = await s.app.inject({ method: 'POST', url: '/webhooks/checkout', payload: tampered, headers: { 'content-type': 'application/json', 'cko-signature': sign(raw) } });
  assert.equal(res.statusCode, 401);
  assert.equal((await s.app.orders.get(o.id))?.status, 'pending');
});

test('amount or currency mismatch is audited and not applied', async (t) => {
  const s = await stack(t);
  const o = await pendingOrder(s);
  const res = await post(s, event('evt_dddddddddddddddddddddddddd', 'payment_approved', { id: 'pay_dddddddddddddddddddddddddd', reference: o.id, amount: 1, currency: o.currency }));
  assert.equal(res.body.outcome, 'amount_mismatch');
  const cur = await post(s, event('evt_eeeeeeeeeeeeeeeeeeeeeeeeee', 'payment_approved', { id: 'pay_dddddddddddddddddddddddddd', reference: o.id, amount: o.amount, currency: 'USD' }));
  assert.equal(cur.body.outcome, 'amount_mismatch');
  assert.equal((await s.app.orders.get(o.id))?.status, 'pending');
  const audit = await s.app.orders.events(o.id);
  const mismatch = audit.find((a) => a.type === 'amount_mismatch');
  assert.deepEqual(mismatch?.detail.received, { amount: 1, currency: o.currency });
  assert.ok(s.logs.some((l) => l.includes('webhook not applied')));
  const unknown = await post(s, event('evt_ffffffffffffffffffffffffff', 'payment_approved', { id: 'pay_ffffffffffffffffffffffffff', reference: 'ORDNOPE', amount: 100, currency: 'HKD' }));
  assert.equal(unknown.body.outcome, 'unknown_order');
});

test('end to end: the emulator delivers signed webhooks for a real payment; the order ends paid', async (t) => {
  const s = await stack(t);
  const o = await pendingOrder(s);
  const session = (await s.app.orders.get(o.id))!.session_id!;
  const paid = await payOnEmulator(s.emulator.url, session);
  assert.equal(paid.status, 'Approved');
  await s.emulator.app.emulator.webhooks.idle();
  const log = s.emulator.app.emulator.webhooks.log;
  assert.ok(log.length > 0);
  assert.ok(log.every((d) => d.state === 'delivered'), JSON.stringify(log));
  assert.equal((await s.app.orders.get(o.id))?.status, 'paid');

  const declined = await pendingOrder(s);
  const refused = await payOnEmulator(s.emulator.url, (await s.app.orders.get(declined.id))!.session_id!, '4544249167673670');
  assert.equal(refused.status, 'Declined');
  // The declined payment's webhook is delivered, signed, and moves the order.
  await eventually(async () => (await s.app.orders.get(declined.id))?.status === 'declined', 'the payment_declined webhook to move the order');
  // The emulator records the delivery once the proxy's answer is back, a moment after the order moved.
  await s.emulator.app.emulator.webhooks.idle();
  assert.ok(s.emulator.app.emulator.webhooks.log.some((d) => d.state === 'delivered' && d.type === 'payment_declined'), JSON.stringify(s.emulator.app.emulator.webhooks.log));
});

/** A pending order paid by a signed payment_approved (the refunds below need a paid order). */
async function paidOrder(s: Awaited<ReturnType<typeof stack>>, suffix: string) {
  const o = await pendingOrder(s);
  const paymentId = `pay_${suffix.repeat(26).slice(0, 26)}`;
  const approved = await post(s, event(`evt_paid${suffix.repeat(22).slice(0, 22)}`, 'payment_approved', { id: paymentId, reference: o.id, amount: o.amount, currency: o.currency, status: 'Authorized' }));
  assert.equal(approved.body.outcome, 'applied');
  return { ...o, paymentId };
}

const refund = (eventId: string, o: { id: string; paymentId: string; currency: string }, amount: number, extra: Record<string, unknown> = {}) =>
  event(eventId, 'payment_refunded', { id: o.paymentId, action_id: `act_${eventId.slice(4)}`, reference: o.id, amount, currency: o.currency, ...extra });

test('partial refunds add up: partially_refunded with the running total, then refunded; a replay changes nothing', async (t) => {
  const s = await stack(t);
  const o = await paidOrder(s, 'r');
  const first = Math.floor(o.amount / 4);
  const partial = refund('evt_refund1aaaaaaaaaaaaaaaaaaa', o, first);
  assert.deepEqual((await post(s, partial)).body, { received: true, outcome: 'applied' });
  let stored = await s.app.orders.get(o.id);
  assert.equal(stored?.status, 'partially_refunded');
  assert.equal(stored?.refunded_amount, first);
  // The same delivery again (Checkout.com delivers at least once): not counted twice.
  assert.deepEqual((await post(s, partial)).body, { received: true, outcome: 'duplicate' });
  assert.equal((await s.app.orders.get(o.id))?.refunded_amount, first);

  // The same refund (its action id) under another event id is not counted twice either.
  const again = refund('evt_refund9aaaaaaaaaaaaaaaaaaa', o, first, { action_id: 'act_refund1aaaaaaaaaaaaaaaaaaa' });
  assert.deepEqual((await post(s, again)).body, { received: true, outcome: 'refund_already_applied' });
  assert.equal((await s.app.orders.get(o.id))?.refunded_amount, first);

  const second = 100;
  assert.equal((await post(s, refund('evt_refund2aaaaaaaaaaaaaaaaaaa', o, second))).body.outcome, 'applied');
  stored = await s.app.orders.get(o.id);
  assert.deepEqual([stored?.status, stored?.refunded_amount], ['partially_refunded', first + second]);

  const rest = o.amount - first - second;
  assert.equal((await post(s, refund('evt_refund3aaaaaaaaaaaaaaaaaaa', o, rest))).body.outcome, 'applied');
  stored = await s.app.orders.get(o.id);
  assert.deepEqual([stored?.status, stored?.refunded_amount], ['refunded', o.amount]);

  const refunds = (await s.app.orders.events(o.id)).filter((e) => e.type === 'payment_refunded');
  assert.deepEqual(
    refunds.map((e) => [e.detail.amount, e.detail.refunded, e.detail.remaining, e.detail.from, e.detail.to]),
    [
      [first, first, o.amount - first, 'paid', 'partially_refunded'],
      [second, first + second, rest, 'partially_refunded', 'partially_refunded'],
      [rest, o.amount, 0, 'partially_refunded', 'refunded'],
    ],
  );
  assert.equal(refunds[0]?.detail.actionId, 'act_refund1aaaaaaaaaaaaaaaaaaa');
  assert.equal((await s.app.db.query<{ status: string }>('SELECT status FROM payments WHERE id = $1', [o.paymentId])).rows[0]?.status, 'Refunded');
  // Fully refunded is final: one more refund is refused and audited.
  assert.equal((await post(s, refund('evt_refund4aaaaaaaaaaaaaaaaaaa', o, 1))).body.outcome, 'refund_exceeds_remaining');
  assert.deepEqual([(await s.app.orders.get(o.id))?.refunded_amount], [o.amount]);
});

test('a full refund in one event makes the order refunded', async (t) => {
  const s = await stack(t);
  const o = await paidOrder(s, 'f');
  assert.equal((await post(s, refund('evt_refundfullaaaaaaaaaaaaaaa', o, o.amount))).body.outcome, 'applied');
  const stored = await s.app.orders.get(o.id);
  assert.deepEqual([stored?.status, stored?.refunded_amount], ['refunded', o.amount]);
});

test('a refund over what is left, in another currency, of an unpaid order or of another order\'s payment is audited and not applied', async (t) => {
  const s = await stack(t);
  const o = await paidOrder(s, 'x');
  const first = 500;
  assert.equal((await post(s, refund('evt_refundx1aaaaaaaaaaaaaaaaaa', o, first))).body.outcome, 'applied');

  const over = await post(s, refund('evt_refundx2aaaaaaaaaaaaaaaaaa', o, o.amount - first + 1));
  assert.equal(over.body.outcome, 'refund_exceeds_remaining');
  const currency = await post(s, refund('evt_refundx3aaaaaaaaaaaaaaaaaa', o, 100, { currency: 'USD' }));
  assert.equal(currency.body.outcome, 'amount_mismatch');
  const zero = await post(s, refund('evt_refundx4aaaaaaaaaaaaaaaaaa', o, 0));
  assert.equal(zero.body.outcome, 'amount_mismatch');
  const stored = await s.app.orders.get(o.id);
  assert.deepEqual([stored?.status, stored?.refunded_amount], ['partially_refunded', first]);
  const audit = await s.app.orders.events(o.id);
  const exceeded = audit.find((e) => e.type === 'refund_exceeds_remaining');
  assert.deepEqual([exceeded?.detail.refunded, exceeded?.detail.remaining, (exceeded?.detail.received as { amount: number }).amount], [first, o.amount - first, o.amount - first + 1]);
  const mismatch = audit.find((e) => e.type === 'amount_mismatch');
  assert.deepEqual(mismatch?.detail.expected, { currency: o.currency, remaining: o.amount - first });

  // A pending order has nothing to refund yet: the refund is kept for when it is paid (attacks-holes.test.ts).
  const pending = await pendingOrder(s);
  const early = await post(s, refund('evt_refundx5aaaaaaaaaaaaaaaaaa', { ...pending, paymentId: 'pay_yyyyyyyyyyyyyyyyyyyyyyyyyy' }, 100));
  assert.equal(early.body.outcome, 'kept');
  assert.deepEqual([(await s.app.orders.get(pending.id))?.status, (await s.app.orders.get(pending.id))?.refunded_amount], ['pending', 0]);
  // A refund naming this order but a payment bound to another order moves neither.
  const other = await paidOrder(s, 'z');
  const crossed = await post(s, refund('evt_refundx6aaaaaaaaaaaaaaaaaa', { ...other, paymentId: o.paymentId }, 100));
  assert.equal(crossed.body.outcome, 'payment_order_mismatch');
  assert.equal((await s.app.orders.get(other.id))?.status, 'paid');
  assert.equal((await s.app.orders.get(o.id))?.refunded_amount, first);
});

test('an order the expiry sweep gave up on is still paid by a late payment_approved (money was taken)', async (t) => {
  const s = await stack(t, { build: { orderSweepEvery: 0 } });
  const o = await pendingOrder(s);
  await s.app.db.query(`UPDATE orders SET created_at = now() - interval '2 hours' WHERE id = $1`, [o.id]);
  assert.deepEqual(await s.app.orderExpiry.sweep(), [o.id]);
  assert.equal((await s.app.orders.get(o.id))?.status, 'expired');
  // A late decline cannot touch it…
  const declined = await post(s, event('evt_lateddddddddddddddddddddd', 'payment_declined', { id: 'pay_lateddddddddddddddddddddd', reference: o.id, amount: o.amount, currency: o.currency }));
  assert.equal(declined.body.outcome, 'transition_refused');
  // …but a payment that went through wins.
  const paid = await post(s, event('evt_lateaaaaaaaaaaaaaaaaaaaaa', 'payment_approved', { id: 'pay_lateaaaaaaaaaaaaaaaaaaaaa', reference: o.id, amount: o.amount, currency: o.currency, status: 'Authorized' }));
  assert.equal(paid.body.outcome, 'applied');
  assert.equal((await s.app.orders.get(o.id))?.status, 'paid');
  const moves = (await s.app.orders.events(o.id)).filter((e) => e.type === 'order_expired' || e.type === 'payment_approved');
  assert.deepEqual(moves.map((e) => [e.type, e.detail.from, e.detail.to]), [['order_expired', 'pending', 'expired'], ['payment_approved', 'expired', 'paid']]);
});
