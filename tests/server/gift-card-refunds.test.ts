/**
 * Refunds of orders a gift card paid in part or in full (server/gift-cards/refunds.ts): the whole
 * order is refundable, the payment card first (up to what Checkout.com captured), the rest back
 * to the gift card in the refund's own transaction — its balance restored, never more than it
 * paid for the order. Replays and two staff members at once refund once; the notice says what
 * went where (the gift card by its last four only), in every locale.
 *
 * Before this, an order a gift card paid in part could be refunded only up to the card's share
 * (`refundable` = Checkout.com's amount; the whole order: 422 refund_exceeds_remaining), and one
 * paid in full by gift card not at all (`refundable` 0, any amount: 422 "At most 0").
 */
import { after, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { DEMO_USERS_FILE } from '../../server/auth/users';
import { EMULATOR_KEYS } from '../../server/emulator/keys';
import { compare } from '../../server/admin/reconciliation';
import type { PaymentDetails } from '../../server/checkout/client';
import { MAIL_LOCALES } from '../../server/mail/locales';
import { formatMoney } from '../../contract/money';
import { mailLocale } from '../../server/mail/render';
import { ORDER_TEMPLATES, type OrderSnapshot } from '../../server/mail/messages';
import type { OutboxEvent } from '../../server/outbox/store';
import { eventually } from '../helpers/wait';
import { browser, closeDatabases, customer, DATABASES, orderIn, payOnEmulator, settle, shippingAddress, stack, type Stack } from './helpers';

type Json = Record<string, any>;

after(() => closeDatabases());

const giftCardOrder = (amount: number): Json => ({
  items: [],
  giftCard: { design: 'harbour-night', amount, quantity: 1, recipientName: 'Mei Chan', recipientEmail: 'mei.chan@example.com', senderName: 'Jordan Lee' },
  currency: 'HKD',
  country: 'HK',
  customer,
});
const caseOrder = (quantity: number, extra: Json = {}): Json => ({ items: [{ reference: 'case-iphone16-clear', quantity }], currency: 'HKD', country: 'HK', customer, shippingAddress, ...extra });

async function refundStack(t: TestContext, url?: string): Promise<Stack> {
  const s = await stack(t, { databaseUrl: url, env: { USERS_FILE: DEMO_USERS_FILE }, build: { orderSweepEvery: 0, upstreamActions: { sweepEvery: 0, retryBaseMs: 0 }, admin: { reconciliationEvery: 0 } } });
  await s.app.db.query('DELETE FROM gift_card_guess_failures');
  return s;
}

/** A staff member's browser on the console's origin, logged in. */
async function staff(app: FastifyInstance, username = 'merchant', password = 'merchant-demo-1') {
  const b = browser(app);
  const own = 'http://localhost:80';
  const res = await b.inject({ method: 'POST', url: '/api/auth/login', headers: { origin: own }, payload: { username, password } });
  assert.equal(res.statusCode, 200, res.body);
  const csrf = res.json().csrfToken as string;
  return (method: string, url: string, payload?: Json, headers: Record<string, string> = {}) =>
    b.inject({ method: method as 'GET', url, headers: { origin: own, 'x-csrf-token': csrf, ...headers }, ...(payload === undefined ? {} : { payload }) });
}

/** Buys a gift card of `amount` with a real card on the emulator; returns its code. */
async function giftCard(s: Stack, amount: number): Promise<string> {
  const res = await s.request('POST', '/create-payment-sessions', giftCardOrder(amount));
  assert.equal(res.status, 201, JSON.stringify(res.body));
  await payOnEmulator(s.emulator.url, res.body.paymentSession.id);
  await orderIn(s, res.body.order.id, 'paid');
  await settle(s);
  return s.app.giftCards.revealCode((await s.app.giftCards.issuedBy(res.body.order.id))[0]!);
}

const balance = async (s: Stack, code: string) => (await s.app.inject({ method: 'POST', url: '/api/gift-cards/balance', payload: { code } })).json().balance as number;

/** An order of `quantity` cases, paid with the gift card and (for the rest, if any) a card on the emulator. */
async function paidWithGiftCard(s: Stack, code: string, quantity: number): Promise<{ orderId: string; paymentId: string; card: number; gift: number }> {
  const res = await s.request('POST', '/create-payment-sessions', caseOrder(quantity, { giftCardCode: code }));
  assert.equal(res.status, 201, JSON.stringify(res.body));
  let paymentId: string = res.body.paidByGiftCard?.paymentId;
  if (!paymentId) paymentId = (await payOnEmulator(s.emulator.url, res.body.paymentSession.id)).id;
  await orderIn(s, res.body.order.id, 'paid');
  await settle(s);
  return { orderId: res.body.order.id, paymentId, card: res.body.order.amount, gift: res.body.order.giftCard.amount };
}

async function upstreamRefunds(s: Stack, paymentId: string): Promise<number[]> {
  const headers = { authorization: `Bearer ${EMULATOR_KEYS.secretKey}` };
  const actions = (await s.emulator.app.inject({ method: 'GET', url: `/payments/${paymentId}/actions`, headers })).json() as Json[];
  return actions.filter((a) => a.type === 'Refund').map((a) => a.amount as number);
}

/** The refund notices written for an order (the outbox's payloads). */
async function notices(s: Stack, orderId: string): Promise<Json[]> {
  return (await s.app.db.query<{ payload: Json }>(`SELECT payload FROM outbox_events WHERE order_id = $1 AND type = 'refund_made' ORDER BY created_at, id`, [orderId])).rows.map((r) => r.payload);
}

const refund = (call: Awaited<ReturnType<typeof staff>>, orderId: string, amount: number, expectedRefunded: number, key: string) =>
  call('POST', `/api/admin/orders/${orderId}/refunds`, { amount, reason: 'the shopper sent it back', expectedRefunded }, { 'idempotency-key': key });

describe('gift-card refunds', () => {
  test('an order paid partly by gift card: the whole order is refundable; a refund goes to the card first, the rest back to the gift card, and the notice says both', async (t) => {
    const s = await refundStack(t);
    const code = await giftCard(s, 10000);
    const { orderId, paymentId, card, gift } = await paidWithGiftCard(s, code, 2);
    assert.ok(card > 0 && gift === 10000);
    assert.equal(await balance(s, code), 0);
    const admin = await staff(s.app);

    const detail = (await admin('GET', `/api/admin/orders/${orderId}`)).json();
    assert.deepEqual([detail.refundable, detail.committedRefunds, detail.giftCard.last4, detail.giftCard.amount, detail.giftCard.refunded], [card + gift, 0, code.slice(-4), gift, 0]);

    // A first refund within the card's share: all of it to the card, the gift card untouched.
    const first = await refund(admin, orderId, 1000, 0, 'split-0001');
    assert.equal(first.statusCode, 202, first.body);
    assert.deepEqual([first.json().action.amount, first.json().giftCard], [1000, undefined]);
    await orderIn(s, orderId, 'partially_refunded');
    await settle(s);
    assert.equal(await balance(s, code), 0);

    // The rest of the order: what is left of the card's share to the card, the rest to the gift card at once.
    const rest = card + gift - 1000;
    const second = await refund(admin, orderId, rest, 1000, 'split-0002');
    assert.equal(second.statusCode, 202, second.body);
    assert.deepEqual([second.json().action.amount, second.json().giftCard], [card - 1000, { last4: code.slice(-4), amount: gift }]);
    assert.equal(await balance(s, code), gift, 'the balance is back in the refund’s transaction');
    await settle(s);
    const o = await orderIn(s, orderId, 'refunded');
    assert.equal(Number(o.refunded_amount), card, 'Checkout.com refunded the card’s share, no more');
    assert.deepEqual((await upstreamRefunds(s, paymentId)).sort((a, b) => a - b), [1000, card - 1000].sort((a, b) => a - b));

    const after = (await admin('GET', `/api/admin/orders/${orderId}`)).json();
    assert.deepEqual([after.refundable, after.committedRefunds, after.giftCard.refunded], [0, card + gift, gift]);
    assert.deepEqual(after.giftCard.refunds.map((r: Json) => [r.amount, r.staff, r.note]), [[gift, 'merchant', 'the shopper sent it back']]);
    const credited = after.timeline.find((e: Json) => e.type === 'gift_card_refunded');
    assert.deepEqual([credited.actor, credited.detail.amount, credited.detail.giftCard, credited.detail.staff], ['staff merchant', gift, code.slice(-4), 'merchant']);

    // One notice per refund: the second says what went to the card and what to the gift card.
    const sent = await eventually(async () => ((await notices(s, orderId)).length === 2 ? notices(s, orderId) : undefined), 'two refund notices');
    assert.deepEqual(sent.map((p) => [p.amount, p.giftCard]), [[1000, undefined], [card - 1000, { last4: code.slice(-4), amount: gift }]]);
    const mail = ORDER_TEMPLATES.refund_made!(outboxEvent(sent[1]!), { merchantName: 'Shop', color: '#000000' })!;
    assert.ok(mail.text.includes(`We have refunded ${formatMoney(card - 1000, 'HKD', 'en')} to the card you paid with.`), mail.text);
    assert.ok(mail.text.includes(`We have credited ${formatMoney(gift, 'HKD', 'en')} back to your gift card ending ${code.slice(-4)}.`), mail.text);
    assert.ok(!mail.text.includes(code) && !mail.html.includes(code.slice(0, 9)), 'the code itself is never in the notice');

    // Nothing is left: any more is refused, and the gift card is never credited beyond what it paid.
    const more = await refund(admin, orderId, 1, card + gift, 'split-0003');
    assert.deepEqual([more.statusCode, more.json().error.code], [409, 'not_refundable']);

    // The shopper's order history (the order as an account's) shows what the gift card paid and got back, beside the card's share.
    const account = await s.app.accounts.create({ email: 'mei@example.com', name: 'Mei Chan', passwordHash: 'x' }, new Date());
    await s.app.db.query('UPDATE orders SET account_id = $2 WHERE id = $1', [orderId, account!.id]);
    const listed = (await s.app.accounts.orders(account!.id, 1)).orders[0]!;
    assert.deepEqual([listed.amount, listed.refundedAmount, listed.giftCard], [card, card, { last4: code.slice(-4), amount: gift, refunded: gift }]);
    assert.deepEqual((await s.app.accounts.order(account!.id, orderId))?.giftCard, listed.giftCard);
  });

  test('an order paid in full by gift card: refundable in part and then in full, all of it back to the gift card, nothing asked of Checkout.com', async (t) => {
    const s = await refundStack(t);
    const code = await giftCard(s, 100000);
    const { orderId, card, gift } = await paidWithGiftCard(s, code, 1);
    assert.equal(card, 0);
    const left = 100000 - gift;
    assert.equal(await balance(s, code), left);
    const admin = await staff(s.app);
    assert.equal((await admin('GET', `/api/admin/orders/${orderId}`)).json().refundable, gift);

    const part = await refund(admin, orderId, 1500, 0, 'full-0001');
    assert.equal(part.statusCode, 202, part.body);
    assert.deepEqual([part.json().action, part.json().giftCard], [undefined, { last4: code.slice(-4), amount: 1500 }]);
    // The nightly reconciliation does not report it as a payment Checkout.com lacks: none was ever asked for.
    const today = new Date().toISOString().slice(0, 10);
    const run = await admin('POST', '/api/admin/reconciliation/runs', { from: today, to: today });
    assert.equal(run.statusCode, 201, run.body);
    const items = (await admin('GET', `/api/admin/reconciliation/reports/${run.json().report.id}`)).json().items as Array<{ orderId: string; kind: string }>;
    assert.equal(items.find((i) => i.orderId === orderId)?.kind, 'matched');
    assert.equal((await s.app.orders.get(orderId))?.status, 'partially_refunded', 'moved at once: nothing to wait for');
    assert.equal(await balance(s, code), left + 1500);

    const rest = await refund(admin, orderId, gift - 1500, 1500, 'full-0002');
    assert.equal(rest.statusCode, 202, rest.body);
    assert.equal((await s.app.orders.get(orderId))?.status, 'refunded');
    assert.equal(await balance(s, code), 100000, 'the whole balance is back');
    assert.equal((await s.app.upstreamActions.forOrder(orderId, 'refund')).length, 0, 'nothing for Checkout.com');

    const sent = await notices(s, orderId);
    assert.deepEqual(sent.map((p) => [p.amount, p.giftCard]), [[0, { last4: code.slice(-4), amount: 1500 }], [0, { last4: code.slice(-4), amount: gift - 1500 }]]);
    const mail = ORDER_TEMPLATES.refund_made!(outboxEvent(sent[0]!), { merchantName: 'Shop', color: '#000000' })!;
    assert.ok(!mail.text.includes('to the card you paid with'), 'no card sentence when the card got nothing');
    assert.ok(mail.text.includes(`back to your gift card ending ${code.slice(-4)}`), mail.text);
  });

  test('attack: replaying a refund (same Idempotency-Key) credits the gift card once and answers the same; the key with another amount is refused', async (t) => {
    const s = await refundStack(t);
    const code = await giftCard(s, 100000);
    const { orderId, gift } = await paidWithGiftCard(s, code, 1);
    const before = await balance(s, code);
    const admin = await staff(s.app);
    const first = await refund(admin, orderId, 2000, 0, 'replay-0001');
    const again = await refund(admin, orderId, 2000, 0, 'replay-0001');
    assert.deepEqual([first.statusCode, again.statusCode, again.json().replayed, again.json().id, again.json().giftCard], [202, 200, true, first.json().id, first.json().giftCard]);
    assert.equal(await balance(s, code), before + 2000, 'credited once');
    const changed = await refund(admin, orderId, gift, 0, 'replay-0001');
    assert.deepEqual([changed.statusCode, changed.json().error.code], [409, 'idempotency_key_reused']);
    assert.equal((await notices(s, orderId)).length, 1);
  });

  test('an expired gift card gets its balance back and stays spendable for at least 30 days after the refund', async (t) => {
    const s = await refundStack(t);
    const code = await giftCard(s, 100000);
    const { orderId, gift } = await paidWithGiftCard(s, code, 1);
    await s.app.db.query(`UPDATE gift_cards SET expires_at = now() - interval '1 day' WHERE order_id <> $1`, [orderId]);
    const admin = await staff(s.app);
    assert.equal((await refund(admin, orderId, gift, 0, 'expired-0001')).statusCode, 202);
    const res = (await s.app.inject({ method: 'POST', url: '/api/gift-cards/balance', payload: { code } })).json();
    assert.deepEqual([res.balance, res.expired], [100000, false]);
    assert.ok(Date.parse(res.expiresAt) >= Date.now() + 29 * 86_400_000, res.expiresAt);
    assert.equal((await s.app.orders.events(orderId)).find((e) => e.type === 'gift_card_refunded')?.detail.expiryExtended, true);
  });

  test('attack: a card whose own purchase was voided (never paid for) is not brought back to life by a refund of an order it paid', async (t) => {
    const s = await refundStack(t);
    const code = await giftCard(s, 100000);
    const { orderId, gift } = await paidWithGiftCard(s, code, 1);
    // Its purchase voided afterwards (an authorisation released): the card expired then (the gift-card feature's onVoided).
    const bought = (await s.app.db.query<{ order_id: string }>(`SELECT order_id FROM gift_cards WHERE order_id <> $1`, [orderId])).rows[0]!.order_id;
    await s.app.db.query(`UPDATE orders SET status = 'voided' WHERE id = $1`, [bought]);
    await s.app.db.query(`UPDATE gift_cards SET expires_at = now() - interval '1 minute' WHERE order_id = $1`, [bought]);
    const admin = await staff(s.app);
    assert.equal((await refund(admin, orderId, gift, 0, 'voided-0001')).statusCode, 202);
    const res = (await s.app.inject({ method: 'POST', url: '/api/gift-cards/balance', payload: { code } })).json();
    assert.deepEqual([res.balance, res.expired], [100000, true], 'the balance is recorded, the card stays expired');
  });
});

const GALA = 'harbour-gala-2031'; // on general sale: a gift card may pay its seats
const GALA_PREMIUM = 68000; // STALLS:A:*
const GALA_VALUE = 28000; // STALLS:N:*

/** Seats held and an order opened with the gift card; the hold then expires and another buyer takes STALLS:N:3; the order is paid (the rest, if any, by card). */
async function lostSeatOrder(s: Stack, code: string) {
  await s.app.db.query('TRUNCATE seat_claims, seat_holds, seat_versions');
  const h = await browser(s.app).hold(GALA, ['STALLS:A:1', 'STALLS:N:3']);
  assert.equal(h.statusCode, 201, h.body);
  const session = await s.request('POST', '/create-payment-sessions', { items: [], seatHoldId: h.json().id, currency: 'HKD', country: 'HK', customer, giftCardCode: code });
  assert.equal(session.status, 201, JSON.stringify(session.body));
  assert.equal(session.body.order.amount + session.body.order.giftCard.amount, GALA_PREMIUM + GALA_VALUE);
  const realNow = s.app.seatHolds.now;
  s.app.seatHolds.now = () => realNow() + 5 * 60_000 + 1_000;
  try {
    assert.equal((await browser(s.app, '192.0.2.2').hold(GALA, ['STALLS:N:3'])).statusCode, 201);
  } finally {
    s.app.seatHolds.now = realNow;
  }
  return session.body as Json;
}

describe('gift-card refunds: seats an expired hold lost', () => {
  test('an order paid partly by gift card: the lost seat is refunded to the card up to what it paid, the rest back to the gift card; the result page shows the whole refund', async (t) => {
    const s = await refundStack(t);
    const code = await giftCard(s, 80000);
    const o = await lostSeatOrder(s, code);
    const card = GALA_PREMIUM + GALA_VALUE - 80000;
    assert.equal(o.order.amount, card);
    const paid = await payOnEmulator(s.emulator.url, o.paymentSession.id);
    await orderIn(s, o.order.id, 'partially_refunded');
    await settle(s);
    const order = await orderIn(s, o.order.id, 'partially_refunded');
    assert.equal(Number(order.refunded_amount), card, 'the card got back all it paid');
    assert.deepEqual(await upstreamRefunds(s, paid.id), [card]);
    assert.equal(await balance(s, code), GALA_VALUE - card, 'the rest of the seat’s price is back on the gift card');
    const status = await s.request('GET', `/api/payments/${paid.id}`, undefined, { 'x-ck-order-token': o.orderToken });
    assert.deepEqual(status.body.refunds.map((r: Json) => [r.reason, r.seats, r.amount, r.giftCard]), [['seats_lost', 1, GALA_VALUE, GALA_VALUE - card]]);
    // Checkout.com now says the card payment is "Refunded": the order stays partly refunded (the gift card's share is mostly unrefunded).
    assert.equal(status.body.status, 'Refunded');
    assert.equal((await s.app.orders.get(o.order.id))?.status, 'partially_refunded');
  });
  // An order paid in full by gift card is paid when it is created: its hold never expires first, so it loses no seats.
});

for (const { name, url, skip } of DATABASES) {
  describe(`gift-card refunds: two staff refunding at once (${name})`, { skip }, () => {
    test('race: two refunds of an order paid by gift card at the same moment: exactly one, the gift card credited once, the other told to reload', async (t) => {
      const s = await refundStack(t, url);
      const code = await giftCard(s, 100000);
      const { orderId, gift } = await paidWithGiftCard(s, code, 1);
      const before = await balance(s, code);
      const [tab1, tab2] = await Promise.all([staff(s.app), staff(s.app)]);
      const seen = (await tab1('GET', `/api/admin/orders/${orderId}`)).json().committedRefunds as number;
      const answers = await Promise.all([refund(tab1, orderId, gift - 100, seen, 'race-tab-0001'), refund(tab2, orderId, gift - 100, seen, 'race-tab-0002')]);
      assert.deepEqual(answers.map((a) => a.statusCode).sort(), [202, 409], answers.map((a) => a.body).join('\n'));
      assert.equal(answers.find((a) => a.statusCode === 409)!.json().error.code, 'refund_conflict');
      assert.equal(await balance(s, code), before + gift - 100, 'credited once');
      assert.equal((await s.app.db.query('SELECT 1 FROM gift_card_refunds WHERE order_id = $1', [orderId])).rows.length, 1);
      assert.equal((await s.app.orders.get(orderId))?.status, 'partially_refunded');
    });
  });
}

describe('the quote with a gift-card code', () => {
  test('the quote answers what the card would pay and the rest to pay — the figures the checkout then asks for; nothing is held by a quote', async (t) => {
    const s = await refundStack(t);
    const code = await giftCard(s, 10000);
    const plain = (await s.request('POST', '/api/orders/quote', caseOrder(2))).body.order;
    const quoted = await s.request('POST', '/api/orders/quote', caseOrder(2, { giftCardCode: code.toLowerCase() }));
    assert.equal(quoted.status, 200, JSON.stringify(quoted.body));
    assert.deepEqual([quoted.body.order.amount, quoted.body.order.giftCard], [plain.amount - 10000, { last4: code.slice(-4), amount: 10000 }]);
    assert.equal(await balance(s, code), 10000, 'a quote holds nothing');
    const created = await s.request('POST', '/create-payment-sessions', caseOrder(2, { giftCardCode: code }));
    assert.deepEqual([created.body.order.amount, created.body.order.giftCard], [quoted.body.order.amount, quoted.body.order.giftCard], 'the checkout asks for what the quote said');
    // Now its balance is held by that open order: the quote says so, as the checkout would.
    const empty = await s.request('POST', '/api/orders/quote', caseOrder(1, { giftCardCode: code }));
    assert.deepEqual([empty.status, empty.body.error.code], [409, 'gift_card_empty']);
  });

  test('attack: guessing codes through the quote spends the same budget as the balance check and the checkout', async (t) => {
    const s = await stack(t, { env: { GIFT_CARD_GUESSES_PER_IP: '3', GIFT_CARD_GUESSES_TOTAL: '50' }, build: { orderSweepEvery: 0 } });
    await s.app.db.query('DELETE FROM gift_card_guess_failures');
    const code = await giftCard(s, 10000);
    const guesses = [];
    for (const guess of ['AAAA-BBBB-CCCC-DDDD', 'AAAA-BBBB-CCCC-DDDE', 'AAAA-BBBB-CCCC-DDDF', 'AAAA-BBBB-CCCC-DDDG']) {
      guesses.push((await s.request('POST', '/api/orders/quote', caseOrder(1, { giftCardCode: guess }))).status);
    }
    assert.deepEqual(guesses, [404, 404, 404, 429]);
    const right = await s.request('POST', '/api/orders/quote', caseOrder(1, { giftCardCode: code }));
    assert.equal(right.status, 429, 'even a right code waits: the budget is the checkout’s');
    assert.equal((await s.app.inject({ method: 'POST', url: '/api/gift-cards/balance', payload: { code } })).statusCode, 429);
  });
});

const outboxEvent = (payload: Json): OutboxEvent => ({ id: 'evt_x', type: 'refund_made', key: 'k', order_id: null, payload, deliver_after: new Date(), created_at: new Date() });

test('the refund notice in each of the 24 locales says what went back to the card and what to the gift card (its last four only), in real sentences', () => {
  const theme = { merchantName: 'Harbour Case Co.', color: '#1d3f8f' };
  const snapshot = (locale: string): OrderSnapshot => ({ id: 'ord_locales', locale, email: 'a@example.com', name: 'Ana Wong', currency: 'HKD', amount: 5_000, subtotal: 15_000, discount: 0, shipping: 0, tax: 0, coupon: null, lines: [{ name: 'Clear case', quantity: 1, amount: 15_000 }] });
  const english = ORDER_TEMPLATES.refund_made!(outboxEvent({ order: snapshot('en'), paymentId: 'pay_x', amount: 5_000, currency: 'HKD', reason: 'staff_refund', seats: [], giftCard: { last4: 'Q7XZ', amount: 10_000 } }), theme)!;
  for (const locale of Object.keys(MAIL_LOCALES)) {
    const both = ORDER_TEMPLATES.refund_made!(outboxEvent({ order: snapshot(locale), paymentId: 'pay_x', amount: 5_000, currency: 'HKD', reason: 'staff_refund', seats: [], giftCard: { last4: 'Q7XZ', amount: 10_000 } }), theme)!;
    const giftOnly = ORDER_TEMPLATES.refund_made!(outboxEvent({ order: snapshot(locale), paymentId: 'gcp_x', amount: 0, currency: 'HKD', reason: 'staff_refund', seats: [], giftCard: { last4: 'Q7XZ', amount: 10_000 } }), theme)!;
    const loc = mailLocale(locale);
    const card = loc.t.refundText(formatMoney(5_000, 'HKD', locale));
    const toGift = loc.t.refundToGiftCard(formatMoney(10_000, 'HKD', locale), 'Q7XZ');
    assert.ok(both.text.includes(card) && both.text.includes(toGift), `${locale}: both parts`);
    assert.ok(toGift.includes('Q7XZ') && toGift.includes(formatMoney(10_000, 'HKD', locale)), `${locale}: the amount and the last four`);
    assert.ok(giftOnly.text.includes(toGift) && !giftOnly.text.includes(loc.t.refundText(formatMoney(0, 'HKD', locale))), `${locale}: gift card only, no card sentence`);
    assert.doesNotMatch(`${both.text}${giftOnly.html}`, /undefined|NaN|\[object/, locale);
    if (locale !== 'en') assert.ok(!both.text.includes('back to your gift card'), `${locale}: translated`);
  }
  assert.ok(english.text.includes('We have credited HK$100.00 back to your gift card ending Q7XZ.'));
});

test('reconciliation compares the card’s side: an order refunded partly to its gift card matches a card payment refunded in full, or not at all', () => {
  const payment = (status: string, refunded: number) => ({ id: 'pay_x', status, amount: 29800, currency: 'HKD', balances: { total_captured: 29800, total_refunded: refunded } }) as unknown as PaymentDetails;
  assert.equal(compare({ status: 'partially_refunded', amount: 29800, currency: 'HKD', refunded: 29800 }, payment('Refunded', 29800)), 'matched', 'card back in full, gift card in part');
  assert.equal(compare({ status: 'partially_refunded', amount: 29800, currency: 'HKD', refunded: 0 }, payment('Captured', 0)), 'matched', 'only the gift card credited so far');
  assert.equal(compare({ status: 'refunded', amount: 29800, currency: 'HKD', refunded: 29800 }, payment('Captured', 0)), 'status_mismatch', 'a real difference is still one');
  assert.equal(compare({ status: 'partially_refunded', amount: 29800, currency: 'HKD', refunded: 1000 }, payment('Partially Refunded', 2000)), 'refunds_differ');
  // Paid in full by gift card: nothing at Checkout.com, by design; a card share with no payment is still missing.
  assert.equal(compare({ status: 'paid', amount: 0, currency: 'HKD', refunded: 0 }, undefined), 'matched');
  assert.equal(compare({ status: 'paid', amount: 29800, currency: 'HKD', refunded: 0 }, undefined), 'payment_missing');
});
