import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { closeDatabases, order, payOnEmulator, stack } from './helpers';

after(closeDatabases);

test('checkout-config: emulator public key, sandbox, the emulator Flow script and currencies', async (t) => {
  const s = await stack(t);
  const res = await s.request('GET', '/api/checkout-config');
  assert.equal(res.status, 200);
  assert.match(res.body.publicKey, /^pk_sbox_/);
  assert.equal(res.body.environment, 'sandbox');
  assert.equal(res.body.flowScriptUrl, `${s.emulator.url}/flow.js`);
  assert.ok(res.body.currencies.includes('JPY'));
});

test('create-payment-sessions: priced on the server, stored pending, paid and verified', async (t) => {
  const s = await stack(t);
  const created = await s.request('POST', '/create-payment-sessions', order(), { 'idempotency-key': 'key-flow-0001' });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const o = created.body.order;
  assert.equal(o.currency, 'HKD');
  assert.equal(o.lines[0].unitAmount, 19900);
  assert.equal(o.subtotal, 39800);
  assert.equal(o.shipping, 0); // HK courier
  assert.equal(o.amount, 39800);
  assert.match(created.body.paymentSession.id, /^ps_/);
  assert.match(created.body.paymentSession.payment_session_secret, /^pss_/);

  const stored = await s.app.orders.get(o.id);
  assert.equal(stored?.status, 'pending');
  assert.equal(stored?.session_id, created.body.paymentSession.id);

  const upstream = s.emulator.app.emulator.store.paymentSessions.get(created.body.paymentSession.id)!;
  assert.equal(upstream.amount, 39800);
  assert.equal((upstream.request as Record<string, unknown>).reference, o.id);

  const paid = await payOnEmulator(s.emulator.url, created.body.paymentSession.id);
  assert.equal(paid.status, 'Approved');
  const status = await s.request('GET', `/api/payments/${paid.id}`, undefined, { 'x-ck-order-token': created.body.orderToken });
  assert.equal(status.status, 200, JSON.stringify(status.body));
  assert.equal(status.body.outcome, 'succeeded');
  assert.equal(status.body.orderId, o.id);
  assert.equal((await s.app.orders.get(o.id))?.status, 'paid');
});
