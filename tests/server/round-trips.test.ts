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
 * Per plain session creation (products without a stock count): velocity 1 (`ck_velocity_begin`:
 * the advisory locks, the reads and the count in one statement, the attempt naming its order),
 * the order 3 (BEGIN, the order with its `order_created` row, COMMIT), the session with its
 * `session_created` row 1. A product with a stock count adds its row lock and the read of what
 * is left. Before issue 17: 18; then 11 (velocity 5, order 3, binding the attempt 1, the stock
 * row lock 1 even for unlimited products, session 1).
 */
const SESSION_ROUND_TRIPS = 5;

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
    });
  });
}
