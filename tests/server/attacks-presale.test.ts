/**
 * Presale rules hold for the card that actually pays. The browser declares a BIN to open a
 * presale session; an attacker declares an eligible one (4242…) and pays with another card —
 * another scheme, a debit card, a card from another country. Presale payments are authorised
 * without capture, the proxy checks the card Checkout.com reports on the payment (GET
 * /payments/{id}), and then captures (eligible: order paid, seats sold) or voids (not eligible:
 * order voided, seats back on sale, `presale_card_ineligible` audited) — on Flow and on the
 * HPP, whichever of the status check and the webhook gets there first. Capture and void calls go
 * through the upstream-action queue with one idempotency key each, so a crash or a failed call
 * between the verdict and the capture captures exactly once.
 *
 * Every test runs against the emulator over real sockets (webhooks included).
 */
import { createHmac } from 'node:crypto';
import { after, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { EMULATOR_KEYS } from '../../server/emulator/keys';
import { closeDatabases, customer, DATABASES, orderIn, payOnEmulator, settle, stack, type Stack } from './helpers';
import { eventually } from '../helpers/wait';

type Json = Record<string, any>;

/** Visa credit cards only (catalog). */
const HALL = 'harbour-strings-2031';
/** Cards issued in Hong Kong only (catalog). */
const ARENA = 'skyline-live-2031';
const VISA_CREDIT_GB = '4242424242424242';
const VISA_CREDIT_HK = '4895370000000007';
/** From the emulator's BIN table: each fails the hall's rule on one attribute. */
const INELIGIBLE_FOR_HALL: Array<[string, string, string]> = [
  ['another scheme', '5436031030606378', 'card scheme must be visa (this card: MASTERCARD)'],
  ['another card type', '4659105569051157', 'card type must be credit (this card: DEBIT)'],
];
const HOLDER = 'presale-attacker-0123456789abcdef';

after(() => closeDatabases());

async function presaleStack(t: TestContext, url: string | undefined, opts: { webhooks?: boolean } = {}): Promise<Stack> {
  const s = await stack(t, { databaseUrl: url, build: { upstreamActions: { sweepEvery: 0, retryBaseMs: 0 } } });
  await s.app.db.query('TRUNCATE seat_claims, seat_holds, seat_versions');
  // Without webhooks, only the shopper's status check (GET /api/payments/:id) verifies.
  if (opts.webhooks === false) s.emulator.app.emulator.webhooks.configure(undefined);
  return s;
}

async function holdSeats(app: FastifyInstance, eventId: string, seats: string[]): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/seat-holds', headers: { 'x-ck-holder': HOLDER }, payload: { eventId, seats } });
  assert.equal(res.statusCode, 201, res.body);
  return res.json().id as string;
}

/** The presale order as the attacker opens it: seats held, an eligible BIN declared. */
async function presaleOrder(s: Stack, channel: 'flow' | 'hpp', opts: { eventId?: string; seats: string[]; bin?: string; coupon?: string }) {
  const holdId = await holdSeats(s.app, opts.eventId ?? HALL, opts.seats);
  const body = { items: [], seatHoldId: holdId, bin: opts.bin ?? '42424242', currency: 'HKD', country: 'HK', customer, locale: 'en-GB', ...(opts.coupon ? { coupon: opts.coupon } : {}) };
  const res = await s.request('POST', channel === 'flow' ? '/create-payment-sessions' : '/create-hosted-payment', body);
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return {
    orderId: res.body.order.id as string,
    amount: res.body.order.amount as number,
    sessionId: (res.body.paymentSession?.id ?? res.body.hostedPayment?.id) as string,
    /** What the shopper's tab keeps to read the payment's detail (X-Ck-Order-Token). */
    orderToken: res.body.orderToken as string,
    holdId,
  };
}

/** Pays the order's session with `card` the way the shopper's browser would: Flow's submit, or the HPP's card form. */
async function pay(s: Stack, channel: 'flow' | 'hpp', sessionId: string, card: string): Promise<string> {
  if (channel === 'flow') {
    const paid = await payOnEmulator(s.emulator.url, sessionId, card);
    assert.equal(paid.status, 'Approved', JSON.stringify(paid));
    return paid.id as string;
  }
  const res = await s.emulator.app.inject({ method: 'POST', url: `/page/${sessionId}/pay`, payload: { number: card, expiry_month: 12, expiry_year: 2030, cvv: '100' } });
  assert.equal(res.statusCode, 200, res.body);
  const redirect = new URL(res.json().redirect_url as string);
  assert.match(redirect.pathname, /success/, 'the HPP approved it');
  return redirect.searchParams.get('cko-payment-id')!;
}

async function upstreamPayment(s: Stack, paymentId: string): Promise<Json> {
  const headers = { authorization: `Bearer ${EMULATOR_KEYS.secretKey}` };
  const details = (await s.emulator.app.inject({ method: 'GET', url: `/payments/${paymentId}`, headers })).json();
  const actions = (await s.emulator.app.inject({ method: 'GET', url: `/payments/${paymentId}/actions`, headers })).json() as Json[];
  return { ...details, actionTypes: actions.map((a) => a.type).reverse() };
}

const seatsOf = async (s: Stack, eventId: string) => (await s.app.inject({ method: 'GET', url: `/api/events/${eventId}/seats` })).json() as { held: string[]; sold: string[] };
const types = async (s: Stack, orderId: string) => (await s.app.orders.events(orderId)).map((e) => e.type);

async function assertVoided(s: Stack, o: { orderId: string; holdId: string; orderToken: string }, paymentId: string, eventId: string, seats: string[], reason: string) {
  await orderIn(s, o.orderId, 'voided');
  // The void is asked of Checkout.com after the verdict's commit, woken by a NOTIFY that a real
  // PostgreSQL delivers a moment later: wait for that state, then for the work in flight.
  await eventually(async () => (await s.app.upstreamActions.forOrder(o.orderId, 'void')).find((a) => a.status === 'accepted'), 'the void accepted');
  await settle(s);
  const availability = await seatsOf(s, eventId);
  for (const seat of seats) {
    assert.ok(!availability.sold.includes(seat) && !availability.held.includes(seat), `${seat} is free again`);
  }
  const upstream = await upstreamPayment(s, paymentId);
  assert.equal(upstream.status, 'Voided', 'the authorisation was released: nothing charged');
  assert.deepEqual(upstream.actionTypes, ['Authorization', 'Void']);
  assert.equal(upstream.balances.total_captured, 0);

  const audit = await s.app.orders.events(o.orderId);
  const verdict = audit.filter((e) => e.type === 'presale_card_ineligible');
  assert.equal(verdict.length, 1, 'one verdict, however many verifications');
  assert.deepEqual([verdict[0]?.detail.from, verdict[0]?.detail.to, verdict[0]?.payment_id], ['pending', 'voided', paymentId]);
  assert.ok((verdict[0]?.detail.reasons as string[]).includes(reason), JSON.stringify(verdict[0]?.detail.reasons));
  assert.deepEqual(audit.filter((e) => e.type.startsWith('void_')).map((e) => e.type), ['void_requested', 'void_accepted']);
  assert.equal(audit.some((e) => e.type.startsWith('capture_')), false, 'never captured');
  const [voidAction] = await s.app.upstreamActions.forOrder(o.orderId, 'void');
  assert.deepEqual([voidAction?.status, voidAction?.payment_id, voidAction?.reason], ['accepted', paymentId, 'presale_card_ineligible']);

  // The shopper's result page is told why, in the result API (ck-payment-result renders it).
  const result = await s.request('GET', `/api/payments/${paymentId}`, undefined, { 'x-ck-order-token': o.orderToken });
  assert.equal(result.status, 200);
  assert.deepEqual([result.body.outcome, result.body.orderId, result.body.voided?.reason, result.body.voided?.eventId], ['failed', o.orderId, 'presale_card_ineligible', eventId]);
  assert.equal(result.body.voided.generalSaleAt, s.app.catalog.events.get(eventId)!.onSaleAt, 'the way to the general sale');
  assert.equal((await s.app.orders.get(o.orderId))?.status, 'voided', 'asking again changes nothing');
  // Anyone else holding the payment id (it is in the result URL) learns why, never the order or the card.
  const stranger = await s.request('GET', `/api/payments/${paymentId}`);
  assert.deepEqual([stranger.body.outcome, stranger.body.orderId, stranger.body.card, stranger.body.voided?.reason], ['failed', undefined, undefined, 'presale_card_ineligible']);
}

async function assertCaptured(
  s: Stack,
  o: { orderId: string; amount: number },
  paymentId: string,
  eventId: string,
  seats: string[],
  captureAudit = ['capture_requested', 'capture_accepted'],
) {
  await orderIn(s, o.orderId, 'paid');
  // The capture follows the verdict's commit, woken by a NOTIFY (a moment later on PostgreSQL).
  await eventually(async () => (await s.app.upstreamActions.forOrder(o.orderId, 'capture')).find((a) => a.status === 'accepted'), 'the capture accepted');
  await settle(s);
  assert.deepEqual((await seatsOf(s, eventId)).sold.sort(), [...seats].sort(), 'sold to the shopper');
  const upstream = await upstreamPayment(s, paymentId);
  assert.equal(upstream.status, 'Captured');
  assert.deepEqual(upstream.actionTypes, ['Authorization', 'Capture'], 'captured once');
  assert.equal(upstream.balances.total_captured, o.amount);
  const audit = await types(s, o.orderId);
  assert.equal(audit.filter((x) => x === 'presale_card_verified').length, 1);
  assert.deepEqual(audit.filter((x) => x.startsWith('capture_')), captureAudit);
  const result = await s.request('GET', `/api/payments/${paymentId}`);
  assert.deepEqual([result.body.outcome, result.body.status, result.body.voided], ['succeeded', 'Captured', undefined]);
}

for (const { name, url, skip } of DATABASES) {
  describe(`presale: the card that pays is checked, then captured or voided (${name})`, { skip }, () => {
    for (const channel of ['flow', 'hpp'] as const) {
      for (const [what, card, reason] of INELIGIBLE_FOR_HALL) {
        test(`${channel}: eligible BIN declared, paid with ${what} → voided, seats free, audited, emulator Voided (webhook verifies)`, async (t) => {
          const s = await presaleStack(t, url);
          const seats = ['STALLS:B:1', 'STALLS:B:2'];
          const o = await presaleOrder(s, channel, { seats });
          const paymentId = await pay(s, channel, o.sessionId, card);
          await assertVoided(s, o, paymentId, HALL, seats, reason);
          // The freed seats can be bought by the next buyer straight away.
          const next = await s.app.inject({ method: 'POST', url: '/api/seat-holds', headers: { 'x-ck-holder': 'next-buyer-0123456789abcdef0' }, payload: { eventId: HALL, seats } });
          assert.equal(next.statusCode, 201, next.body);
        });
      }

      test(`${channel}: eligible BIN declared, paid from another issuer country → voided (status check verifies, no webhooks)`, async (t) => {
        const s = await presaleStack(t, url, { webhooks: false });
        const venue = (await s.app.inject({ method: 'GET', url: `/api/events/${ARENA}/venue` })).json();
        const seat = `${venue.sections[0].id}:${venue.sections[0].rows[0].label}:${venue.sections[0].rows[0].firstNumber ?? 1}`;
        const o = await presaleOrder(s, channel, { eventId: ARENA, seats: [seat], bin: '48953700' });
        const paymentId = await pay(s, channel, o.sessionId, VISA_CREDIT_GB);
        assert.equal((await s.app.orders.get(o.orderId))?.status, 'pending', 'nothing decided before anyone looked');
        assert.equal((await upstreamPayment(s, paymentId)).status, 'Authorized', 'authorised only');
        const check = await s.request('GET', `/api/payments/${paymentId}`);
        assert.deepEqual([check.status, check.body.outcome, check.body.voided?.reason], [200, 'failed', 'presale_card_ineligible']);
        await assertVoided(s, o, paymentId, ARENA, [seat], 'issuer country must be HK (this card: GB)');
      });

      test(`${channel}: paid with an eligible card → authorised, verified, captured once; order paid, seats sold`, async (t) => {
        const s = await presaleStack(t, url);
        const seats = ['STALLS:C:1', 'STALLS:C:2'];
        const o = await presaleOrder(s, channel, { seats });
        const paymentId = await pay(s, channel, o.sessionId, VISA_CREDIT_GB);
        await assertCaptured(s, o, paymentId, HALL, seats);
      });
    }

    test('hpp: the HK presale paid with an HK card is captured (the issuer-country rule, on the card that paid)', async (t) => {
      const s = await presaleStack(t, url, { webhooks: false });
      const venue = (await s.app.inject({ method: 'GET', url: `/api/events/${ARENA}/venue` })).json();
      const seat = `${venue.sections[0].id}:${venue.sections[0].rows[0].label}:${(venue.sections[0].rows[0].firstNumber ?? 1) + 1}`;
      const o = await presaleOrder(s, 'hpp', { eventId: ARENA, seats: [seat], bin: '48953700' });
      const paymentId = await pay(s, 'hpp', o.sessionId, VISA_CREDIT_HK);
      const check = await s.request('GET', `/api/payments/${paymentId}`);
      assert.deepEqual([check.body.outcome, check.body.status], ['succeeded', 'Authorized'], 'sold at the verdict; the capture follows');
      await assertCaptured(s, o, paymentId, ARENA, [seat]);
    });

    test('three status checks at once race the webhook: one verdict, one capture request, one Capture upstream', async (t) => {
      const s = await presaleStack(t, url);
      const o = await presaleOrder(s, 'flow', { seats: ['STALLS:D:1'] });
      const paymentId = await payOnEmulator(s.emulator.url, o.sessionId, VISA_CREDIT_GB).then((p) => p.id as string);
      const checks = await Promise.all([1, 2, 3].map(() => s.request('GET', `/api/payments/${paymentId}`)));
      for (const check of checks) assert.equal(check.status, 200);
      await assertCaptured(s, o, paymentId, HALL, ['STALLS:D:1']);
      assert.equal((await s.app.upstreamActions.forOrder(o.orderId, 'capture')).length, 1);
    });

    test('crash between verified and captured: the capture call fails (500), is audited, and the sweep captures exactly once', async (t) => {
      const s = await presaleStack(t, url);
      const fault = s.emulator.app.emulator.faults.add({ method: 'POST', path: '/payments/:id/captures', mode: '500', count: 1 });
      const o = await presaleOrder(s, 'flow', { seats: ['STALLS:E:1', 'STALLS:E:2'] });
      const paymentId = await payOnEmulator(s.emulator.url, o.sessionId, VISA_CREDIT_GB).then((p) => p.id as string);
      const failed = await eventually(async () => (await s.app.orders.events(o.orderId)).find((e) => e.type === 'capture_failed'), 'the capture to fail');
      assert.deepEqual([failed.source, failed.detail.code, failed.detail.upstreamStatus, failed.detail.final], ['capture', 'upstream_error', 500, false]);
      await settle(s);
      // The verdict stands (sold, paid) and the capture is owed: nothing lost, nothing charged yet.
      assert.equal((await s.app.orders.get(o.orderId))?.status, 'paid');
      assert.deepEqual((await seatsOf(s, HALL)).sold.sort(), ['STALLS:E:1', 'STALLS:E:2']);
      assert.equal((await upstreamPayment(s, paymentId)).status, 'Authorized');
      const [owed] = await s.app.upstreamActions.forOrder(o.orderId, 'capture');
      assert.deepEqual([owed?.status, owed?.attempts, owed?.last_error], ['pending', 1, 'upstream_error']);

      assert.equal(await s.app.upstreamActions.sweep(), 1, 'the sweep retries it');
      await settle(s);
      assert.equal(await s.app.upstreamActions.sweep(), 0, 'nothing left to do');
      assert.equal(fault.hits, 1);
      await assertCaptured(s, o, paymentId, HALL, ['STALLS:E:1', 'STALLS:E:2'], ['capture_requested', 'capture_failed', 'capture_accepted']);
      const [done] = await s.app.upstreamActions.forOrder(o.orderId, 'capture');
      assert.deepEqual([done?.status, done?.attempts], ['accepted', 2]);
    });

    test('crash after Checkout.com captured but before we heard (the answer timed out): the retry replays the same key — one capture, order paid once', async (t) => {
      const s = await presaleStack(t, url);
      s.emulator.app.emulator.faults.add({ method: 'POST', path: '/payments/:id/captures', mode: 'timeout', count: 1 });
      const o = await presaleOrder(s, 'flow', { seats: ['STALLS:F:1'] });
      const paymentId = await payOnEmulator(s.emulator.url, o.sessionId, VISA_CREDIT_GB).then((p) => p.id as string);
      const failed = await eventually(async () => (await s.app.orders.events(o.orderId)).find((e) => e.type === 'capture_failed'), 'the capture to time out');
      assert.equal(failed.detail.code, 'upstream_timeout');
      // …while Checkout.com did capture: that request, as it reached it (the proxy's own key and idempotency key).
      const [owed] = await s.app.upstreamActions.forOrder(o.orderId, 'capture');
      const took = await s.emulator.app.inject({
        method: 'POST',
        url: `/payments/${paymentId}/captures`,
        headers: { authorization: `Bearer ${EMULATOR_KEYS.secretKey}`, 'cko-idempotency-key': owed!.id },
        payload: { amount: owed!.amount, reference: o.orderId },
      });
      assert.equal(took.statusCode, 202);
      assert.equal(await s.app.upstreamActions.sweep(), 1);
      await settle(s);
      const upstream = await upstreamPayment(s, paymentId);
      assert.deepEqual(upstream.actionTypes, ['Authorization', 'Capture'], 'the retry got the first capture back, not a second one');
      const [done] = await s.app.upstreamActions.forOrder(o.orderId, 'capture');
      assert.equal(done?.action_id, took.json().action_id);
      assert.equal((await types(s, o.orderId)).filter((x) => x === 'presale_card_verified').length, 1, 'paid once');
    });

    test('a void that fails (503) is retried by the sweep: voided once, the seats were released at the verdict', async (t) => {
      const s = await presaleStack(t, url);
      s.emulator.app.emulator.faults.add({ method: 'POST', path: '/payments/:id/voids', mode: '503', count: 1 });
      const o = await presaleOrder(s, 'flow', { seats: ['STALLS:G:1'] });
      const paymentId = await payOnEmulator(s.emulator.url, o.sessionId, INELIGIBLE_FOR_HALL[0]![1]).then((p) => p.id as string);
      await eventually(async () => (await s.app.orders.events(o.orderId)).find((e) => e.type === 'void_failed'), 'the void to fail');
      await settle(s);
      assert.equal((await s.app.orders.get(o.orderId))?.status, 'voided');
      assert.deepEqual((await seatsOf(s, HALL)).held, [], 'released at the verdict, not at the void');
      assert.equal(await s.app.upstreamActions.sweep(), 1);
      await settle(s);
      assert.deepEqual((await upstreamPayment(s, paymentId)).actionTypes, ['Authorization', 'Void']);
    });

    test('a second, eligible card cannot revive a voided order, and the voided order never frees seats another order bought', async (t) => {
      const s = await presaleStack(t, url, { webhooks: false });
      const o = await presaleOrder(s, 'flow', { seats: ['STALLS:H:1'] });
      const bad = await payOnEmulator(s.emulator.url, o.sessionId, INELIGIBLE_FOR_HALL[1]![1]);
      await s.request('GET', `/api/payments/${bad.id}`);
      await orderIn(s, o.orderId, 'voided');
      // The session is used up upstream: a second payment is refused there.
      const again = await payOnEmulator(s.emulator.url, o.sessionId, VISA_CREDIT_GB);
      assert.equal(again.error_codes?.[0], 'payment_session_already_completed');
      // Another buyer takes the freed seat and pays with an eligible card.
      const other = await s.app.inject({ method: 'POST', url: '/api/seat-holds', headers: { 'x-ck-holder': 'other-buyer-0123456789abcdef0' }, payload: { eventId: HALL, seats: ['STALLS:H:1'] } });
      assert.equal(other.statusCode, 201, other.body);
      const session = await s.request('POST', '/create-payment-sessions', { items: [], seatHoldId: other.json().id, bin: '42424242', currency: 'HKD', country: 'HK', customer });
      const good = await payOnEmulator(s.emulator.url, session.body.paymentSession.id, VISA_CREDIT_GB);
      await s.request('GET', `/api/payments/${good.id}`);
      await orderIn(s, session.body.order.id, 'paid');
      // The attacker's status check again, and a (signed) payment_approved for the voided payment: nothing moves.
      await s.request('GET', `/api/payments/${bad.id}`);
      const raw = JSON.stringify({ id: 'evt_presalereplay0000000000000', type: 'payment_approved', data: { id: bad.id, amount: o.amount, currency: 'HKD', reference: o.orderId } });
      const signature = createHmac('sha256', EMULATOR_KEYS.webhookSecret).update(raw).digest('hex');
      const hook = await s.app.inject({ method: 'POST', url: '/webhooks/checkout', payload: raw, headers: { 'content-type': 'application/json', 'cko-signature': signature } });
      assert.deepEqual([hook.statusCode, hook.json().outcome], [200, 'verified'], 'checked against Checkout.com, which says Voided');
      assert.equal((await s.app.orders.get(o.orderId))?.status, 'voided');
      assert.deepEqual((await seatsOf(s, HALL)).sold, ['STALLS:H:1'], 'still sold to the other buyer');
    });

    test('a late, eligible payment of an expired presale order whose once-per-customer coupon another order used meanwhile: voided and released, never captured', async (t) => {
      const s = await presaleStack(t, url, { webhooks: false });
      const late = await presaleOrder(s, 'flow', { seats: ['STALLS:K:1'], coupon: 'LAUNCH50' });
      await s.app.orders.expirePending(0);
      // The same shopper's next order takes LAUNCH50's one use and is paid.
      const next = await presaleOrder(s, 'flow', { seats: ['STALLS:K:2'], coupon: 'LAUNCH50' });
      const nextPayment = await pay(s, 'flow', next.sessionId, VISA_CREDIT_GB);
      await s.request('GET', `/api/payments/${nextPayment}`);
      await assertCaptured(s, next, nextPayment, HALL, ['STALLS:K:2']);
      // The first order's page, still open at Checkout.com, is paid late with an eligible card.
      const paymentId = await pay(s, 'flow', late.sessionId, VISA_CREDIT_GB);
      const check = await s.request('GET', `/api/payments/${paymentId}`);
      assert.equal(check.body.outcome, 'failed');
      await orderIn(s, late.orderId, 'voided');
      await eventually(async () => (await s.app.upstreamActions.forOrder(late.orderId, 'void')).find((a) => a.status === 'accepted'), 'the void accepted');
      await settle(s);
      const upstream = await upstreamPayment(s, paymentId);
      assert.deepEqual([upstream.status, upstream.actionTypes, upstream.balances.total_captured], ['Voided', ['Authorization', 'Void'], 0], 'released, not captured');
      const audit = await types(s, late.orderId);
      assert.ok(audit.includes('coupon_used_meanwhile'), audit.join(','));
      assert.equal(audit.some((x) => x.startsWith('capture_')), false, 'no capture was ever asked for');
      assert.deepEqual(await s.app.upstreamActions.forOrder(late.orderId, 'capture'), []);
      assert.deepEqual((await seatsOf(s, HALL)).sold, ['STALLS:K:2'], 'only the paid order holds a seat');
    });

    test('nothing but the verdict pays a presale order: a plain "Authorized"/"Captured" status move is refused and audited', async (t) => {
      const s = await presaleStack(t, url, { webhooks: false });
      const o = await presaleOrder(s, 'flow', { seats: ['STALLS:J:1'] });
      const order = (await s.app.orders.get(o.orderId))!;
      assert.deepEqual(order.card_rule?.rules, { schemes: ['visa'], cardTypes: ['credit'] }, 'the rule is stored with the order');
      const result = await s.app.orders.applyPayment({
        orderId: o.orderId, paymentId: 'pay_forgedpresale0000000000000', paymentStatus: 'Captured', amount: o.amount, currency: 'HKD',
        to: 'paid', source: 'webhook', actor: 'checkout.com', eventType: 'payment_captured',
      });
      assert.deepEqual([result.applied, result.reason, result.status], [false, 'presale_card_unchecked', 'pending']);
      assert.ok((await types(s, o.orderId)).includes('presale_card_unchecked'));
      assert.deepEqual((await seatsOf(s, HALL)).sold, []);
    });

    test('orders without a presale rule keep automatic capture: no capture queued, Captured upstream', async (t) => {
      const s = await presaleStack(t, url);
      const session = await s.request('POST', '/create-payment-sessions', { items: [{ reference: 'case-iphone16-clear', quantity: 1 }], currency: 'HKD', country: 'HK', customer, shippingAddress: { line1: '1 Queen’s Road Central', city: 'Central', country: 'HK' } });
      assert.equal(session.status, 201);
      const upstreamSession = s.emulator.app.emulator.store.paymentSessions.get(session.body.paymentSession.id)!;
      assert.equal(upstreamSession.request.capture, undefined, 'Checkout.com’s default: capture');
      const paid = await payOnEmulator(s.emulator.url, session.body.paymentSession.id, '5436031030606378');
      await orderIn(s, session.body.order.id, 'paid');
      await settle(s);
      assert.deepEqual((await upstreamPayment(s, paid.id)).actionTypes, ['Authorization', 'Capture']);
      assert.deepEqual(await s.app.upstreamActions.forOrder(session.body.order.id), []);
    });
  });
}
