/**
 * Attacks found by the session-7 review of the proxy's rules (RELIABILITY.md §6), each as a
 * shopper or a script would send it, through the proxy's routes, with the emulator paying real
 * tokens. Each failed on the code before its fix.
 *
 * - A seat spelled with a leading zero (`STALLS:N:03`) is the same chair as `STALLS:N:3`, but
 *   was held, priced and sold under its own spelling: a seat someone else held or had bought
 *   could be bought a second time, and one hold could list one chair twice.
 * - Every per-address budget counted an IPv6 address as one client, but anyone on IPv6 (a home
 *   line, a phone, a rented server) is given a whole /64 and can send from any of its 2⁶⁴
 *   addresses: one client held a venue, minted accounts, guessed gift-card codes, opened payment
 *   sessions and logged in past every per-address limit. A /64 is now one client everywhere.
 * - At most 99 units of one product per order (ORDER_LIMITS.maxQuantity, the cart's stepper) held
 *   per line only: the same product on 50 lines was priced and sold as one line of 4,950.
 * - A gift card's share of an order is held while the order is pending, and given back when the
 *   order expires; its payment page can still be paid after that. Spending the card again in the
 *   meantime, then paying the first order, got both orders for one balance (the card "overdrawn",
 *   for the shop to settle). The same for the last units of a product (sold twice) and the uses
 *   of a coupon (LAUNCH50 twice for one customer): each is given back when its order expires.
 */
import { after, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app';
import { LoginLimiter } from '../../server/auth/login-limiter';
import { loadConfig } from '../../server/config';
import { ConnectionCap } from '../../server/connection-cap';
import { clientNetwork } from '../../server/privacy';
import type { VelocityLimits } from '../../server/risk/velocity';
import type { Database } from '../../server/storage/db';
import { EMULATOR_KEYS } from '../../server/emulator/keys';
import { browser, closeDatabases, customer, database, DATABASES, order, orderIn, payOnEmulator, proxyOnly, settle, shippingAddress, stack, type Stack } from './helpers';

const HALL = 'harbour-strings-2031'; // Kowloon Recital Hall, 244 seats, at most 6 per order
const VALUE = 38000; // STALLS:K–N:* (demo catalog, HKD)

after(() => closeDatabases());

async function seatStack(t: TestContext, url: string | undefined): Promise<Stack> {
  const s = await stack(t, { databaseUrl: url, build: { upstreamActions: { sweepEvery: 0, retryBaseMs: 0 } } });
  await s.app.db.query('TRUNCATE seat_claims, seat_holds, seat_versions, order_seats, upstream_actions');
  return s;
}

async function availability(app: FastifyInstance): Promise<{ held: string[]; sold: string[] }> {
  const res = (await app.inject({ method: 'GET', url: `/api/events/${HALL}/seats` })).json();
  return { held: [...res.held].sort(), sold: [...res.sold].sort() };
}

const holdCount = async (db: Database) => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM seat_holds')).rows[0]!.n;

for (const { name, url, skip } of DATABASES) {
  describe(`attack review: seat ids (${name})`, { skip }, () => {
    test('a sold seat spelled with a leading zero (STALLS:N:03 for STALLS:N:3) cannot be held or bought again; one hold cannot list one chair twice', async (t) => {
      const s = await seatStack(t, url);
      const victim = browser(s.app, '198.51.100.31');
      const hold = await victim.hold(HALL, ['STALLS:N:3']);
      assert.equal(hold.statusCode, 201, hold.body);
      const session = await victim.inject({
        method: 'POST',
        url: '/create-payment-sessions',
        headers: { 'idempotency-key': 'attack-review-seat-zero-1' },
        payload: { items: [], seatHoldId: hold.json().id, bin: '42424242', currency: 'HKD', country: 'HK', customer },
      });
      assert.equal(session.statusCode, 201, session.body);
      assert.equal(session.json().order.amount, VALUE);
      assert.equal((await payOnEmulator(s.emulator.url, session.json().paymentSession.id)).status, 'Approved');
      await orderIn(s, session.json().order.id, 'paid');
      assert.deepEqual(await availability(s.app), { held: [], sold: ['STALLS:N:3'] });

      // Another address asks for the sold chair under other spellings of its number.
      const attacker = browser(s.app, '198.51.100.32');
      for (const spelling of ['STALLS:N:03', 'STALLS:N:003', 'STALLS:N:0003']) {
        const res = await attacker.hold(HALL, [spelling]);
        assert.equal(res.statusCode, 400, `${spelling}: ${res.body}`);
        assert.equal(res.json().error.code, 'invalid_request');
        assert.deepEqual(res.json().error.fields, [{ path: 'seats.0', message: `"${spelling}" is not a seat of Kowloon Recital Hall` }]);
      }
      // One chair twice in one hold (it would be priced, and sold, twice).
      const twice = await attacker.hold(HALL, ['STALLS:N:4', 'STALLS:N:04']);
      assert.equal(twice.statusCode, 400, twice.body);
      assert.deepEqual(twice.json().error.fields, [{ path: 'seats.1', message: '"STALLS:N:04" is not a seat of Kowloon Recital Hall' }]);

      assert.equal(await holdCount(s.app.db), 1, 'no hold was written for the attacker');
      assert.deepEqual(await availability(s.app), { held: [], sold: ['STALLS:N:3'] }, 'the chair is sold once, under its one id');
      // The canonical spelling of a free seat is still held as before.
      assert.equal((await attacker.hold(HALL, ['STALLS:N:4'])).statusCode, 201);
    });
  });
}

/** One attacker's /64: a fresh address for every request. */
const inMy64 = (i: number) => `2001:db8:7:7:${(i + 1).toString(16)}:0:0:${(i * 7 + 3).toString(16)}`;

describe('attack review: one IPv6 /64 is one client', () => {
  test('every spelling of one address, and every address of one /64, counts as one network; another /64 or an IPv4 address does not', () => {
    const one = clientNetwork('2001:db8:7:7::1');
    for (const a of ['2001:0DB8:0007:0007:0000:0000:0000:0001', '2001:db8:7:7:ffff:ffff:ffff:ffff', inMy64(40), '2001:db8:7:7::1%eth0']) assert.equal(clientNetwork(a), one, a);
    assert.notEqual(clientNetwork('2001:db8:7:8::1'), one);
    assert.equal(clientNetwork('::ffff:198.51.100.7'), '198.51.100.7');
    assert.equal(clientNetwork('::FFFF:c633:6407'), '198.51.100.7');
    assert.equal(clientNetwork('198.51.100.7'), '198.51.100.7');
  });

  test('seat holds: 30 addresses of one /64 hold at most SEAT_HOLDS_PER_IP (24) seats of the hall; another /64 still holds', async (t) => {
    const db = await database(t);
    await db.query('TRUNCATE seat_claims, seat_holds, seat_versions, order_seats');
    const app = await buildApp(loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: 'memory://' }), { logger: false, database: db, velocity: false });
    t.after(() => app.close());
    const layout = (await app.inject({ method: 'GET', url: `/api/events/${HALL}/venue` })).json();
    const seats: string[] = [];
    for (const sec of layout.sections) for (const r of sec.rows) for (let k = 0; k < r.seats; k++) seats.push(`${sec.id}:${r.label}:${(r.firstNumber ?? 1) + k}`);
    const results = [];
    for (let i = 0; i < 30; i++) results.push(await browser(app, inMy64(i)).hold(HALL, seats.slice(2 * i, 2 * i + 2)));
    const codes = results.map((r) => r.statusCode);
    assert.deepEqual([codes.filter((c) => c === 201).length, codes.filter((c) => c === 409).length], [12, 18], codes.join(','));
    for (const r of results.filter((x) => x.statusCode === 409)) assert.equal(r.json().error.code, 'seat_hold_limit');
    assert.equal((await availability(app)).held.length, 24);
    assert.equal((await browser(app, '2001:db8:7:8::1').hold(HALL, seats.slice(100, 101))).statusCode, 201, 'a neighbouring /64 has its own allowance');
  });

  test('live seat streams: the per-address cap counts the /64', () => {
    const cap = new ConnectionCap(2, 100);
    cap.take(inMy64(0));
    cap.take(inMy64(1));
    assert.throws(() => cap.take(inMy64(2)), (e: { statusCode: number; code: string }) => e.statusCode === 429 && e.code === 'too_many_streams');
    cap.take('2001:db8:7:8::1');
  });

  test('sign-ups: 8 addresses of one /64 make SIGNUP_MAX_PER_IP (5) accounts, the rest 429 too_many_signups', async (t) => {
    const app = await proxyOnly(t);
    await app.db.query('TRUNCATE account_signup_attempts, auth_sessions');
    await app.db.query('TRUNCATE shopper_accounts CASCADE');
    const statuses = [];
    for (let i = 0; i < 8; i++) {
      const res = await browser(app, inMy64(i)).inject({ method: 'POST', url: '/api/auth/signup', headers: { origin: 'http://localhost:4242' }, payload: { email: `v6-${i}@example.com`, password: `bulk phrase number ${i} x`, name: 'Jordan Lee' } });
      statuses.push(res.statusCode);
      if (res.statusCode === 429) assert.equal(res.json().error.code, 'too_many_signups');
    }
    assert.deepEqual(statuses, [201, 201, 201, 201, 201, 429, 429, 429]);
    assert.equal((await app.db.query('SELECT 1 FROM shopper_accounts')).rows.length, 5);
  });

  test('gift-card codes: wrong guesses from many addresses of one /64 share one budget (GIFT_CARD_GUESSES_PER_IP)', async (t) => {
    const app = await proxyOnly(t, { GIFT_CARD_GUESSES_PER_IP: '3', GIFT_CARD_GUESSES_TOTAL: '500' });
    await app.db.query('DELETE FROM gift_card_guess_failures');
    const guess = (ip: string, i: number) => app.inject({ method: 'POST', url: '/api/gift-cards/balance', remoteAddress: ip, payload: { code: `AAAA-AAAA-AAAA-AA${String(i).padStart(2, '0')}` } });
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await guess(inMy64(i), i)).statusCode);
    assert.deepEqual(statuses, [404, 404, 404, 429, 429, 429]);
    assert.equal((await guess('2001:db8:7:8::1', 9)).statusCode, 404, 'another /64 guesses on its own budget');
  });

  test('logins: failures from many addresses of one /64 share the per-address budget', async (t) => {
    const db = await database(t);
    await db.query('TRUNCATE auth_login_failures');
    const limiter = new LoginLimiter(db, () => new Date(), 100, 3);
    for (let i = 0; i < 3; i++) {
      const attempt = await limiter.begin(`victim-${i}@example.com`, inMy64(i));
      assert.equal(attempt.blocked, false);
    }
    const next = await limiter.begin('victim-9@example.com', inMy64(9));
    assert.deepEqual([next.blocked, next.blocked && next.scope], [true, 'ip']);
    assert.equal((await limiter.begin('victim-9@example.com', '2001:db8:7:8::1')).blocked, false);
  });

  test('payment velocity: fresh emails from many addresses of one /64 meet the address budget', async (t) => {
    const off: VelocityLimits = { windowMs: 60 * 60_000, perEmail: 1000, perIp: 3, perCard: 1000, challengeAt: 1000 };
    const s = await stack(t, { env: { SESSION_SECRET: 'attack-review-velocity-secret-0123456789' }, build: { velocity: off } });
    await s.app.db.query('TRUNCATE payment_attempts');
    const session = (email: string, ip: string) => s.app.inject({ method: 'POST', url: '/create-payment-sessions', remoteAddress: ip, payload: order({ customer: { email, name: 'Card Tester' } }) });
    for (let i = 0; i < 3; i++) assert.equal((await session(`v6-minted-${i}@example.com`, inMy64(i))).statusCode, 201);
    const refused = await session('v6-minted-99@example.com', inMy64(99));
    assert.equal(refused.statusCode, 429, refused.body);
    assert.equal(refused.json().error.code, 'too_many_payment_attempts');
    assert.equal((await session('v6-minted-100@example.com', '2001:db8:7:8::1')).statusCode, 201, 'another /64 still pays');
  });

  test('the audit log: a flood of refusals from many addresses of one /64 is one entry a minute', async (t) => {
    const app = await proxyOnly(t, {}, { admin: { reconciliationEvery: 0 }, retentionSweepEvery: 0 });
    await app.db.query('TRUNCATE security_events');
    for (let i = 0; i < 25; i++) {
      const res = await app.inject({ method: 'POST', url: '/api/auth/logout', remoteAddress: inMy64(i), headers: { origin: 'https://evil.example' } });
      assert.equal(res.statusCode, 403);
    }
    const { rows } = await app.db.query<{ type: string; n: number }>('SELECT type, count(*)::int AS n FROM security_events GROUP BY type');
    assert.deepEqual(rows, [{ type: 'origin_refused', n: 1 }]);
  });

  test('the request rate: the route tiers count the /64', async (t) => {
    const app = await proxyOnly(t, {}, { rateLimits: { payments: { max: 2, timeWindow: 60_000 } } });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await app.inject({ method: 'POST', url: '/api/gift-cards/balance', remoteAddress: inMy64(i), payload: { code: 'not a code' } })).statusCode);
    assert.deepEqual(statuses.map((c) => c === 429), [false, false, true, true], statuses.join(','));
  });
});

describe('attack review: the order limits', () => {
  test('one product on many lines is still at most ORDER_LIMITS.maxQuantity (99) units: 400 naming the line past it, no order written', async (t) => {
    const app = await proxyOnly(t);
    const line = { reference: 'case-iphone16-clear', quantity: 99 };
    const one = await app.inject({ method: 'POST', url: '/api/orders/quote', payload: order({ items: [line] }) });
    assert.equal(one.statusCode, 200, one.body);
    assert.equal(one.json().order.lines[0].quantity, 99);

    for (const items of [[line, line], [{ ...line, quantity: 60 }, { ...line, quantity: 40 }], Array.from({ length: 50 }, () => line)]) {
      for (const url of ['/api/orders/quote', '/create-payment-sessions', '/create-hosted-payment']) {
        const res = await app.inject({ method: 'POST', url, payload: order({ items }) });
        assert.equal(res.statusCode, 400, `${url} × ${items.length}: ${res.body}`);
        assert.equal(res.json().error.code, 'invalid_order');
        assert.deepEqual(res.json().error.fields[0], { path: 'items.1.quantity', message: 'at most 99 of "case-iphone16-clear" per order' });
      }
    }
    assert.equal((await app.db.query('SELECT 1 FROM orders')).rows.length, 0, 'no order was written');
  });
});

for (const { name, url, skip } of DATABASES) {
  describe(`attack review: one gift-card balance, two orders (${name})`, { skip }, () => {
    test('an order whose gift card was spent again after it expired cannot be paid late: voided, its card payment given back, the balance spent once', async (t) => {
      const s = await stack(t, { databaseUrl: url, build: { orderSweepEvery: 0, upstreamActions: { sweepEvery: 0, retryBaseMs: 0 } } });
      await s.app.db.query('DELETE FROM gift_card_guess_failures');
      // A HK$200 gift card, bought with a real card.
      const bought = await s.request('POST', '/create-payment-sessions', {
        items: [], currency: 'HKD', country: 'HK', customer,
        giftCard: { design: 'harbour-night', amount: 20000, quantity: 1, recipientName: 'Mei Chan', recipientEmail: 'mei.chan@example.com', senderName: 'Jordan Lee' },
      });
      assert.equal(bought.status, 201, JSON.stringify(bought.body));
      assert.equal((await payOnEmulator(s.emulator.url, bought.body.paymentSession.id)).status, 'Approved');
      await orderIn(s, bought.body.order.id, 'paid');
      const [card] = await s.app.giftCards.issuedBy(bought.body.order.id);
      const code = s.app.giftCards.revealCode(card!);
      const cases = (quantity: number) => ({ items: [{ reference: 'case-iphone16-clear', quantity }], currency: 'HKD', country: 'HK', customer, shippingAddress, giftCardCode: code });

      // Order A: two cases, the card holds HK$200 of it, the card payment page asks for the rest.
      const a = await s.request('POST', '/create-payment-sessions', cases(2));
      assert.equal(a.status, 201, JSON.stringify(a.body));
      assert.equal(a.body.order.giftCard.amount, 20000);
      const rest = a.body.order.amount as number;
      assert.ok(rest > 0);
      // The shopper leaves it until the sweep expires it: its hold goes back to the card...
      assert.deepEqual(await s.app.orders.expirePending(0), [a.body.order.id]);
      // ...and spends the card on order B (one case, paid by the card in full).
      const b = await s.request('POST', '/create-payment-sessions', cases(1));
      assert.equal(b.status, 201, JSON.stringify(b.body));
      assert.ok(b.body.paidByGiftCard, 'the card pays B in full');
      const left = (await s.request('POST', '/api/gift-cards/balance', { code })).body.balance as number;
      assert.equal(left, 20000 - b.body.order.giftCard.amount);

      // Then pays order A's page, still open at Checkout.com.
      const late = await payOnEmulator(s.emulator.url, a.body.paymentSession.id);
      assert.equal(late.status, 'Approved');
      const voided = await orderIn(s, a.body.order.id, 'voided');
      assert.equal(voided.status, 'voided', 'A is not paid: what the card held for it was spent by B');
      await settle(s);
      const events = await s.app.orders.events(a.body.order.id);
      assert.ok(events.some((e) => e.type === 'gift_card_spent_meanwhile'), events.map((e) => e.type).join(','));
      assert.equal(events.some((e) => e.type === 'gift_card_overdrawn'), false);
      // The card payment comes back in full, once.
      const actions = (await s.emulator.app.inject({ method: 'GET', url: `/payments/${late.id}/actions`, headers: { authorization: `Bearer ${EMULATOR_KEYS.secretKey}` } })).json() as Array<{ type: string; amount: number }>;
      const back = actions.filter((x) => x.type === 'Refund' || x.type === 'Void');
      assert.deepEqual(back.map((x) => x.amount), [rest], JSON.stringify(actions));
      // The card paid B, and B only.
      assert.equal((await s.request('POST', '/api/gift-cards/balance', { code })).body.balance, left);
      const status = await s.request('GET', `/api/payments/${late.id}`);
      assert.equal(status.body.outcome, 'failed');
    });

    test('the last units of a product and a once-per-customer coupon, given back when an order expired and taken by another: the late payment is refused and given back', async (t) => {
      const s = await stack(t, { databaseUrl: url, build: { orderSweepEvery: 0, upstreamActions: { sweepEvery: 0, retryBaseMs: 0 } } });
      await s.app.db.query('TRUNCATE order_stock, upstream_actions');
      const buyer = { email: 'late.payer@example.com', name: 'Late Payer' };
      const scenarios = [
        // The demo catalog has 3 magnetic chargers.
        { what: 'the last 3 chargers', body: order({ customer: buyer, items: [{ reference: 'charger-magnetic-15w', quantity: 3 }] }), refusal: 'stock_sold_meanwhile' },
        // LAUNCH50: once per customer.
        { what: 'LAUNCH50 once per customer', body: order({ customer: buyer, coupon: 'LAUNCH50' }), refusal: 'coupon_used_meanwhile' },
      ];
      for (const { what, body, refusal } of scenarios) {
        const a = await s.request('POST', '/create-payment-sessions', body);
        assert.equal(a.status, 201, `${what}: ${JSON.stringify(a.body)}`);
        // While A waits for payment, B cannot have it...
        const early = await s.request('POST', '/create-payment-sessions', body);
        assert.equal(early.status === 409 || early.status === 400, true, `${what}: ${JSON.stringify(early.body)}`);
        // ...once A expired, B can, and pays.
        await s.app.orders.expirePending(0);
        const b = await s.request('POST', '/create-payment-sessions', body);
        assert.equal(b.status, 201, `${what}: ${JSON.stringify(b.body)}`);
        assert.equal((await payOnEmulator(s.emulator.url, b.body.paymentSession.id)).status, 'Approved');
        await orderIn(s, b.body.order.id, 'paid');
        // A's page, still open, is paid late.
        const late = await payOnEmulator(s.emulator.url, a.body.paymentSession.id);
        assert.equal(late.status, 'Approved');
        await orderIn(s, a.body.order.id, 'voided');
        await settle(s);
        assert.ok((await s.app.orders.events(a.body.order.id)).some((e) => e.type === refusal), what);
        const actions = (await s.emulator.app.inject({ method: 'GET', url: `/payments/${late.id}/actions`, headers: { authorization: `Bearer ${EMULATOR_KEYS.secretKey}` } })).json() as Array<{ type: string; amount: number }>;
        assert.deepEqual(actions.filter((x) => x.type === 'Refund' || x.type === 'Void').map((x) => x.amount), [a.body.order.amount], `${what}: ${JSON.stringify(actions)}`);
      }
      assert.equal((await s.app.stock.available(s.app.db, ['charger-magnetic-15w'])).get('charger-magnetic-15w'), 0);
      const sold = (await s.app.db.query<{ n: number }>(`SELECT coalesce(sum(quantity), 0)::int AS n FROM order_stock os JOIN orders o ON o.id = os.order_id WHERE os.reference = 'charger-magnetic-15w' AND o.status = 'paid'`)).rows[0]!.n;
      assert.equal(sold, 3, 'three chargers sold, not six');
    });
  });
}
