/**
 * GET /payments?reference=… (CHECKOUT-API-FACTS-2.md §5.1), what reconciliation finds an order's
 * payments with: the payments of that reference only, in GET /payments/{id}'s shape with balances,
 * `{ limit, skip, total_count, data }`, paged; reference required; secret key only.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PK, emulator, get, paymentBody, post } from './helpers';

test('lists the payments of one reference with their balances, paged by limit and skip; reference required; secret key only', async (t) => {
  const app = await emulator(t);
  const first = await post(app, '/payments', paymentBody('4242424242424242', { reference: 'ORD-LIST-1', amount: 1500 }));
  const second = await post(app, '/payments', paymentBody('4242424242424242', { reference: 'ORD-LIST-1', amount: 2500 }));
  await post(app, '/payments', paymentBody('4242424242424242', { reference: 'ORD-OTHER' }));
  assert.deepEqual([first.status, second.status], [201, 201]);
  await post(app, `/payments/${first.body.id}/refunds`, { amount: 500 });

  const all = await get(app, '/payments?reference=ORD-LIST-1&limit=10&skip=0');
  assert.equal(all.status, 200);
  assert.deepEqual([all.body.limit, all.body.skip, all.body.total_count], [10, 0, 2]);
  assert.deepEqual(new Set(all.body.data.map((p: { id: string }) => p.id)), new Set([first.body.id, second.body.id]));
  const refunded = all.body.data.find((p: { id: string }) => p.id === first.body.id);
  assert.deepEqual([refunded.status, refunded.reference, refunded.balances.total_captured, refunded.balances.total_refunded], ['Partially Refunded', 'ORD-LIST-1', 1500, 500]);

  const page = await get(app, '/payments?reference=ORD-LIST-1&limit=1&skip=1');
  assert.deepEqual([page.body.total_count, page.body.data.length], [2, 1]);
  assert.equal((await get(app, '/payments?reference=ORD-NONE')).body.total_count, 0);
  assert.equal((await get(app, '/payments?limit=10')).status, 422, 'reference is required');
  assert.equal((await get(app, '/payments?reference=ORD-LIST-1&limit=101')).status, 422);
  assert.equal((await get(app, '/payments?reference=ORD-LIST-1', PK)).status, 401);
});
