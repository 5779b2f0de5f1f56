/**
 * Shop rules the proxy enforces by its own clock and its own database: the general sale of an
 * event (the presale card rule applies only in the presale), product stock that cannot oversell
 * across proxies, and coupons with real rules. Every test runs the proxy against the emulator
 * over real sockets, on PGlite and on a real PostgreSQL.
 */
import { after, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { loadCatalog, parseCatalog } from '../../server/catalog';
import { closeDatabases, customer, DATABASES, order, orderIn, payOnEmulator, stack, type Stack } from './helpers';

type Json = Record<string, any>;

after(() => closeDatabases());

/** Visa credit only in its presale (1 Jan 2025 → 31 Dec 2030, Hong Kong time); general sale from 1 Jan 2031 10:00 HKT. */
const HALL = 'harbour-strings-2031';
const MASTERCARD = '5436031030606378';
const at = (iso: string) => Date.parse(iso);

/** Races load the machine: the emulator gets the time it needs (the helpers' default is a tight 800 ms). */
const build = (catalog: ReturnType<typeof loadCatalog>) => ({ catalog, orderSweepEvery: 0, checkoutClient: { readTimeoutMs: 10_000, writeTimeoutMs: 10_000 } });

async function shop(t: TestContext, url: string | undefined, catalog = loadCatalog()): Promise<Stack> {
  const s = await stack(t, { databaseUrl: url, build: build(catalog) });
  await s.app.db.query('TRUNCATE seat_claims, seat_holds, seat_versions');
  return s;
}

const hold = (s: Stack, holder: string, seats: string[], eventId = HALL) =>
  s.app.inject({ method: 'POST', url: '/api/seat-holds', headers: { 'x-ck-holder': holder }, payload: { eventId, seats } });

const phaseOf = async (s: Stack, eventId: string) => ((await s.request('GET', '/api/catalog')).body.events as Json[]).find((e) => e.id === eventId)?.salePhase;

/** A catalog whose products have the given stock counts. */
function stocked(counts: Record<string, number | 'unlimited'>) {
  const data = structuredClone(loadCatalog().data) as Json;
  for (const p of data.products) if (p.reference in counts) p.stock = counts[p.reference];
  return parseCatalog(data);
}

for (const { name, url, skip } of DATABASES) {
  describe(`general sale by the server's clock (${name})`, { skip }, () => {
    test('before the presale no seat can be held; in the presale only an eligible card buys; at the general-sale date the same event sells to any card', async (t) => {
      const s = await shop(t, url);
      const clock = { now: at('2024-12-01T12:00:00+08:00') };
      s.app.clock.now = () => clock.now;

      // Before the presale opens: nothing can be held, and the shopper is told when it opens.
      assert.equal(await phaseOf(s, HALL), 'not_on_sale');
      const early = await hold(s, 'gs-holder-early-0123456789', ['STALLS:A:1']);
      assert.equal(early.statusCode, 409);
      assert.equal(early.json().error.code, 'event_not_on_sale');
      assert.match(early.json().error.message, /presale opens at 2025-01-01T10:00:00\+08:00/);

      // Presale: seats can be held, but a Mastercard is refused, and so is no card at all.
      clock.now = at('2030-12-31T10:00:00+08:00');
      assert.equal(await phaseOf(s, HALL), 'presale');
      const presaleHold = await hold(s, 'gs-holder-presale-0123456789', ['STALLS:A:1']);
      assert.equal(presaleHold.statusCode, 201, presaleHold.body);
      const base = { items: [], seatHoldId: presaleHold.json().id, currency: 'HKD', country: 'HK', customer };
      const noCard = await s.request('POST', '/create-payment-sessions', base);
      assert.equal(noCard.status, 400);
      assert.equal(noCard.body.error.code, 'presale_card_required');
      const mastercard = await s.request('POST', '/create-payment-sessions', { ...base, bin: MASTERCARD.slice(0, 8) });
      assert.equal(mastercard.status, 403);
      assert.equal(mastercard.body.error.code, 'presale_not_eligible');
      const presaleCheck = await s.request('POST', '/card-metadata', { number: MASTERCARD.slice(0, 8), eventId: HALL });
      assert.equal(presaleCheck.body.eligibility.eligible, false);
      await s.app.inject({ method: 'DELETE', url: `/api/seat-holds/${presaleHold.json().id}`, headers: { 'x-ck-holder': 'gs-holder-presale-0123456789' } });

      // The general-sale date passes: nothing else changes, and the same event sells to anyone.
      clock.now = at('2031-01-01T10:00:00+08:00');
      assert.equal(await phaseOf(s, HALL), 'on_sale');
      const generalCheck = await s.request('POST', '/card-metadata', { number: MASTERCARD.slice(0, 8), eventId: HALL });
      assert.deepEqual(generalCheck.body.eligibility, { eventId: HALL, eligible: true, reasons: [] });
      const generalHold = await hold(s, 'gs-holder-general-0123456789', ['STALLS:A:1', 'STALLS:A:2']);
      assert.equal(generalHold.statusCode, 201, generalHold.body);
      const session = await s.request('POST', '/create-payment-sessions', { ...base, seatHoldId: generalHold.json().id });
      assert.equal(session.status, 201, JSON.stringify(session.body));
      const orderId = session.body.order.id as string;
      assert.equal((await s.app.orders.get(orderId))?.card_rule, null, 'no presale rule on a general-sale order');

      const paid = await payOnEmulator(s.emulator.url, session.body.paymentSession.id, MASTERCARD);
      assert.equal(paid.status, 'Approved', JSON.stringify(paid));
      await orderIn(s, orderId, 'paid');
      const seats = (await s.request('GET', `/api/events/${HALL}/seats`)).body;
      assert.ok(seats.sold.includes('STALLS:A:1') && seats.sold.includes('STALLS:A:2'), 'the Mastercard bought both seats');
    });

    test('the demo catalog has an event on general sale today, and a seat of it is paid with a card its presale refused', async (t) => {
      const s = await shop(t, url);
      const events = (await s.request('GET', '/api/catalog')).body.events as Json[];
      const general = events.filter((e) => e.salePhase === 'on_sale');
      assert.ok(general.some((e) => e.id === 'harbour-gala-2031'), 'the gala is on general sale');
      const held = await hold(s, 'gs-holder-gala-0123456789', ['STALLS:B:3'], 'harbour-gala-2031');
      assert.equal(held.statusCode, 201, held.body);
      const session = await s.request('POST', '/create-payment-sessions', { items: [], seatHoldId: held.json().id, currency: 'HKD', country: 'HK', customer });
      assert.equal(session.status, 201, JSON.stringify(session.body));
      const paid = await payOnEmulator(s.emulator.url, session.body.paymentSession.id, '4659105569051157'); // a Visa debit: not a presale card
      assert.equal(paid.status, 'Approved');
      await orderIn(s, session.body.order.id, 'paid');
    });
  });

  describe(`stock that cannot oversell (${name})`, { skip }, () => {
    test('the catalog shows what is left; a session for more than is left is refused naming the line; expiry gives the units back', async (t) => {
      const s = await shop(t, url, stocked({ 'case-iphone16-clear': 3, 'case-pixel9-fabric': 0 }));
      const available = async () => Object.fromEntries(((await s.request('GET', '/api/catalog')).body.products as Json[]).map((p) => [p.reference, p.available]));
      let left = await available();
      assert.equal(left['case-iphone16-clear'], 3);
      assert.equal(left['case-pixel9-fabric'], 0);
      assert.equal(left['case-iphone16-leather'], undefined, 'no stock count: unlimited');
      assert.ok(!JSON.stringify((await s.request('GET', '/api/catalog')).body).includes('"stock"'), 'the count itself stays on the server');

      const tooMany = await s.request('POST', '/create-payment-sessions', order({ items: [{ reference: 'case-iphone16-leather', quantity: 1 }, { reference: 'case-iphone16-clear', quantity: 4 }] }));
      assert.equal(tooMany.status, 409);
      assert.equal(tooMany.body.error.code, 'out_of_stock');
      assert.deepEqual(tooMany.body.error.fields.map((f: Json) => f.path), ['items.1']);
      assert.match(tooMany.body.error.fields[0].message, /only 3 of .*case-iphone16-clear/);
      const soldOut = await s.request('POST', '/create-payment-sessions', order({ items: [{ reference: 'case-pixel9-fabric', quantity: 1 }] }));
      assert.equal(soldOut.status, 409);
      assert.match(soldOut.body.error.fields[0].message, /sold out/);
      assert.equal((await s.app.db.query('SELECT count(*)::int AS n FROM orders')).rows[0]!.n, 0, 'a refused order leaves nothing behind');

      // Two reserved by a pending order; one paid.
      const first = await s.request('POST', '/create-payment-sessions', order({ items: [{ reference: 'case-iphone16-clear', quantity: 2 }] }));
      assert.equal(first.status, 201);
      const second = await s.request('POST', '/create-payment-sessions', order({ items: [{ reference: 'case-iphone16-clear', quantity: 1 }] }));
      assert.equal(second.status, 201);
      left = await available();
      assert.equal(left['case-iphone16-clear'], 0);
      await payOnEmulator(s.emulator.url, second.body.paymentSession.id);
      await orderIn(s, second.body.order.id, 'paid');

      // The unpaid order expires: its two come back; the paid one stays sold.
      await s.app.db.query(`UPDATE orders SET created_at = now() - interval '2 days' WHERE id = $1`, [first.body.order.id]);
      assert.deepEqual(await s.app.orderExpiry.sweep(), [first.body.order.id]);
      assert.equal((await available())['case-iphone16-clear'], 2);
      const again = await s.request('POST', '/create-payment-sessions', order({ items: [{ reference: 'case-iphone16-clear', quantity: 3 }] }));
      assert.equal(again.status, 409, 'the paid unit is not for sale again');
    });

    test('a declined payment keeps the units while its session may retry; a void gives them back', async (t) => {
      const s = await shop(t, url, stocked({ 'case-iphone16-clear': 1 }));
      const o = await s.request('POST', '/create-payment-sessions', order({ items: [{ reference: 'case-iphone16-clear', quantity: 1 }] }));
      assert.equal(o.status, 201);
      await s.app.db.query(`UPDATE orders SET status = 'declined' WHERE id = $1`, [o.body.order.id]);
      const blocked = await s.request('POST', '/create-payment-sessions', order({ items: [{ reference: 'case-iphone16-clear', quantity: 1 }] }));
      assert.equal(blocked.status, 409);
      await s.app.db.query(`UPDATE orders SET status = 'voided' WHERE id = $1`, [o.body.order.id]);
      const freed = await s.request('POST', '/create-payment-sessions', order({ items: [{ reference: 'case-iphone16-clear', quantity: 1 }] }));
      assert.equal(freed.status, 201);
    });

    test('N buyers race for the last unit through two proxies sharing one database: exactly one order', async (t) => {
      const catalog = stocked({ 'charger-magnetic-15w': 1 });
      const a = await shop(t, url, catalog);
      const b = await stack(t, { databaseUrl: url, build: build(catalog) });
      const buyers = Array.from({ length: 30 }, (_, i) => ({
        proxy: i % 2 ? b : a,
        body: order({ items: [{ reference: 'charger-magnetic-15w', quantity: 1 }], customer: { email: `racer${i}@example.com`, name: `Racer ${i}` } }),
      }));
      // Over real sockets, all at once.
      const results = await Promise.all(buyers.map(async ({ proxy, body }) => {
        const res = await fetch(`${proxy.url}/create-payment-sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
        return { status: res.status, body: (await res.json()) as Json };
      }));
      const won = results.filter((r) => r.status === 201);
      assert.equal(won.length, 1, JSON.stringify(results.map((r) => r.status)));
      assert.ok(results.filter((r) => r.status !== 201).every((r) => r.status === 409 && r.body.error.code === 'out_of_stock'));
      const rows = (await a.app.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM orders o JOIN order_stock s ON s.order_id = o.id WHERE s.reference = 'charger-magnetic-15w'`)).rows[0]!;
      assert.equal(rows.n, 1, 'one order holds the unit');
    });
  });
}

/** The demo catalog plus coupons a test can use up. */
function withCoupons(coupons: Json[]) {
  const data = structuredClone(loadCatalog().data) as Json;
  data.coupons.push(...coupons);
  return parseCatalog(data);
}

const quoteOf = (s: Stack, body: Json) => s.request('POST', '/api/orders/quote', order(body));
const refusal = (res: { status: number; body: Json }) => [res.status, res.body.error?.code, res.body.error?.fields?.[0]?.path];

for (const { name, url, skip } of DATABASES) {
  describe(`coupons with real rules (${name})`, { skip }, () => {
    test('percentage within a scope and a maximum, a fixed amount per currency, validity; each refusal its own code', async (t) => {
      const s = await shop(t, url);
      // CASES15: 15 % of the cases in scope (the leather case excluded): 2 × HK$199.00 → HK$59.70.
      const cases = await quoteOf(s, { coupon: ' cases15 ', items: [{ reference: 'case-iphone16-clear', quantity: 2 }, { reference: 'case-iphone16-leather', quantity: 1 }] });
      assert.equal(cases.status, 200, JSON.stringify(cases.body));
      assert.deepEqual([cases.body.order.coupon, cases.body.order.discount], ['CASES15', 5970]);
      // At most HK$150.00 off: 15 % of 10 × HK$349.00 would be HK$523.50.
      const capped = await quoteOf(s, { coupon: 'CASES15', items: [{ reference: 'case-galaxys25-rugged', quantity: 10 }] });
      assert.equal(capped.body.order.discount, 15000);
      // Out of scope: a charger, the leather case.
      assert.deepEqual(refusal(await quoteOf(s, { coupon: 'CASES15', items: [{ reference: 'charger-usbc-30w', quantity: 1 }, { reference: 'case-iphone16-leather', quantity: 1 }] })), [400, 'coupon_not_applicable', 'coupon']);
      // LAUNCH50: its own amount per currency (€6.00), the converted base amount elsewhere.
      const eur = await quoteOf(s, { coupon: 'LAUNCH50', currency: 'EUR', country: 'FR', items: [{ reference: 'case-iphone16-clear', quantity: 1 }] });
      assert.equal(eur.body.order.discount, 600);
      const hkd = await quoteOf(s, { coupon: 'launch50', items: [{ reference: 'case-iphone16-clear', quantity: 1 }] });
      assert.equal(hkd.body.order.discount, 5000);
      // Each refusal with its own code.
      assert.deepEqual(refusal(await quoteOf(s, { coupon: 'NOPE' })), [400, 'coupon_invalid', 'coupon']);
      assert.deepEqual(refusal(await quoteOf(s, { coupon: 'SUMMER2024' })), [400, 'coupon_expired', 'coupon']);
      assert.deepEqual(refusal(await quoteOf(s, { coupon: 'USA15' })), [400, 'coupon_currency', 'coupon']);
      assert.deepEqual(refusal(await quoteOf(s, { coupon: 'SAVE100' })), [400, 'coupon_min_subtotal', 'coupon']);
      s.app.clock.now = () => at('2024-12-31T12:00:00+08:00');
      assert.deepEqual(refusal(await quoteOf(s, { coupon: 'CASES15' })), [400, 'coupon_not_started', 'coupon']);
    });

    test('WELCOME10 means it: refused to a customer email with a paid order, whatever its case; fine for a new customer', async (t) => {
      const s = await shop(t, url);
      const first = await s.request('POST', '/create-payment-sessions', order({ coupon: 'WELCOME10' }));
      assert.equal(first.status, 201, JSON.stringify(first.body));
      assert.equal(first.body.order.coupon, 'WELCOME10');
      await payOnEmulator(s.emulator.url, first.body.paymentSession.id);
      await orderIn(s, first.body.order.id, 'paid');

      for (const email of [customer.email, customer.email.toUpperCase()]) {
        const again = await s.request('POST', '/create-payment-sessions', order({ coupon: 'welcome10', customer: { ...customer, email } }));
        assert.deepEqual(refusal(again), [400, 'coupon_first_order_only', 'coupon'], email);
      }
      // A paid order without the coupon makes the customer a returning one too.
      const plain = await s.request('POST', '/create-payment-sessions', order({ customer: { email: 'sam.ho@example.com', name: 'Sam Ho' } }));
      await payOnEmulator(s.emulator.url, plain.body.paymentSession.id);
      await orderIn(s, plain.body.order.id, 'paid');
      assert.deepEqual(refusal(await s.request('POST', '/create-payment-sessions', order({ coupon: 'WELCOME10', customer: { email: 'sam.ho@example.com', name: 'Sam Ho' } }))), [400, 'coupon_first_order_only', 'coupon']);
      const fresh = await s.request('POST', '/create-payment-sessions', order({ coupon: 'WELCOME10', customer: { email: 'new.shopper@example.com', name: 'New Shopper' } }));
      assert.equal(fresh.status, 201);
    });

    test('a per-customer limit counts the order awaiting payment, whatever the case and spacing of the code; an expired order gives the use back', async (t) => {
      const s = await shop(t, url);
      const first = await s.request('POST', '/create-payment-sessions', order({ coupon: 'launch50' }));
      assert.equal(first.status, 201, JSON.stringify(first.body));
      for (const variant of ['LAUNCH50', ' Launch50\t', 'lAuNcH50']) {
        assert.deepEqual(refusal(await s.request('POST', '/create-payment-sessions', order({ coupon: variant }))), [400, 'coupon_customer_limit', 'coupon'], JSON.stringify(variant));
      }
      // Look-alikes are other codes, not a way around the limit.
      assert.deepEqual(refusal(await s.request('POST', '/create-payment-sessions', order({ coupon: 'LAUNCH５０' }))), [400, 'coupon_invalid', 'coupon']);
      await s.app.db.query(`UPDATE orders SET created_at = now() - interval '2 days' WHERE id = $1`, [first.body.order.id]);
      assert.deepEqual(await s.app.orderExpiry.sweep(), [first.body.order.id]);
      const again = await s.request('POST', '/create-payment-sessions', order({ coupon: 'LAUNCH50' }));
      assert.equal(again.status, 201);
    });

    test('attack: one coupon per order — two codes in one field or a list are refused', async (t) => {
      const s = await shop(t, url);
      assert.deepEqual(refusal(await s.request('POST', '/create-payment-sessions', order({ coupon: 'WELCOME10,LAUNCH50' }))), [400, 'coupon_invalid', 'coupon']);
      const list = await s.request('POST', '/create-payment-sessions', order({ coupon: ['WELCOME10', 'LAUNCH50'] }));
      assert.equal(list.status, 400);
      assert.equal((await s.app.db.query('SELECT count(*)::int AS n FROM orders')).rows[0]!.n, 0);
    });

    test('attack: swapping the coupon after pricing — a retry with the same Idempotency-Key and another coupon is refused; the order keeps what was priced', async (t) => {
      const s = await shop(t, url);
      const key = 'swap-coupon-0123456789';
      const priced = await s.request('POST', '/create-payment-sessions', order({ coupon: 'FREESHIP' }), { 'idempotency-key': key });
      assert.equal(priced.status, 201);
      const swapped = await s.request('POST', '/create-payment-sessions', order({ coupon: 'WELCOME10' }), { 'idempotency-key': key });
      assert.equal(swapped.status, 409);
      assert.equal(swapped.body.error.code, 'idempotency_key_reused');
      const stored = await s.app.orders.get(priced.body.order.id);
      assert.deepEqual([stored?.coupon, stored?.discount, stored?.amount], ['FREESHIP', 0, priced.body.order.amount]);
      assert.equal((await s.app.db.query('SELECT count(*)::int AS n FROM orders')).rows[0]!.n, 1);
    });

    test('attack: a first-order coupon with no per-customer limit, taken by several orders of one customer before any is paid (one after another, and 10 at once): one order gets it', async (t) => {
      const catalog = withCoupons([{ code: 'HELLO20', percentOff: 20, firstOrderOnly: true }]);
      const s = await shop(t, url, catalog);
      const first = await s.request('POST', '/create-payment-sessions', order({ coupon: 'HELLO20' }));
      assert.equal(first.status, 201, JSON.stringify(first.body));
      // Before the first is paid, a second tab (and a second case of the email) asks again.
      for (const email of [customer.email, customer.email.toUpperCase()]) {
        assert.deepEqual(refusal(await s.request('POST', '/create-payment-sessions', order({ coupon: 'hello20', customer: { ...customer, email } }))), [400, 'coupon_first_order_only', 'coupon'], email);
      }
      // Another new customer, ten tabs at once over real sockets: one order carries it.
      const racer = { email: 'first.timer@example.com', name: 'First Timer' };
      const results = await Promise.all(Array.from({ length: 10 }, async () => {
        const res = await fetch(`${s.url}/create-payment-sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(order({ coupon: 'HELLO20', customer: racer })) });
        return { status: res.status, body: (await res.json()) as Json };
      }));
      assert.equal(results.filter((r) => r.status === 201).length, 1, JSON.stringify(results.map((r) => r.status)));
      assert.ok(results.filter((r) => r.status !== 201).every((r) => r.body.error.code === 'coupon_first_order_only'));
      // The first order expired unpaid: its use comes back, and the customer may take it again.
      await s.app.orders.expirePending(0);
      const again = await s.request('POST', '/create-payment-sessions', order({ coupon: 'HELLO20' }));
      assert.equal(again.status, 201, JSON.stringify(again.body));
    });

    test('attack: a coupon with one use left, raced by N buyers through two proxies sharing the database: exactly one order gets it', async (t) => {
      const catalog = withCoupons([{ code: 'LASTONE', percentOff: 50, usageLimit: 1 }]);
      const a = await shop(t, url, catalog);
      const b = await stack(t, { databaseUrl: url, build: build(catalog) });
      const results = await Promise.all(Array.from({ length: 30 }, async (_, i) => {
        const proxy = i % 2 ? b : a;
        const body = order({ coupon: i % 3 ? 'lastone' : ' LASTONE ', customer: { email: `buyer${i}@example.com`, name: `Buyer ${i}` } });
        const res = await fetch(`${proxy.url}/create-payment-sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
        return { proxy, status: res.status, body: (await res.json()) as Json };
      }));
      assert.equal(results.filter((r) => r.status === 201).length, 1, JSON.stringify(results.map((r) => r.status)));
      assert.ok(results.filter((r) => r.status !== 201).every((r) => r.body.error.code === 'coupon_used_up'));
      // Paid, it stays used: a later buyer is refused too.
      const winner = results.find((r) => r.status === 201)!;
      await payOnEmulator(winner.proxy.emulator.url, winner.body.paymentSession.id);
      await orderIn(winner.proxy, winner.body.order.id, 'paid');
      assert.deepEqual(refusal(await a.request('POST', '/create-payment-sessions', order({ coupon: 'LASTONE', customer: { email: 'late@example.com', name: 'Late' } }))), [400, 'coupon_used_up', 'coupon']);
    });
  });
}
