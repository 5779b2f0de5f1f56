import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { migrate } from '../../server/storage/db';
import { IdempotencyStore } from '../../server/storage/idempotency';
import { canMove, OrderStore } from '../../server/orders/store';
import { OrderFeatures } from '../../server/orders/features';
import { countingDatabase } from '../helpers/round-trips';
import { eventually } from '../helpers/wait';
import { closeDatabases, database, DATABASES, order, stack } from './helpers';

after(closeDatabases);

for (const { name, url, skip } of DATABASES) {
  test(`[${name}] migrations are applied once; orders, payments and the audit log round-trip`, { skip }, async (t) => {
    const db = await database(t, url);
    assert.deepEqual(await migrate(db), [], 'a second run applies nothing');
    const store = new OrderStore(db);
    await store.create({ id: 'ORDTEST1', channel: 'flow', amount: 12345, currency: 'HKD', subtotal: 12345, discount: 0, shipping: 0, tax: 0, country: 'HK', lines: [{ reference: 'x' }], customer: { email: 'a@example.com' }, addresses: {} });
    await store.attachSession('ORDTEST1', 'ps_test');
    const got = await store.get('ORDTEST1');
    assert.equal(got?.amount, 12345);
    assert.equal(typeof got?.amount, 'number');
    assert.deepEqual(got?.lines, [{ reference: 'x' }]);
    assert.equal((await store.findBySession('ps_test'))?.id, 'ORDTEST1');
    const applied = await store.applyPayment({ orderId: 'ORDTEST1', paymentId: 'pay_1', paymentStatus: 'Captured', amount: 12345, currency: 'HKD', to: 'paid', source: 'verify', actor: 'test', eventType: 'verified' });
    assert.deepEqual(applied, { applied: true, status: 'paid' });
    assert.equal((await store.findByPayment('pay_1'))?.id, 'ORDTEST1');
    assert.equal(await store.recordWebhook('evt_1', 'payment_captured', 'pay_1', 'x'), true);
    assert.equal(await store.recordWebhook('evt_1', 'payment_captured', 'pay_1', 'x'), false);
    assert.deepEqual((await store.events('ORDTEST1')).map((e) => e.type), ['verified']);
  });

  test(`[${name}] a new order's transaction opens only when a feature asks the database, and what a feature wrote goes with an order that cannot be written`, { skip }, async (t) => {
    const { db, counts } = countingDatabase(await database(t, url));
    const features = new OrderFeatures();
    // A feature that writes only for some orders (as stock, coupons, seat holds and gift cards do).
    features.register({
      name: 'marks',
      onCreate: async (o, tx) => {
        if (o.coupon) await tx.query(`INSERT INTO payment_attempts (kind, order_id, weight, at) VALUES ('session', $1, 1, now())`, [o.id]);
      },
    });
    const store = new OrderStore(db, features);
    const newOrder = (id: string, coupon?: string) => ({ id, channel: 'flow' as const, amount: 100, currency: 'HKD', subtotal: 100, discount: 0, shipping: 0, tax: 0, country: 'HK', lines: [], customer: { email: 'a@example.com' }, addresses: {}, ...(coupon ? { coupon } : {}) });
    const audit = { source: 'session' as const, type: 'order_created', actor: 'test' };

    counts.reset();
    await store.createAudited(newOrder('ORDLAZY1'), audit);
    assert.deepEqual(counts.statements.map((x) => x.slice(0, 25)), ['WITH created AS (INSERT I'], 'no feature asked: one statement, no BEGIN/COMMIT');
    assert.deepEqual((await store.events('ORDLAZY1')).map((e) => e.type), ['order_created']);

    counts.reset();
    await store.createAudited(newOrder('ORDLAZY2', 'MARK'), audit);
    assert.equal(counts.statements[0], 'BEGIN');
    assert.equal(counts.statements.at(-1), 'COMMIT / ROLLBACK');
    const marks = async (id: string) => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM payment_attempts WHERE order_id = $1', [id])).rows[0]!.n;
    assert.equal(await marks('ORDLAZY2'), 1);

    // The order row cannot be written (its id is taken): the feature's write is rolled back with it.
    await assert.rejects(store.createAudited({ ...newOrder('ORDLAZY1', 'MARK') }, audit));
    assert.equal(await marks('ORDLAZY1'), 0, "the feature's row went with the failed order");
    assert.deepEqual((await store.events('ORDLAZY1')).map((e) => e.type), ['order_created']);
  });

  test(`[${name}] idempotency: 50 concurrent duplicates run the work once and all get its result`, { skip }, async (t) => {
    const db = await database(t, url);
    const store = new IdempotencyStore(db, { pollMs: 10 });
    let runs = 0;
    // The first run stays in flight until every duplicate has been sent.
    let finish: () => void = () => undefined;
    const inFlight = new Promise<void>((resolve) => (finish = resolve));
    const work = async () => {
      runs++;
      await inFlight;
      return { statusCode: 201, body: { session: `s${runs}` } };
    };
    const pending = Promise.all(Array.from({ length: 50 }, () => store.run('scope', 'key-1', { a: 1 }, work)));
    await eventually(async () => runs === 1, 'the first duplicate to start the work');
    finish();
    const results = await pending;
    assert.equal(runs, 1);
    assert.ok(results.every((r) => (r.body as { session: string }).session === 's1'));
    // Two stores on one database = two proxies: the second replays from the row.
    const other = new IdempotencyStore(db, { pollMs: 10 });
    const replay = await other.run('scope', 'key-1', { a: 1 }, work);
    assert.equal(replay.replayed, true);
    assert.equal(runs, 1);
    await assert.rejects(other.run('scope', 'key-1', { a: 2 }, work), /different request/);
    // A failed first attempt stores nothing: the same key may be retried.
    await assert.rejects(store.run('scope', 'key-2', {}, async () => { throw new Error('boom'); }));
    assert.equal((await store.run('scope', 'key-2', {}, work)).statusCode, 201);
  });

  test(`[${name}] two proxies sharing the database and 50 concurrent duplicate clicks → one upstream session`, { skip }, async (t) => {
    const s = await stack(t, { databaseUrl: url, build: { checkoutClient: { writeTimeoutMs: 10_000 }, rateLimits: { payments: { max: 1000, timeWindow: 60_000 } } } });
    const db = s.app.db;
    const config = loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: 'memory://', PUBLIC_BASE_URL: s.url });
    config.checkout.apiUrl = s.emulator.url;
    const second = await buildApp(config, { logger: false, database: db, velocity: false, rateLimits: { payments: { max: 1000, timeWindow: 60_000 } } });
    t.after(() => second.close());
    // Make the upstream slow enough that every duplicate arrives while the first is in flight.
    s.emulator.app.emulator.faults.add({ method: 'POST', path: '/payment-sessions', mode: 'latency', latencyMs: 300, count: 1 });
    const body = order();
    const headers = { 'idempotency-key': 'click-0000-0001' };
    const apps = [s.app, second];
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) => apps[i % 2]!.inject({ method: 'POST', url: '/create-payment-sessions', payload: body, headers, remoteAddress: `10.0.0.${i}` })),
    );
    const statuses = responses.map((r) => r.statusCode);
    assert.ok(statuses.every((c) => c === 201), JSON.stringify(statuses));
    const ids = new Set(responses.map((r) => r.json().paymentSession.id));
    assert.equal(ids.size, 1);
    assert.equal(s.emulator.app.emulator.store.paymentSessions.size, 1);
    assert.equal((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM orders')).rows[0]!.n, 1);
    // The same key with a changed order is refused.
    const changed = await s.request('POST', '/create-payment-sessions', order({ items: [{ reference: 'case-iphone16-clear', quantity: 3 }] }), headers);
    assert.equal(changed.status, 409);
    assert.equal(changed.body.error.code, 'idempotency_key_reused');
  });
}

test('order status moves: final states stay final; a Flow retry may turn declined into paid', () => {
  assert.equal(canMove('pending', 'paid'), true);
  assert.equal(canMove('declined', 'paid'), true);
  assert.equal(canMove('paid', 'declined'), false);
  assert.equal(canMove('refunded', 'paid'), false);
});
