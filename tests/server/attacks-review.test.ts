/**
 * Attacks found by the session-7 review of the proxy's rules (RELIABILITY.md §6), each as a
 * shopper or a script would send it, through the proxy's routes, with the emulator paying real
 * tokens. Each failed on the code before its fix.
 *
 * - A seat spelled with a leading zero (`STALLS:N:03`) is the same chair as `STALLS:N:3`, but
 *   was held, priced and sold under its own spelling: a seat someone else held or had bought
 *   could be bought a second time, and one hold could list one chair twice.
 */
import { after, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../server/storage/db';
import { browser, closeDatabases, customer, DATABASES, orderIn, payOnEmulator, stack, type Stack } from './helpers';


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
