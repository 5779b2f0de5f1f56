import { after, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import type { Database } from '../../server/storage/db';
import { browser, closeDatabases, customer, database, DATABASES, payOnEmulator, stack, type Browser } from './helpers';
import { sseMessages, type SseMessage } from '../helpers/sse';

type Json = Record<string, any>;

const HALL = 'harbour-strings-2031';
const ARENA = 'skyline-live-2031';

after(() => closeDatabases());

async function clean(db: Database) {
  await db.query('TRUNCATE seat_claims, seat_holds, seat_versions');
}

async function app(t: TestContext, db: Database, opts: { listen?: boolean } = {}): Promise<FastifyInstance & { url?: string }> {
  const instance = await buildApp(loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: 'memory://' }), { logger: false, database: db, velocity: false });
  t.after(() => instance.close());
  if (opts.listen) {
    const url = await instance.listen({ host: '127.0.0.1', port: 0 });
    return Object.assign(instance, { url });
  }
  await instance.ready();
  return instance;
}

function hold(buyer: Browser, seats: string[], eventId = HALL) {
  return buyer.hold(eventId, seats);
}

async function seats(a: FastifyInstance, eventId = HALL): Promise<Json> {
  const res = await a.inject({ method: 'GET', url: `/api/events/${eventId}/seats` });
  assert.equal(res.statusCode, 200);
  return res.json();
}

/** A clock the test moves by hand. */
function clock(a: FastifyInstance) {
  let now = Date.now();
  a.seatHolds.now = () => now;
  return { advance: (ms: number) => (now += ms), get now() { return now; } };
}

for (const { name, url, skip } of DATABASES) {
  describe(`seat holds (${name})`, { skip }, () => {
    test('a buyer holds seats atomically; another buyer gets 409 with the taken seats; a new hold replaces the old', async (t) => {
      const db = await database(t, url);
      await clean(db);
      const a = await app(t, db);
      const [buyerA, buyerB] = [browser(a), browser(a)];
      const first = await hold(buyerA, ['STALLS:A:1', 'STALLS:A:2']);
      assert.equal(first.statusCode, 201);
      const h = first.json();
      assert.match(h.id, /^sh_/);
      assert.deepEqual(h.seats, ['STALLS:A:1', 'STALLS:A:2']);
      assert.equal(h.status, 'held');
      assert.equal(h.extended, false);
      const left = Date.parse(h.expiresAt) - Date.parse(h.serverTime);
      assert.ok(left > 299_000 && left <= 300_000, `hold lasts 5 minutes (${left} ms)`);
      assert.deepEqual((await seats(a)).held.sort(), ['STALLS:A:1', 'STALLS:A:2']);

      const other = await hold(buyerB, ['STALLS:A:3', 'STALLS:A:2']);
      assert.equal(other.statusCode, 409);
      assert.equal(other.json().error.code, 'seat_unavailable');
      assert.deepEqual(other.json().error.fields, [{ path: 'seats.1', message: 'STALLS:A:2 is no longer available' }]);
      // All or nothing: A:3 was not held for B either.
      assert.deepEqual((await seats(a)).held.sort(), ['STALLS:A:1', 'STALLS:A:2']);

      const replaced = await hold(buyerA, ['STALLS:A:2', 'STALLS:A:3']);
      assert.equal(replaced.statusCode, 200);
      assert.equal(replaced.json().id, h.id);
      assert.equal(replaced.json().expiresAt, h.expiresAt, 're-holding buys no extra time');
      assert.deepEqual((await seats(a)).held.sort(), ['STALLS:A:2', 'STALLS:A:3']);
    });

    test('refuses unknown seats, duplicates, too many seats and unknown events; a browser without a holder cookie is issued one', async (t) => {
      const db = await database(t, url);
      await clean(db);
      const a = await app(t, db);
      const buyer = browser(a);
      const bad = await hold(buyer, ['STALLS:A:1', 'STALLS:Z:1', 'STALLS:A:1']);
      assert.equal(bad.statusCode, 400);
      assert.deepEqual(bad.json().error.fields.map((f: Json) => f.path), ['seats.1', 'seats.2']);
      const many = await hold(buyer, Array.from({ length: 7 }, (_, i) => `STALLS:A:${i + 1}`));
      assert.equal(many.statusCode, 400);
      assert.match(many.json().error.fields[0].message, /at most 6 seats/);
      assert.equal((await hold(buyer, ['STALLS:A:1'], 'no-such-event')).statusCode, 404);
      const first = await browser(a).hold(HALL, ['STALLS:A:1']);
      assert.equal(first.statusCode, 201);
      const cookie = String(first.headers['set-cookie']);
      assert.match(cookie, /^ck_holder=[\w-]{43}\.[\w+/=%-]+;/, 'a signed holder token');
      assert.match(cookie, /HttpOnly/);
      assert.match(cookie, /SameSite=Lax/, 'over http the demo embed on another localhost port is same-site');
      const again = await a.inject({ method: 'POST', url: '/api/seat-holds', headers: { cookie: cookie.split(';')[0]! }, payload: { eventId: HALL, seats: ['STALLS:A:1', 'STALLS:A:2'] } });
      assert.equal(again.json().id, first.json().id, 'the cookie comes back: the same buyer');
    });

    test('extends once by five minutes; only its holder may extend or release it', async (t) => {
      const db = await database(t, url);
      await clean(db);
      const a = await app(t, db);
      const [buyerA, buyerB] = [browser(a), browser(a)];
      const h = (await hold(buyerA, ['STALLS:B:5'])).json();
      await hold(buyerB, ['STALLS:B:9']);
      const stranger = await buyerB.extend(h.id);
      assert.equal(stranger.statusCode, 404);
      assert.equal((await a.inject({ method: 'POST', url: `/api/seat-holds/${h.id}/extend`, payload: {} })).statusCode, 404, 'no cookie: nobody');
      const extended = await buyerA.extend(h.id);
      assert.equal(extended.statusCode, 200);
      assert.equal(extended.json().extended, true);
      assert.equal(Date.parse(extended.json().expiresAt) - Date.parse(h.expiresAt), 300_000);
      const again = await buyerA.extend(h.id);
      assert.equal(again.statusCode, 409);
      assert.equal(again.json().error.code, 'seat_hold_already_extended');

      assert.equal((await buyerB.release(h.id)).statusCode, 404);
      const released = await buyerA.release(h.id);
      assert.equal(released.statusCode, 204);
      assert.deepEqual((await seats(a)).held, ['STALLS:B:9']);
      assert.equal((await buyerA.release(h.id)).statusCode, 204);
      assert.equal((await hold(buyerB, ['STALLS:B:5'])).statusCode, 200, 'released seats can be held by others');
    });

    test('an expired hold frees its seats: lazily on read and write, and by the sweep', async (t) => {
      const db = await database(t, url);
      await clean(db);
      const a = await app(t, db);
      const time = clock(a);
      const [buyerA, buyerB] = [browser(a), browser(a)];
      const h = (await hold(buyerA, ['STALLS:C:1', 'STALLS:C:2'])).json();
      const before = await seats(a);
      time.advance(300_001);
      assert.deepEqual((await seats(a)).held, [], 'expired holds read as free before any sweep');
      const late = await buyerA.extend(h.id);
      assert.equal(late.statusCode, 409);
      assert.equal(late.json().error.code, 'seat_hold_expired');

      assert.equal(await a.seatHolds.sweep(), 2);
      const after = await seats(a);
      assert.equal(after.version, before.version + 1, 'the sweep publishes one change');
      assert.equal(await a.seatHolds.sweep(), 0);
      assert.equal((await a.seatHolds.get(h.id))?.expiresAt, 0, 'pricing sees the expiry and answers 409');

      // Lazily on write too: another buyer takes a seat of an expired, unswept hold.
      const h2 = (await hold(buyerA, ['STALLS:C:3'])).json();
      time.advance(300_001);
      assert.equal((await hold(buyerB, ['STALLS:C:3'])).statusCode, 201);
      assert.equal((await a.seatHolds.get(h2.id))?.expiresAt, 0);
    });

    test('200 concurrent holds on one seat: exactly one winner, 199 × 409', async (t) => {
      const db = await database(t, url);
      await clean(db);
      const a = await app(t, db);
      const results = await Promise.all(
        // 200 browsers on 200 addresses (one address may hold only SEAT_HOLDS_PER_IP seats).
        Array.from({ length: 200 }, (_, i) => hold(browser(a, `10.0.${i >> 8}.${i & 255}`), ['STALLS:D:7', `STALLS:${i % 2 ? 'E' : 'F'}:${(i % 14) + 1}`])),
      );
      const codes = results.map((r) => r.statusCode);
      assert.equal(codes.filter((c) => c === 201).length, 1, `one winner (${JSON.stringify(codes.reduce<Record<number, number>>((m, c) => ({ ...m, [c]: (m[c] ?? 0) + 1 }), {}))})`);
      assert.equal(codes.filter((c) => c === 409).length, 199);
      for (const r of results.filter((x) => x.statusCode === 409)) assert.equal(r.json().error.code, 'seat_unavailable');
      const held = (await seats(a)).held;
      assert.equal(held.filter((s: string) => s === 'STALLS:D:7').length, 1);
      assert.equal(held.length, 2, 'the losers hold nothing, not even their other seat');
    });

    test('the live stream sends a snapshot, then each change — also from another proxy sharing the database', async (t) => {
      const db = await database(t, url);
      await clean(db);
      const a = await app(t, db, { listen: true });
      const b = await app(t, db);
      const [buyerA, buyerB, buyerC] = [browser(a), browser(a), browser(b)];
      await hold(buyerA, ['STALLS:G:1']);
      const stream = await openStream(t, `${a.url}/api/events/${HALL}/seats/stream`);
      const snapshot = await stream.next('availability');
      assert.deepEqual(snapshot.held, ['STALLS:G:1']);

      await hold(buyerB, ['STALLS:G:2']);
      const change = await stream.next('change');
      assert.deepEqual(change, { eventId: HALL, version: snapshot.version + 1, free: [], held: ['STALLS:G:2'], sold: [] });

      // Another proxy process (here: another app on the same database) releases a hold.
      const other = (await hold(buyerC, ['STALLS:G:3'])).json();
      assert.deepEqual((await stream.next('change')).held, ['STALLS:G:3']);
      await buyerC.release(other.id);
      const freed = await stream.next('change');
      assert.deepEqual(freed.free, ['STALLS:G:3']);
      assert.equal(freed.version, snapshot.version + 3);
      assert.equal(a.seatFeed.subscribers, 1);
    });

    test('the stream of an unknown event is a 404', async (t) => {
      const db = await database(t, url);
      const a = await app(t, db);
      assert.equal((await a.inject({ method: 'GET', url: '/api/events/nope/seats/stream' })).statusCode, 404);
      assert.equal((await a.inject({ method: 'GET', url: '/api/events/nope/seats' })).statusCode, 404);
    });

    test('presale: held seats are priced from the catalog, the BIN must pass the rules, and payment sells the seats', async (t) => {
      const s = await stack(t, { databaseUrl: url });
      await clean(await database(t, url));
      const [buyerA, buyerB] = [browser(s.app), browser(s.app)];
      const h = (await hold(buyerA, ['STALLS:A:1', 'STALLS:N:3'])).json();
      const order = { items: [], seatHoldId: h.id, currency: 'HKD', country: 'HK', customer };
      const pay = (body: Json, key: string) => s.request('POST', '/create-payment-sessions', body, { 'idempotency-key': key });

      const noBin = await pay(order, 'seat-presale-key-1');
      assert.equal(noBin.status, 400);
      assert.equal(noBin.body.error.code, 'presale_card_required');
      const debit = await pay({ ...order, bin: '46591055' }, 'seat-presale-key-2');
      assert.equal(debit.status, 403);
      assert.equal(debit.body.error.code, 'presale_not_eligible');

      const ok = await pay({ ...order, bin: '42424242' }, 'seat-presale-key-3');
      assert.equal(ok.status, 201, JSON.stringify(ok.body));
      assert.equal(ok.body.order.amount, 88000 + 38000, 'Premium + Value from the catalog');
      assert.deepEqual(ok.body.order.lines.map((l: Json) => [l.reference, l.quantity, l.unitAmount]).sort(), [
        [`${HALL}:premium`, 1, 88000],
        [`${HALL}:value`, 1, 38000],
      ]);

      const result = await payOnEmulator(s.emulator.url, ok.body.paymentSession.id);
      assert.equal(result.status, 'Approved', JSON.stringify(result));
      // The webhook (or the verify call) marks the order paid; the seats become sold.
      const sold = await waitFor(async () => {
        const a = await seats(s.app);
        return a.sold.length === 2 ? a : undefined;
      });
      assert.deepEqual(sold.sold.sort(), ['STALLS:A:1', 'STALLS:N:3']);
      assert.deepEqual(sold.held, []);
      const again = await hold(buyerB, ['STALLS:A:1']);
      assert.equal(again.statusCode, 409, 'sold seats cannot be held');
      const release = await buyerA.release(h.id);
      assert.equal(release.statusCode, 409);
      assert.equal(release.json().error.code, 'seat_hold_sold');
    });

    test('the arena event holds seats in its 100,000-seat venue', async (t) => {
      const db = await database(t, url);
      await clean(db);
      const a = await app(t, db);
      const venue = await a.inject({ method: 'GET', url: `/api/events/${ARENA}/venue` });
      const layout = venue.json();
      const section = layout.sections.at(-1);
      const seat = `${section.id}:${section.rows.at(-1).label}:${section.rows.at(-1).seats}`;
      const res = await hold(browser(a), [seat], ARENA);
      assert.equal(res.statusCode, 201, JSON.stringify(res.json()));
    });
  });
}

async function waitFor<T>(check: () => Promise<T | undefined>, timeout = 5000): Promise<T> {
  const end = Date.now() + timeout;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Reads an SSE stream message by message. */
async function openStream(t: TestContext, href: string) {
  const controller = new AbortController();
  t.after(() => controller.abort());
  const res = await fetch(href, { signal: controller.signal, headers: { accept: 'text/event-stream' } });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^text\/event-stream/);
  const stream = sseMessages(res.body!);
  const messages: SseMessage[] = [];
  return {
    async next(type: string): Promise<Json> {
      // A missing message fails the test rather than hanging it; how fast messages come is a
      // benchmark figure (BENCHMARKS.md), not a timed test.
      const deadline = Date.now() + 5000;
      for (;;) {
        const index = messages.findIndex((m) => m.type === type);
        if (index >= 0) return messages.splice(index, 1)[0]!.data;
        let timer: NodeJS.Timeout | undefined;
        const late = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no ${type} message within 5 s`)), Math.max(0, deadline - Date.now()));
        });
        const { value, done } = await Promise.race([stream.next(), late]).finally(() => clearTimeout(timer));
        if (done) throw new Error('stream ended');
        messages.push(value);
      }
    },
  };
}
