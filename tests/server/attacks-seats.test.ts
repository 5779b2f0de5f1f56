/**
 * Attacks on seat holds and the orders that pay for them (issue 12), each as a shopper or a
 * script would try it, through the proxy's routes, with the emulator paying real tokens:
 *
 * - an order sells exactly what it priced: changing the hold after the payment opened, racing a
 *   change into the moment the order is written, opening a second payment for the same hold,
 *   paying two orders for the same seats, and refunds bounded by what the order paid per seat;
 * - one client cannot hold a venue: minting holder identities (no cookie, forged cookies, the
 *   old X-Ck-Holder header, a spoofed X-Forwarded-For), one holder over the order limit, and a
 *   race of holds from one address across two proxies.
 */
import { after, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app';
import { ConfigError, loadConfig } from '../../server/config';
import { EMULATOR_KEYS } from '../../server/emulator/keys';
import type { Database } from '../../server/storage/db';
import { type Browser, browser, closeDatabases, customer, database, DATABASES, orderIn, payOnEmulator, settle, stack, type Stack } from './helpers';

type Json = Record<string, any>;

const HALL = 'harbour-strings-2031'; // Kowloon Recital Hall, 244 seats, at most 6 per order
const PREMIUM = 88000; // STALLS:A–D:* (demo catalog, HKD)
const VALUE = 38000; // STALLS:K–N:*
const SIX_PREMIUM = ['STALLS:B:1', 'STALLS:B:2', 'STALLS:B:3', 'STALLS:B:4', 'STALLS:B:5', 'STALLS:B:6'];
const DECLINED_CARD = '4544249167673670'; // the emulator declines it: insufficient funds
const SESSION_SECRET = 'attacks-seats-session-secret-0123456789abcdef';

after(() => closeDatabases());

async function clearSeats(db: Database) {
  await db.query('TRUNCATE seat_claims, seat_holds, seat_versions, order_seats, upstream_actions');
}

async function seatStack(t: TestContext, url: string | undefined): Promise<Stack> {
  const s = await stack(t, { databaseUrl: url, build: { upstreamActions: { sweepEvery: 0, retryBaseMs: 0 } } });
  await clearSeats(s.app.db);
  return s;
}

const ticketOrder = (seatHoldId: string, extra: Json = {}) => ({ items: [], seatHoldId, bin: '42424242', currency: 'HKD', country: 'HK', customer, ...extra });

function openPayment(b: Browser, body: Json, key: string, route = '/create-payment-sessions') {
  return b.inject({ method: 'POST', url: route, headers: { 'idempotency-key': key }, payload: body });
}

async function availability(app: FastifyInstance): Promise<{ held: string[]; sold: string[] }> {
  const res = (await app.inject({ method: 'GET', url: `/api/events/${HALL}/seats` })).json();
  return { held: [...res.held].sort(), sold: [...res.sold].sort() };
}

async function upstreamRefunds(s: Stack, paymentId: string): Promise<number[]> {
  const actions = (await s.emulator.app.inject({ method: 'GET', url: `/payments/${paymentId}/actions`, headers: { authorization: `Bearer ${EMULATOR_KEYS.secretKey}` } })).json() as Json[];
  return actions.filter((a) => a.type === 'Refund').map((a) => a.amount as number);
}

const orderSeats = async (db: Database, orderId: string) =>
  (await db.query<{ seat_id: string }>('SELECT seat_id FROM order_seats WHERE order_id = $1 ORDER BY seat_id', [orderId])).rows.map((r) => r.seat_id);

for (const { name, url, skip } of DATABASES) {
  describe(`attack: an order sells exactly what it priced (${name})`, { skip }, () => {
    test('one cheap seat priced, then six Premium seats asked under the same hold: 409 seat_hold_in_checkout; paying sells the one seat priced', async (t) => {
      const s = await seatStack(t, url);
      const buyer = browser(s.app);
      const hold = await buyer.hold(HALL, ['STALLS:N:1']);
      assert.equal(hold.statusCode, 201, hold.body);
      const session = await openPayment(buyer, ticketOrder(hold.json().id), 'attack-cheap-seat-1');
      assert.equal(session.statusCode, 201, session.body);
      assert.equal(session.json().order.amount, VALUE, 'one Value seat');

      const swap = await buyer.hold(HALL, SIX_PREMIUM);
      assert.equal(swap.statusCode, 409, swap.body);
      assert.equal(swap.json().error.code, 'seat_hold_in_checkout');
      assert.deepEqual(await availability(s.app), { held: ['STALLS:N:1'], sold: [] }, 'nothing else held');
      // Asking again for exactly the seats being paid changes nothing and is no error.
      const same = await buyer.hold(HALL, ['STALLS:N:1']);
      assert.deepEqual([same.statusCode, same.json().id], [200, hold.json().id]);
      // Released from under its payment it would be paid for and free: refused. More time is fine.
      const release = await buyer.release(hold.json().id);
      assert.deepEqual([release.statusCode, release.json().error.code], [409, 'seat_hold_in_checkout']);
      assert.equal((await buyer.extend(hold.json().id)).statusCode, 200);

      const paid = await payOnEmulator(s.emulator.url, session.json().paymentSession.id);
      assert.equal(paid.status, 'Approved');
      await orderIn(s, session.json().order.id, 'paid');
      assert.deepEqual(await availability(s.app), { held: [], sold: ['STALLS:N:1'] });
      assert.deepEqual(await orderSeats(s.app.db, session.json().order.id), ['STALLS:N:1']);
      assert.equal((await s.app.orders.events(session.json().order.id)).some((e) => e.type === 'seats_lost'), false);
    });

    test('a change slipped in between pricing and writing the order: 409 seat_hold_changed, no order, nothing upstream', async (t) => {
      const s = await seatStack(t, url);
      const buyer = browser(s.app);
      const hold = (await buyer.hold(HALL, ['STALLS:N:2'])).json();
      // The hold is priced (one Value seat); before the order is written, the same buyer swaps it.
      const service = s.app.pricingExtensions.seatHolds!;
      const get = service.get.bind(service);
      let swapped: Json | undefined;
      t.after(() => void (service.get = get));
      service.get = async (id) => {
        const priced = await get(id);
        if (!swapped) swapped = (await buyer.hold(HALL, SIX_PREMIUM)).json();
        return priced;
      };
      const sessionsBefore = s.emulator.app.emulator.store.paymentSessions.size;
      const session = await openPayment(buyer, ticketOrder(hold.id), 'attack-race-swap-1');
      assert.deepEqual(swapped?.seats, SIX_PREMIUM, 'the swap went through first');
      assert.equal(session.statusCode, 409, session.body);
      assert.equal(session.json().error.code, 'seat_hold_changed');
      assert.equal((await s.app.db.query<{ n: number }>('SELECT count(*)::int AS n FROM orders')).rows[0]!.n, 0);
      assert.equal(s.emulator.app.emulator.store.paymentSessions.size, sessionsBefore);
    });

    test('a second payment for a hold with one open is refused (Flow and HPP); each Idempotency-Key replays its own answer; a declined payment allows a new one', async (t) => {
      const s = await seatStack(t, url);
      const buyer = browser(s.app);
      const hold = (await buyer.hold(HALL, ['STALLS:A:1', 'STALLS:A:2'])).json();
      const first = await openPayment(buyer, ticketOrder(hold.id), 'attack-second-order-1');
      assert.equal(first.statusCode, 201, first.body);

      const second = await openPayment(buyer, ticketOrder(hold.id), 'attack-second-order-2');
      assert.deepEqual([second.statusCode, second.json().error.code], [409, 'seat_hold_in_checkout']);
      assert.ok(second.json().error.message);
      const hosted = await openPayment(buyer, ticketOrder(hold.id), 'attack-second-order-3', '/create-hosted-payment');
      assert.deepEqual([hosted.statusCode, hosted.json().error.code], [409, 'seat_hold_in_checkout']);

      const replayFirst = await openPayment(buyer, ticketOrder(hold.id), 'attack-second-order-1');
      assert.equal(replayFirst.statusCode, 201);
      assert.equal(replayFirst.headers['idempotent-replayed'], 'true');
      assert.deepEqual(replayFirst.json(), first.json(), 'the same order and session');
      const replaySecond = await openPayment(buyer, ticketOrder(hold.id), 'attack-second-order-2');
      assert.deepEqual([replaySecond.statusCode, replaySecond.json().error.code], [409, 'seat_hold_in_checkout']);
      const orders = await s.app.db.query<{ id: string }>('SELECT id FROM orders WHERE seat_hold_id = $1', [hold.id]);
      assert.deepEqual(orders.rows.map((r) => r.id), [first.json().order.id]);

      // The card is declined: the payment is over, the shopper may try again.
      const declined = await payOnEmulator(s.emulator.url, first.json().paymentSession.id, DECLINED_CARD);
      assert.equal(declined.status, 'Declined');
      await orderIn(s, first.json().order.id, 'declined');
      const retry = await openPayment(buyer, ticketOrder(hold.id), 'attack-second-order-4');
      assert.equal(retry.statusCode, 201, retry.body);
      assert.notEqual(retry.json().order.id, first.json().order.id);
    });

    test('ten tabs open a payment for one hold at once: exactly one is taken', async (t) => {
      const s = await seatStack(t, url);
      const buyer = browser(s.app);
      const hold = (await buyer.hold(HALL, ['STALLS:C:4'])).json();
      const results = await Promise.all(Array.from({ length: 10 }, (_, i) => openPayment(buyer, ticketOrder(hold.id), `attack-ten-tabs-${i}`)));
      const codes = results.map((r) => r.statusCode).sort();
      assert.deepEqual(codes, [201, ...Array<number>(9).fill(409)], codes.join(','));
      for (const r of results.filter((x) => x.statusCode === 409)) assert.equal(r.json().error.code, 'seat_hold_in_checkout');
      assert.equal((await s.app.db.query<{ n: number }>('SELECT count(*)::int AS n FROM orders WHERE seat_hold_id = $1', [hold.id])).rows[0]!.n, 1);
    });

    test('two orders paid for the same seats: the second to be paid is refunded in full through the refund queue and audited', async (t) => {
      const s = await seatStack(t, url);
      const buyer = browser(s.app);
      const hold = (await buyer.hold(HALL, ['STALLS:A:3'])).json();
      const first = (await openPayment(buyer, ticketOrder(hold.id), 'attack-paid-twice-1')).json();
      // Declined in Flow; a new payment is opened for the same hold (allowed: the first is over)…
      assert.equal((await payOnEmulator(s.emulator.url, first.paymentSession.id, DECLINED_CARD)).status, 'Declined');
      await orderIn(s, first.order.id, 'declined');
      const second = (await openPayment(buyer, ticketOrder(hold.id), 'attack-paid-twice-2')).json();
      assert.equal((await payOnEmulator(s.emulator.url, second.paymentSession.id)).status, 'Approved');
      await orderIn(s, second.order.id, 'paid');
      // …and then the first Flow session is paid too, with another card (Flow lets a declined session retry).
      const late = await payOnEmulator(s.emulator.url, first.paymentSession.id);
      assert.equal(late.status, 'Approved');
      const refunded = await orderIn(s, first.order.id, 'refunded');
      assert.equal(refunded.refunded_amount, PREMIUM);
      await settle(s);

      assert.deepEqual(await availability(s.app), { held: [], sold: ['STALLS:A:3'] }, 'sold once');
      assert.equal((await s.app.orders.get(second.order.id))?.status, 'paid', 'the order that got the seat keeps it');
      assert.deepEqual(await upstreamRefunds(s, late.id), [PREMIUM], 'refunded once, upstream');
      const audit = await s.app.orders.events(first.order.id);
      const lost = audit.find((e) => e.type === 'seats_lost');
      assert.deepEqual(lost?.detail, { seats: ['STALLS:A:3'], refund: { amount: PREMIUM, currency: 'HKD' }, soldTo: [second.order.id] });
      assert.equal(lost?.payment_id, late.id);
      const [request] = await s.app.upstreamActions.forOrder(first.order.id, 'refund');
      assert.deepEqual([request?.status, request?.amount, request?.reason, request?.payment_id], ['accepted', PREMIUM, 'seats_lost', late.id]);
      assert.ok(audit.some((e) => e.type === 'refund_accepted'));
      assert.ok(s.logs.some((l) => l.includes('paid order cannot have seats it paid for; refund requested')));
    });

    test('a lost seat is refunded at what its order paid for it (own line, coupon share, VAT share), not at what is left on the order', async (t) => {
      const s = await seatStack(t, url);
      const buyer = browser(s.app);
      const hold = (await buyer.hold(HALL, ['STALLS:A:5'])).json();
      // One Premium seat and a clear case, WELCOME10, taxed in GB (20 %, shipping taxed too), shipped standard:
      //   subtotal 880.00 + 199.00 = 1,079.00; discount 10 % = 107.90; shipping 60.00;
      //   VAT (1,079.00 − 107.90 + 60.00) × 20 % = 1,031.10 × 20 % = 206.22;
      //   paid 1,079.00 − 107.90 + 60.00 + 206.22 = 1,237.32.
      const body = ticketOrder(hold.id, { items: [{ reference: 'case-iphone16-clear', quantity: 1 }], coupon: 'WELCOME10', country: 'GB', shippingAddress: { line1: '10 Downing Street', city: 'London', country: 'GB' } });
      const session = await openPayment(buyer, body, 'attack-lost-seat-share-1');
      assert.equal(session.statusCode, 201, session.body);
      assert.deepEqual(
        ['subtotal', 'discount', 'shipping', 'tax', 'amount'].map((k) => session.json().order[k]),
        [107900, 10790, 6000, 20622, 123732],
      );
      // Asking for five more Premium seats on the order's hold is refused…
      assert.equal((await buyer.hold(HALL, ['STALLS:A:5', ...SIX_PREMIUM.slice(1)])).statusCode, 409);
      // …and the hold runs out before the payment; another buyer (another address) takes the seat.
      const realNow = s.app.seatHolds.now;
      s.app.seatHolds.now = () => realNow() + 5 * 60_000 + 1_000;
      try {
        assert.equal((await browser(s.app, '192.0.2.7').hold(HALL, ['STALLS:A:5'])).statusCode, 201);
      } finally {
        s.app.seatHolds.now = realNow;
      }
      const paid = await payOnEmulator(s.emulator.url, session.json().paymentSession.id);
      // The seat as paid: its coupon share 107.90 × 880/1,079 = 88.00, its VAT share
      // 206.22 × (880.00 − 88.00) / 1,031.10 = 158.40 → 880.00 − 88.00 + 158.40 = 950.40
      // (the VAT on shipping stays with the case, which was delivered).
      const order = await orderIn(s, session.json().order.id, 'partially_refunded');
      assert.equal(order.refunded_amount, 95040, 'the seat, not the 1,237.32 left on the order');
      await settle(s);
      assert.deepEqual(await upstreamRefunds(s, paid.id), [95040]);
      const lost = (await s.app.orders.events(order.id)).find((e) => e.type === 'seats_lost');
      assert.deepEqual(lost?.detail, { seats: ['STALLS:A:5'], refund: { amount: 95040, currency: 'HKD' } });
    });
  });

  describe(`attack: one client cannot hold a venue (${name})`, { skip }, () => {
    async function proxy(t: TestContext, env: Record<string, string> = {}): Promise<FastifyInstance> {
      const db = await database(t, url);
      await clearSeats(db);
      const app = await buildApp(loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: 'memory://', SESSION_SECRET, ...env }), { logger: false, database: db, velocity: false });
      t.after(() => app.close());
      await app.ready();
      return app;
    }

    /** Every seat of the hall, in layout order. */
    async function hallSeats(app: FastifyInstance): Promise<string[]> {
      const layout = (await app.inject({ method: 'GET', url: `/api/events/${HALL}/venue` })).json();
      const ids: string[] = [];
      for (const s of layout.sections) for (const r of s.rows) for (let k = 0; k < r.seats; k++) ids.push(`${s.id}:${r.label}:${(r.firstNumber ?? 1) + k}`);
      return ids;
    }

    const minted = () => randomBytes(32).toString('base64url');

    test('60 identities minted from one address (no cookie, unsigned and badly signed cookies, X-Ck-Holder, a spoofed X-Forwarded-For) hold at most 24 seats', async (t) => {
      const app = await proxy(t);
      const seats = await hallSeats(app);
      assert.equal(seats.length, 244);
      const results = [];
      for (let i = 0; i < 60; i++) {
        const cookie = [undefined, `ck_holder=${minted()}`, `ck_holder=${minted()}.${minted()}`][i % 3];
        const headers: Record<string, string> = { 'x-ck-holder': minted(), 'x-forwarded-for': `203.0.113.${i}`, ...(cookie ? { cookie } : {}) };
        results.push(await app.inject({ method: 'POST', url: '/api/seat-holds', headers, payload: { eventId: HALL, seats: seats.slice(i * 4, i * 4 + 4) } }));
      }
      const codes = results.map((r) => r.statusCode);
      assert.deepEqual([codes.filter((c) => c === 201).length, codes.filter((c) => c === 409).length], [6, 54], codes.join(','));
      for (const r of results.filter((x) => x.statusCode === 409)) {
        assert.equal(r.json().error.code, 'seat_hold_limit');
        assert.match(r.json().error.message, /At most 24 seats/);
        assert.deepEqual(r.json().error.fields, [{ path: 'seats', message: 'at most 0 more seats can be held from this network' }]);
      }
      assert.equal((await availability(app)).held.length, 24, 'of 244 seats');
    });

    test('a forged or unsigned holder cookie is no holder: it cannot extend, release or replace someone else\'s hold', async (t) => {
      const app = await proxy(t);
      const other = await proxy(t, { SESSION_SECRET: 'another-proxy-secret-not-this-ones-0123456789' });
      const victim = browser(app);
      const hold = (await victim.hold(HALL, ['STALLS:E:1', 'STALLS:E:2'])).json();
      const token = decodeURIComponent(victim.jar.get('ck_holder')!).split('.')[0]!;
      assert.match(token, /^[\w-]{43}$/);
      const forgeries = [`ck_holder=${token}`, `ck_holder=${token}.${minted()}`, `ck_holder=${encodeURIComponent(other.signCookie(token))}`, ''];
      for (const cookie of forgeries) {
        const headers = { 'x-ck-holder': token, ...(cookie ? { cookie } : {}) };
        const extend = await app.inject({ method: 'POST', url: `/api/seat-holds/${hold.id}/extend`, headers, payload: {} });
        assert.deepEqual([extend.statusCode, extend.json().error.code], [404, 'not_found'], cookie);
        const release = await app.inject({ method: 'DELETE', url: `/api/seat-holds/${hold.id}`, headers });
        assert.deepEqual([release.statusCode, release.json().error.code], [404, 'not_found'], cookie);
        // A hold with it is a stranger's new hold, under a new identity the proxy issues.
        const replace = await app.inject({ method: 'POST', url: '/api/seat-holds', headers, payload: { eventId: HALL, seats: ['STALLS:E:1'] } });
        assert.deepEqual([replace.statusCode, replace.json().error.code], [409, 'seat_unavailable'], cookie);
      }
      assert.deepEqual((await availability(app)).held, ['STALLS:E:1', 'STALLS:E:2'], 'the victim keeps both seats');
      const extended = await victim.extend(hold.id);
      assert.deepEqual([extended.statusCode, extended.json().extended], [200, true], 'the real cookie still works');
    });

    test('one holder holds at most the event\'s maxSeatsPerOrder (6): more in one request is refused, a new request replaces', async (t) => {
      const app = await proxy(t);
      const buyer = browser(app);
      const seven = await buyer.hold(HALL, ['STALLS:F:1', 'STALLS:F:2', 'STALLS:F:3', 'STALLS:F:4', 'STALLS:F:5', 'STALLS:F:6', 'STALLS:F:7']);
      assert.equal(seven.statusCode, 400);
      assert.match(seven.json().error.fields[0].message, /at most 6 seats per order/);
      const six = await buyer.hold(HALL, ['STALLS:F:1', 'STALLS:F:2', 'STALLS:F:3', 'STALLS:F:4', 'STALLS:F:5', 'STALLS:F:6']);
      assert.equal(six.statusCode, 201);
      const sixMore = await buyer.hold(HALL, ['STALLS:G:1', 'STALLS:G:2', 'STALLS:G:3', 'STALLS:G:4', 'STALLS:G:5', 'STALLS:G:6']);
      assert.deepEqual([sixMore.statusCode, sixMore.json().id], [200, six.json().id], 'the same hold, its seats replaced');
      assert.deepEqual((await availability(app)).held, ['STALLS:G:1', 'STALLS:G:2', 'STALLS:G:3', 'STALLS:G:4', 'STALLS:G:5', 'STALLS:G:6']);
    });

    test('a family behind one NAT still buys: four browsers hold six seats each; the fifth waits until one lets go; another address is not affected', async (t) => {
      const app = await proxy(t);
      const seats = await hallSeats(app);
      const family = Array.from({ length: 5 }, () => browser(app, '198.51.100.10'));
      const holds = [];
      for (const [i, member] of family.slice(0, 4).entries()) {
        const res = await member.hold(HALL, seats.slice(i * 6, i * 6 + 6));
        assert.equal(res.statusCode, 201, res.body);
        holds.push(res.json());
      }
      const fifth = await family[4]!.hold(HALL, seats.slice(100, 101));
      assert.deepEqual([fifth.statusCode, fifth.json().error.code], [409, 'seat_hold_limit']);
      assert.equal((await browser(app, '198.51.100.11').hold(HALL, seats.slice(110, 116))).statusCode, 201, 'a neighbour has their own allowance');
      assert.equal((await family[0]!.release(holds[0].id)).statusCode, 204);
      assert.equal((await family[4]!.hold(HALL, seats.slice(100, 101))).statusCode, 201);
    });

    test('60 concurrent holds from one address, split across two proxies sharing the database: never more than 24 seats', async (t) => {
      const a = await proxy(t);
      const b = await proxy(t);
      const seats = await hallSeats(a);
      const results = await Promise.all(
        Array.from({ length: 60 }, (_, i) => ((i % 2 ? b : a) as FastifyInstance).inject({ method: 'POST', url: '/api/seat-holds', remoteAddress: '198.51.100.20', payload: { eventId: HALL, seats: seats.slice(i * 2, i * 2 + 2) } })),
      );
      const codes = results.map((r) => r.statusCode);
      assert.deepEqual([codes.filter((c) => c === 201).length, codes.filter((c) => c === 409).length], [12, 48], codes.join(','));
      for (const r of results.filter((x) => x.statusCode === 409)) assert.equal(r.json().error.code, 'seat_hold_limit');
      assert.equal((await availability(a)).held.length, 24);
    });

    test('embedded cross-site over https: the holder cookie is __Host-, Secure, SameSite=None, Partitioned and works with credentialed CORS; a foreign page cannot use it', async (t) => {
      const shop = 'https://shop.example.com';
      const app = await proxy(t, { PUBLIC_BASE_URL: 'https://pay.example.com', ALLOWED_ORIGINS: shop });
      const buyer = browser(app);
      const hold = await buyer.hold(HALL, ['STALLS:J:1'], { origin: shop });
      assert.equal(hold.statusCode, 201, hold.body);
      assert.equal(hold.headers['access-control-allow-origin'], shop);
      assert.equal(hold.headers['access-control-allow-credentials'], 'true', 'the kit\'s credentialed fetch may read the answer and keep the cookie');
      const cookie = String(hold.headers['set-cookie']);
      assert.match(cookie, /^__Host-ck_holder=/);
      for (const attribute of [/; Secure/, /; HttpOnly/, /; SameSite=None/, /; Partitioned/, /; Path=\//]) assert.match(cookie, attribute);
      assert.doesNotMatch(cookie, /Domain=/);
      // The release is a DELETE from the shop's page: its preflight must allow it, with credentials.
      const preflight = await app.inject({ method: 'OPTIONS', url: `/api/seat-holds/${hold.json().id}`, headers: { origin: shop, 'access-control-request-method': 'DELETE' } });
      assert.equal(preflight.statusCode, 204);
      assert.match(String(preflight.headers['access-control-allow-methods']), /DELETE/);
      assert.equal(preflight.headers['access-control-allow-credentials'], 'true');
      // A foreign page makes the shopper's browser send the cookie (SameSite=None): refused by origin.
      const foreign = await buyer.release(hold.json().id, { origin: 'https://evil.example' });
      assert.deepEqual([foreign.statusCode, foreign.json().error.code], [403, 'origin_not_allowed']);
      assert.deepEqual((await availability(app)).held, ['STALLS:J:1']);
      assert.equal((await buyer.release(hold.json().id, { origin: shop })).statusCode, 204);
    });

    test('SEAT_HOLDS_PER_IP sets the allowance, never below one full order; behind TRUST_PROXY each shopper\'s address counts', async (t) => {
      assert.equal(loadConfig({}).seatHoldsPerIp, 24);
      assert.equal(loadConfig({ SEAT_HOLDS_PER_IP: '40' }).seatHoldsPerIp, 40);
      assert.throws(() => loadConfig({ SEAT_HOLDS_PER_IP: '0' }), (e: unknown) => e instanceof ConfigError && /SEAT_HOLDS_PER_IP/.test(e.message));
      assert.throws(() => loadConfig({ SEAT_HOLDS_PER_IP: 'lots' }), ConfigError);

      const app = await proxy(t, { SEAT_HOLDS_PER_IP: '2', TRUST_PROXY: '1' });
      // Every request arrives from the load balancer (10.0.0.2); X-Forwarded-For names the shopper.
      const viaBalancer = () => browser(app, '10.0.0.2');
      const first = viaBalancer();
      const six = await first.hold(HALL, ['STALLS:H:1', 'STALLS:H:2', 'STALLS:H:3', 'STALLS:H:4', 'STALLS:H:5', 'STALLS:H:6'], { 'x-forwarded-for': '203.0.113.50' });
      assert.equal(six.statusCode, 201, 'one full order of 6 even with an allowance of 2');
      const sameShopper = await viaBalancer().hold(HALL, ['STALLS:H:7'], { 'x-forwarded-for': '203.0.113.50' });
      assert.deepEqual([sameShopper.statusCode, sameShopper.json().error.code], [409, 'seat_hold_limit']);
      const otherShopper = await viaBalancer().hold(HALL, ['STALLS:H:7'], { 'x-forwarded-for': '203.0.113.51' });
      assert.equal(otherShopper.statusCode, 201, 'another shopper behind the same balancer');
    });
  });
}
