/**
 * Gift cards that exist: issued when the order that bought them is paid (a code per card, stored
 * hashed and sealed, never in the clear), checked with a rate-limited balance route, and spent at
 * checkout — in part (Checkout.com is asked for the rest) or in full (no card payment at all).
 * A balance is held when the order is created, taken when it is paid and released when it
 * expires; two orders racing for one balance on two proxies never overspend it. And the attacks:
 * guessed codes, an expired card, another currency, replays, a changed basket, one card twice.
 */
import { after, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { buildApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { normaliseCode } from '../../server/gift-cards/codes';
import { closeDatabases, customer, DATABASES, orderIn, payOnEmulator, settle, shippingAddress, stack, type Stack } from './helpers';

type Json = Record<string, any>;

after(() => closeDatabases());


const giftCardOrder = (amount: number, extra: Json = {}): Json => ({
  items: [],
  giftCard: { design: 'harbour-night', amount, quantity: 1, recipientName: 'Mei Chan', recipientEmail: 'mei.chan@example.com', senderName: 'Jordan Lee', message: 'Happy birthday!', ...extra },
  currency: 'HKD',
  country: 'HK',
  customer,
});

const caseOrder = (quantity: number, extra: Json = {}): Json => ({ items: [{ reference: 'case-iphone16-clear', quantity }], currency: 'HKD', country: 'HK', customer, shippingAddress, ...extra });

async function giftStack(t: TestContext, url?: string, env: Record<string, string> = {}): Promise<Stack> {
  const s = await stack(t, { databaseUrl: url, env, build: { orderSweepEvery: 0 } });
  await s.app.db.query('DELETE FROM gift_card_guess_failures');
  return s;
}

/** Buys gift cards with a real card on the emulator; returns the order and its cards' codes (read with the mail worker's seam, not a route). */
async function buyGiftCards(s: Stack, amount: number, extra: Json = {}) {
  const res = await s.request('POST', '/create-payment-sessions', giftCardOrder(amount, extra));
  assert.equal(res.status, 201, JSON.stringify(res.body));
  const paid = await payOnEmulator(s.emulator.url, res.body.paymentSession.id);
  assert.equal(paid.status, 'Approved');
  await orderIn(s, res.body.order.id, 'paid');
  const cards = await s.app.giftCards.issuedBy(res.body.order.id);
  return { orderId: res.body.order.id as string, cards, codes: cards.map((c) => s.app.giftCards.revealCode(c)) };
}

const balance = (s: Stack, code: string, ip = '127.0.0.1') => s.app.inject({ method: 'POST', url: '/api/gift-cards/balance', payload: { code }, remoteAddress: ip });

/** What a priced order of `quantity` clear cases costs in total (before any gift card). */
async function totalOf(s: Stack, quantity: number): Promise<number> {
  const q = await s.request('POST', '/api/orders/quote', caseOrder(quantity));
  return q.body.order.amount as number;
}

for (const { name, url, skip } of DATABASES) {
  describe(`gift cards (${name})`, { skip }, () => {
    test('paying for gift cards issues one card per gift card: a grouped code stored only hashed and sealed, its last four, the balance, the catalog expiry, the recipient and the delivery day', async (t) => {
      const s = await giftStack(t, url);
      const pending = await s.request('POST', '/create-payment-sessions', giftCardOrder(50000, { quantity: 2 }));
      assert.equal((await s.app.giftCards.issuedBy(pending.body.order.id)).length, 0, 'nothing is issued before the payment');

      const before = Date.now();
      const { orderId, cards, codes } = await buyGiftCards(s, 50000, { quantity: 2, deliveryDate: '2099-12-24' });
      assert.equal(cards.length, 2);
      assert.equal(new Set(codes).size, 2, 'each card its own code');
      for (const [i, card] of cards.entries()) {
        const code = codes[i]!;
        assert.match(code, /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
        assert.equal(card.last4, code.slice(-4));
        assert.deepEqual([Number(card.amount), card.currency, card.recipient_email, card.recipient_name, card.sender_name, card.message], [50000, 'HKD', 'mei.chan@example.com', 'Mei Chan', 'Jordan Lee', 'Happy birthday!']);
        assert.equal(new Date(card.deliver_on).toISOString().slice(0, 10), '2099-12-24');
        const expiry = new Date(card.expires_at);
        const expected = new Date(before);
        expected.setUTCMonth(expected.getUTCMonth() + 24);
        assert.ok(Math.abs(expiry.getTime() - expected.getTime()) < 60 * 60_000, `expires 24 months after payment (${expiry.toISOString()})`);
        // Nowhere in the database in the clear (any spelling of it).
        const row = JSON.stringify((await s.app.db.query('SELECT * FROM gift_cards WHERE id = $1', [card.id])).rows[0]);
        assert.ok(!row.includes(code) && !row.includes(normaliseCode(code)!), 'the code is not stored in the clear');
      }
      const events = JSON.stringify(await s.app.orders.events(orderId));
      assert.ok(!codes.some((c) => events.includes(c)), 'nor audited');
      assert.ok(!s.logs.some((line) => codes.some((c) => line.includes(c) || line.includes(normaliseCode(c)!))), 'nor logged');

      const today = await buyGiftCards(s, 20000);
      assert.equal(new Date(today.cards[0]!.deliver_on).toISOString().slice(0, 10), new Date().toISOString().slice(0, 10), 'no delivery date: today');
      assert.deepEqual((await s.app.giftCards.dueForDelivery()).map((c) => c.id), [today.cards[0]!.id], 'due for the mail worker: today’s card, not the Christmas ones');
    });

    test('the balance check answers balance, currency, expiry and last four for a code typed any way; a wrong code is 404', async (t) => {
      const s = await giftStack(t, url);
      const { codes } = await buyGiftCards(s, 30000);
      const code = codes[0]!;
      for (const typed of [code, code.toLowerCase(), code.replace(/-/g, ''), ` ${code.replace(/-/g, ' ')} `]) {
        const res = await balance(s, typed);
        assert.equal(res.statusCode, 200, res.body);
        const body = res.json();
        assert.deepEqual([body.balance, body.currency, body.last4, body.expired], [30000, 'HKD', code.slice(-4), false]);
        assert.ok(Date.parse(body.expiresAt) > Date.now());
        assert.equal(res.headers['cache-control'], 'no-store');
      }
      const wrong = await balance(s, 'AAAA-BBBB-CCCC-DDDD');
      assert.equal(wrong.statusCode, 404);
      assert.equal(wrong.json().error.code, 'gift_card_not_found');
      // Never in a URL.
      assert.equal((await s.app.inject({ method: 'GET', url: `/api/gift-cards/balance?code=${code}` })).statusCode, 404);
    });

    test('a card pays part of an order: Checkout.com is asked only for the rest, the balance is held, then taken when the order is paid', async (t) => {
      const s = await giftStack(t, url);
      const { codes } = await buyGiftCards(s, 10000);
      const total = await totalOf(s, 2);
      assert.ok(total > 10000);
      const res = await s.request('POST', '/create-payment-sessions', caseOrder(2, { giftCardCode: codes[0] }));
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.equal(res.body.order.amount, total - 10000);
      assert.deepEqual(res.body.order.giftCard, { last4: codes[0]!.slice(-4), amount: 10000 });
      assert.equal((await balance(s, codes[0]!)).json().balance, 0, 'held while the order is open');

      const paid = await payOnEmulator(s.emulator.url, res.body.paymentSession.id);
      assert.equal(s.emulator.app.emulator.store.payments.get(paid.id)?.amount, total - 10000, 'the card paid the rest only');
      await orderIn(s, res.body.order.id, 'paid');
      assert.equal((await balance(s, codes[0]!)).json().balance, 0, 'taken');
      const status = await s.request('GET', `/api/payments/${paid.id}`, undefined, { 'x-ck-order-token': res.body.orderToken });
      assert.deepEqual([status.body.outcome, status.body.amount, status.body.giftCard], ['succeeded', total - 10000, { last4: codes[0]!.slice(-4), amount: 10000 }]);
      await settle(s);
    });

    test('a card that covers the whole order pays it with no card payment and no Checkout.com call; the rest of its balance stays', async (t) => {
      const s = await giftStack(t, url);
      const { codes } = await buyGiftCards(s, 100000);
      const total = await totalOf(s, 1);
      const sessions = s.emulator.app.emulator.store.paymentSessions.size;
      const res = await s.request('POST', '/create-payment-sessions', caseOrder(1, { giftCardCode: codes[0] }));
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.equal(res.body.paymentSession, undefined);
      assert.equal(res.body.order.amount, 0);
      assert.match(res.body.paidByGiftCard.paymentId, /^gcp_/);
      assert.match(res.body.paidByGiftCard.redirectUrl, /\/success\.html\?order=ORD\w+&cko-payment-id=gcp_/);
      assert.equal(s.emulator.app.emulator.store.paymentSessions.size, sessions, 'no payment session was created upstream');
      const order = await s.app.orders.get(res.body.order.id);
      assert.equal(order?.status, 'paid');
      const types = (await s.app.orders.events(res.body.order.id)).map((e) => e.type);
      assert.ok(types.includes('paid_by_gift_card') && !types.includes('session_created'), types.join());

      const status = await s.request('GET', `/api/payments/${res.body.paidByGiftCard.paymentId}`, undefined, { 'x-ck-order-token': res.body.orderToken });
      assert.deepEqual([status.status, status.body.outcome, status.body.amount, status.body.giftCard.amount], [200, 'succeeded', 0, total]);
      const anonymous = await s.request('GET', `/api/payments/${res.body.paidByGiftCard.paymentId}`);
      assert.deepEqual(Object.keys(anonymous.body).sort(), ['approved', 'id', 'outcome', 'status'], 'without the token: the status only');
      assert.equal((await balance(s, codes[0]!)).json().balance, 100000 - total);

      const hpp = await s.request('POST', '/create-hosted-payment', caseOrder(1, { giftCardCode: codes[0] }));
      assert.equal(hpp.status, 201, JSON.stringify(hpp.body));
      assert.ok(hpp.body.paidByGiftCard && !hpp.body.hostedPayment, 'the hosted page too: nothing to pay upstream');
      assert.equal((await balance(s, codes[0]!)).json().balance, 100000 - 2 * total);
    });

    test('attack: guessing codes — each address gets a few wrong tries, then a 429 with the wait (even for a right code, and at checkout too); all addresses together have a budget too', async (t) => {
      const s = await giftStack(t, url, { GIFT_CARD_GUESSES_PER_IP: '3', GIFT_CARD_GUESSES_TOTAL: '5' });
      const { codes } = await buyGiftCards(s, 20000);
      const code = codes[0]!;
      for (const guess of ['AAAA-AAAA-AAAA-AAAA', 'not-a-code', 'ZZZZ-ZZZZ-ZZZZ-ZZZZ']) {
        const res = await balance(s, guess, '203.0.113.1');
        assert.equal(res.statusCode, 404, res.body);
      }
      const blocked = await balance(s, code, '203.0.113.1');
      assert.equal(blocked.statusCode, 429, blocked.body);
      assert.equal(blocked.json().error.code, 'gift_card_guesses');
      const retryAfter = Number(blocked.headers['retry-after']);
      assert.ok(retryAfter > 0 && retryAfter <= 15 * 60, `retry-after ${retryAfter}`);
      assert.match(blocked.json().error.message, /Try again in \d+ minutes?/);
      const atCheckout = await s.app.inject({ method: 'POST', url: '/create-payment-sessions', payload: caseOrder(1, { giftCardCode: code }), remoteAddress: '203.0.113.1' });
      assert.equal(atCheckout.statusCode, 429, 'the checkout spends the same budget');
      assert.equal(await s.app.db.query('SELECT 1 FROM orders WHERE status = $1', ['pending']).then((r) => r.rows.length), 0, 'no order was made');

      assert.equal((await balance(s, code, '203.0.113.2')).statusCode, 200, 'another address still checks its card');
      assert.equal((await balance(s, 'BBBB-BBBB-BBBB-BBBB', '203.0.113.2')).statusCode, 404);
      assert.equal((await balance(s, 'CCCC-CCCC-CCCC-CCCC', '203.0.113.3')).statusCode, 404);
      const global = await balance(s, code, '203.0.113.4');
      assert.equal(global.statusCode, 429, 'five wrong codes from three addresses spend the global budget');
    });

    test('attack: twelve wrong guesses sent at once from one address get exactly the three tries of its budget', async (t) => {
      const s = await giftStack(t, url, { GIFT_CARD_GUESSES_PER_IP: '3' });
      const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => balance(s, `AAAA-AAAA-AAAA-AA${String(i).padStart(2, '0')}`, '198.51.100.7')));
      const statuses = answers.map((a) => a.statusCode).sort();
      assert.deepEqual(statuses, [...Array(3).fill(404), ...Array(9).fill(429)]);
    });

    test('attack: an expired card, a card in another currency, presale tickets, gift cards, a code smuggled in as a list or with an amount of its own — refused, nothing held', async (t) => {
      const s = await giftStack(t, url);
      const { cards, codes } = await buyGiftCards(s, 20000);
      const code = codes[0]!;
      const usd = await s.request('POST', '/create-payment-sessions', { ...caseOrder(1, { giftCardCode: code }), currency: 'USD', country: 'US' });
      assert.deepEqual([usd.status, usd.body.error.code], [409, 'gift_card_currency'], JSON.stringify(usd.body));
      assert.deepEqual(usd.body.error.fields, [{ path: 'giftCardCode', message: 'is in HKD' }]);

      for (const body of [caseOrder(1, { giftCardCode: [code, code] }), caseOrder(1, { giftCardCode: code, giftCardAmount: 99999 }), { ...caseOrder(1, { giftCardCode: code }), amount: 1 }]) {
        const res = await s.request('POST', '/create-payment-sessions', body);
        assert.equal(res.status, 400, JSON.stringify(res.body));
      }

      // Presale tickets are paid by a card that passes the presale rule, checked on the card that paid: never by a gift card.
      await s.app.db.query('TRUNCATE seat_claims, seat_holds, seat_versions');
      const hold = await s.app.inject({ method: 'POST', url: '/api/seat-holds', headers: { 'x-ck-holder': 'gift-card-presale-0123456789abcdef' }, payload: { eventId: 'harbour-strings-2031', seats: ['STALLS:A:1'] } });
      assert.equal(hold.statusCode, 201, hold.body);
      const presale = await s.request('POST', '/create-payment-sessions', { items: [], seatHoldId: hold.json().id, bin: '42424242', currency: 'HKD', country: 'HK', customer, giftCardCode: code });
      assert.deepEqual([presale.status, presale.body.error?.code], [409, 'gift_card_not_for_presale'], JSON.stringify(presale.body));

      // A card buying cards would renew its own expiry for ever and move its balance to new codes: refused, quote and checkout, both channels.
      for (const [method, route] of [['POST', '/api/orders/quote'], ['POST', '/create-payment-sessions'], ['POST', '/create-hosted-payment']] as const) {
        const cards = await s.request(method, route, { ...giftCardOrder(10000), giftCardCode: code });
        assert.deepEqual([cards.status, cards.body.error?.code, cards.body.error?.fields], [409, 'gift_card_for_gift_card', [{ path: 'giftCardCode', message: 'cannot pay for gift cards' }]], `${route}: ${JSON.stringify(cards.body)}`);
      }

      await s.app.db.query(`UPDATE gift_cards SET expires_at = now() - interval '1 day' WHERE id = $1`, [cards[0]!.id]);
      const expired = await s.request('POST', '/create-payment-sessions', caseOrder(1, { giftCardCode: code }));
      assert.deepEqual([expired.status, expired.body.error.code], [409, 'gift_card_expired']);
      const check = (await balance(s, code)).json();
      assert.deepEqual([check.expired, check.balance], [true, 20000], 'the balance check says it expired');
      assert.equal((await s.app.db.query('SELECT 1 FROM gift_card_redemptions')).rows.length, 0, 'nothing was held by any of them');
    });

    test('attack: replaying a checkout (same Idempotency-Key) spends the card once; a retry with a changed basket is refused; a spent card pays nothing more', async (t) => {
      const s = await giftStack(t, url);
      const { codes } = await buyGiftCards(s, 25000);
      const code = codes[0]!;
      const total = await totalOf(s, 1);
      const key = 'gift-replay-0001';
      const first = await s.request('POST', '/create-payment-sessions', caseOrder(1, { giftCardCode: code }), { 'idempotency-key': key });
      const again = await s.request('POST', '/create-payment-sessions', caseOrder(1, { giftCardCode: code }), { 'idempotency-key': key });
      assert.equal(first.status, 201, JSON.stringify(first.body));
      assert.equal(again.body.order.id, first.body.order.id, 'the same order');
      assert.equal(again.headers['idempotent-replayed'], 'true');
      const rows = (await s.app.db.query<{ amount: number }>('SELECT amount FROM gift_card_redemptions')).rows;
      assert.deepEqual(rows.map((r) => Number(r.amount)), [total], 'one redemption, for the order total');
      const changed = await s.request('POST', '/create-payment-sessions', caseOrder(2, { giftCardCode: code }), { 'idempotency-key': key });
      assert.deepEqual([changed.status, changed.body.error.code], [409, 'idempotency_key_reused']);

      const rest = 25000 - total;
      const second = await s.request('POST', '/create-payment-sessions', caseOrder(1, { giftCardCode: code }));
      assert.equal(second.body.order.giftCard.amount, rest, 'only what is left');
      const spent = await s.request('POST', '/create-payment-sessions', caseOrder(1, { giftCardCode: code }));
      assert.deepEqual([spent.status, spent.body.error.code], [409, 'gift_card_empty']);
      assert.equal((await balance(s, code)).json().balance, 0);
    });

    test('race: eight orders on two proxies sharing the database race for one balance — what they take adds up to the balance exactly, never more', async (t) => {
      const s = await giftStack(t, url);
      const { codes } = await buyGiftCards(s, 50000);
      const total = await totalOf(s, 1);
      const config = loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: 'memory://' });
      config.checkout.apiUrl = s.emulator.url;
      const other = await buildApp(config, { logger: false, database: s.app.db, orderSweepEvery: 0 });
      t.after(() => other.close());
      const apps = [s.app, other];
      const answers = await Promise.all(
        Array.from({ length: 8 }, (_, i) => apps[i % 2]!.inject({ method: 'POST', url: '/create-payment-sessions', payload: caseOrder(1, { giftCardCode: codes[0] }), remoteAddress: `192.0.2.${i + 10}` })),
      );
      const ok = answers.filter((a) => a.statusCode === 201).map((a) => a.json());
      const refused = answers.filter((a) => a.statusCode !== 201);
      const applied = ok.reduce((n, o) => n + o.order.giftCard.amount, 0);
      assert.equal(applied, 50000, 'the whole balance, not a cent more');
      const full = Math.floor(50000 / total);
      assert.equal(ok.filter((o) => o.paidByGiftCard).length, full, 'orders paid by the card alone');
      assert.equal(ok.length, full + (50000 % total ? 1 : 0));
      assert.ok(refused.every((a) => a.statusCode === 409 && a.json().error.code === 'gift_card_empty'), refused.map((a) => a.body).join());
      const held = (await s.app.db.query<{ n: number | string }>('SELECT COALESCE(SUM(amount), 0) AS n FROM gift_card_redemptions')).rows[0]!.n;
      assert.equal(Number(held), 50000);
      assert.equal((await balance(s, codes[0]!)).json().balance, 0);
    });

    test('an order that expires gives its hold back; a voided one too; a voided purchase expires the cards it bought', async (t) => {
      const s = await giftStack(t, url);
      const { codes } = await buyGiftCards(s, 10000);
      const res = await s.request('POST', '/create-payment-sessions', caseOrder(2, { giftCardCode: codes[0] }));
      assert.equal((await balance(s, codes[0]!)).json().balance, 0);
      await s.app.db.query(`UPDATE orders SET created_at = now() - interval '2 hours' WHERE id = $1`, [res.body.order.id]);
      assert.deepEqual(await s.app.orders.expirePending(60 * 60_000), [res.body.order.id]);
      assert.equal((await balance(s, codes[0]!)).json().balance, 10000, 'released by the expiry');

      const again = await s.request('POST', '/create-payment-sessions', caseOrder(2, { giftCardCode: codes[0] }));
      assert.equal(again.body.order.giftCard.amount, 10000, 'spendable again');
      const applied = await s.app.orders.applyPayment({ orderId: again.body.order.id, paymentId: 'pay_voidedvoidedvoidedvoided', paymentStatus: 'Voided', amount: again.body.order.amount, currency: 'HKD', to: 'voided', source: 'webhook', actor: 'test', eventType: 'payment_voided' });
      assert.equal(applied.status, 'voided');
      assert.equal((await balance(s, codes[0]!)).json().balance, 10000, 'released by the void');

      // The order that bought the card is voided (nothing was charged after all): its card can no longer be spent.
      const bought = (await s.app.db.query<{ order_id: string }>('SELECT order_id FROM gift_cards')).rows[0]!.order_id;
      const payment = (await s.app.db.query<{ id: string; amount: number }>('SELECT id, amount FROM payments WHERE order_id = $1', [bought])).rows[0]!;
      const voided = await s.app.orders.applyPayment({ orderId: bought, paymentId: payment.id, paymentStatus: 'Voided', amount: Number(payment.amount), currency: 'HKD', to: 'voided', source: 'webhook', actor: 'test', eventType: 'payment_voided' });
      assert.equal(voided.status, 'voided');
      assert.equal((await balance(s, codes[0]!)).json().expired, true);
      const refused = await s.request('POST', '/create-payment-sessions', caseOrder(1, { giftCardCode: codes[0] }));
      assert.deepEqual([refused.status, refused.body.error.code], [409, 'gift_card_expired']);
    });
  });
}
