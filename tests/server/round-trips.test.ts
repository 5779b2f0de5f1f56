/**
 * Database round trips of session creation (POST /create-payment-sessions), the request a
 * shopper waits on: each is a network hop to PostgreSQL, so their number is a budget. Counted
 * with payment velocity on (as in production) and the work itself checked: the order, both its
 * audit rows and the counted attempt bound to it are there afterwards.
 */
import assert from 'node:assert/strict';
import { AsyncLocalStorage } from 'node:async_hooks';
import { describe, test } from 'node:test';
import { countingDatabase } from '../helpers/round-trips';
import { customer, database, DATABASES, order, shippingAddress, stack } from './helpers';

/**
 * Per plain session creation (products without a stock count, no coupon, seat hold or gift card):
 * velocity 1 (`ck_velocity_begin`: the advisory locks, the reads and the count in one statement,
 * the attempt naming its order), the order 1 (with its `order_created` row, one statement: no
 * order feature had anything to check, so no transaction was opened), the session with its
 * `session_created` row 1. Before issue 17: 18; then 11 (velocity 5, the order's transaction 3
 * with the stock row lock 1 even for unlimited products, binding the attempt 1, session 1).
 */
const SESSION_ROUND_TRIPS = 3;
/** A product with a stock count: the order's transaction comes back (BEGIN, the row lock, what is left, what it takes, the order, COMMIT). */
const STOCKED_SESSION_ROUND_TRIPS = 8;

for (const variant of DATABASES) {
  describe(`round trips (${variant.name})`, variant.skip ? { skip: variant.skip } : {}, () => {
    test(`a session costs at most ${SESSION_ROUND_TRIPS} database round trips, and records everything it did before`, async (t) => {
      // Only the request's own statements count, not those of sweeps running meanwhile.
      const inRequest = new AsyncLocalStorage<true>();
      const { db, counts } = countingDatabase(await database(t, variant.url), () => inRequest.getStore() === true);
      const s = await stack(t, { databaseUrl: variant.url, env: { LOG_LEVEL: 'warn' }, build: { database: db, velocity: {} } });
      const body = order({ customer, shippingAddress });
      // The first request warms caches (FX rates, catalog): count the second and third.
      assert.equal((await s.request('POST', '/create-payment-sessions', body)).status, 201);
      for (let i = 0; i < 2; i++) {
        counts.reset();
        const created = await inRequest.run(true, () => s.request('POST', '/create-payment-sessions', body));
        assert.equal(created.status, 201, JSON.stringify(created.body));
        assert.ok(counts.roundTrips <= SESSION_ROUND_TRIPS, `${counts.roundTrips} round trips:\n${counts.statements.join('\n')}`);
        const id = (created.body as { order: { id: string } }).order.id;
        const [row] = (await db.query<{ status: string; session_id: string | null }>('SELECT status, session_id FROM orders WHERE id = $1', [id])).rows;
        assert.equal(row?.status, 'pending');
        assert.equal(row?.session_id, (created.body as { paymentSession: { id: string } }).paymentSession.id);
        const events = (await db.query<{ type: string }>('SELECT type FROM payment_events WHERE order_id = $1 ORDER BY id', [id])).rows.map((r) => r.type);
        assert.deepEqual(events, ['order_created', 'session_created']);
        const attempts = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM payment_attempts WHERE order_id = $1', [id])).rows[0]!.n;
        assert.equal(attempts, 1, 'the velocity attempt is bound to its order');
      }
      // The velocity count commits asynchronously; that setting ends with its own statement, so the
      // order written next (on PGlite's one connection: the very same session) commits synchronously.
      const setting = (await db.query<{ synchronous_commit: string }>('SHOW synchronous_commit')).rows[0]?.synchronous_commit;
      assert.equal(setting, 'on');
    });

    test(`an order of a product with a stock count still takes its row lock in the order's transaction (${STOCKED_SESSION_ROUND_TRIPS} round trips)`, async (t) => {
      const inRequest = new AsyncLocalStorage<true>();
      const { db, counts } = countingDatabase(await database(t, variant.url), () => inRequest.getStore() === true);
      const s = await stack(t, { databaseUrl: variant.url, env: { LOG_LEVEL: 'warn' }, build: { database: db, velocity: {} } });
      const body = order({ customer, shippingAddress, items: [{ reference: 'case-iphone16pro-clear', quantity: 1 }] });
      assert.equal((await s.request('POST', '/create-payment-sessions', body)).status, 201);
      counts.reset();
      const created = await inRequest.run(true, () => s.request('POST', '/create-payment-sessions', body));
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.equal(counts.roundTrips, STOCKED_SESSION_ROUND_TRIPS, counts.statements.join('\n'));
      const [begin, lock] = counts.statements.slice(counts.statements.indexOf('BEGIN'));
      assert.equal(begin, 'BEGIN');
      assert.match(lock ?? '', /FROM product_stock .* FOR UPDATE/, 'the stock row is locked first, inside the order\'s transaction');
      const id = (created.body as { order: { id: string } }).order.id;
      const taken = (await db.query<{ quantity: number }>('SELECT quantity FROM order_stock WHERE order_id = $1', [id])).rows;
      assert.deepEqual(taken.map((r) => Number(r.quantity)), [1]);
    });
  });
}
