import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { EMULATOR_KEYS } from '../../server/config';
import { closeDatabases, order, payOnEmulator, stack } from './helpers';

after(closeDatabases);

const sign = (raw: string, secret: string = EMULATOR_KEYS.webhookSecret) => createHmac('sha256', secret).update(raw).digest('hex');

async function post(s: Awaited<ReturnType<typeof stack>>, event: unknown, signature?: string) {
  const raw = JSON.stringify(event);
  const res = await s.app.inject({ method: 'POST', url: '/webhooks/checkout', payload: raw, headers: { 'content-type': 'application/json', 'cko-signature': signature ?? sign(raw) } });
  return { status: res.statusCode, body: res.json() };
}

async function pendingOrder(s: Awaited<ReturnType<typeof stack>>) {
  const res = await s.request('POST', '/create-payment-sessions', order());
  assert.equal(res.status, 201);
  return res.body.order as { id: string; amount: number; currency: string };
}

const event = (id: string, type: string, data: Record<string, unknown>) => ({ id, type, version: '1.0.29', created_on: new Date().toISOString(), data, _links: {} });

test('a signed payment_approved moves the order to paid; a replay changes nothing', async (t) => {
  const s = await stack(t);
  const o = await pendingOrder(s);
  const e = event('evt_aaaaaaaaaaaaaaaaaaaaaaaaaa', 'payment_approved', { id: 'pay_aaaaaaaaaaaaaaaaaaaaaaaaaa', reference: o.id, amount: o.amount, currency: o.currency, status: 'Authorized' });
  const first = await post(s, e);
  assert.deepEqual(first, { status: 200, body: { received: true, outcome: 'applied' } });
  assert.equal((await s.app.orders.get(o.id))?.status, 'paid');
  const replay = await post(s, e);
  assert.deepEqual(replay.body, { received: true, outcome: 'duplicate' });
  const audit = await s.app.orders.events(o.id);
  assert.equal(audit.filter((a) => a.source === 'webhook').length, 1);
  // An out-of-order decline of the same order after it was paid is refused and audited.
  await post(s, event('evt_bbbbbbbbbbbbbbbbbbbbbbbbbb', 'payment_declined', { id: 'pay_aaaaaaaaaaaaaaaaaaaaaaaaaa', reference: o.id, amount: o.amount, currency: o.currency }));
  assert.equal((await s.app.orders.get(o.id))?.status, 'paid');
  assert.ok((await s.app.orders.events(o.id)).some((a) => a.type === 'transition_refused'));
});

test('forged signatures are refused with 401 and change nothing', async (t) => {
  const s = await stack(t);
  const o = await pendingOrder(s);
  const e = event('evt_cccccccccccccccccccccccccc', 'payment_approved', { id: 'pay_cccccccccccccccccccccccccc', reference: o.id, amount: o.amount, currency: o.currency });
  const raw = JSON.stringify(e);
  assert.equal((await post(s, e, sign(raw, 'not-the-secret'))).status, 401);
  assert.equal((await post(s, e, 'abc')).status, 401);
  const missing = await s.app.inject({ method: 'POST', url: '/webhooks/checkout', payload: raw, headers: { 'content-type': 'application/json' } });
  assert.equal(missing.statusCode, 401);
  assert.equal(missing.json().error.code, 'invalid_signature');
  // The signature covers the exact bytes: re-serialised JSON with one byte changed fails.
  const tampered = raw.replace(`"amount":${o.amount}`, `"amount":${o.amount + 1}`);
  const res = await s.app.inject({ method: 'POST', url: '/webhooks/checkout', payload: tampered, headers: { 'content-type': 'application/json', 'cko-signature': sign(raw) } });
  assert.equal(res.statusCode, 401);
  assert.equal((await s.app.orders.get(o.id))?.status, 'pending');
});

test('amount or currency mismatch is audited and not applied', async (t) => {
  const s = await stack(t);
  const o = await pendingOrder(s);
  const res = await post(s, event('evt_dddddddddddddddddddddddddd', 'payment_approved', { id: 'pay_dddddddddddddddddddddddddd', reference: o.id, amount: 1, currency: o.currency }));
  assert.equal(res.body.outcome, 'amount_mismatch');
  const cur = await post(s, event('evt_eeeeeeeeeeeeeeeeeeeeeeeeee', 'payment_approved', { id: 'pay_dddddddddddddddddddddddddd', reference: o.id, amount: o.amount, currency: 'USD' }));
  assert.equal(cur.body.outcome, 'amount_mismatch');
  assert.equal((await s.app.orders.get(o.id))?.status, 'pending');
  const audit = await s.app.orders.events(o.id);
  const mismatch = audit.find((a) => a.type === 'amount_mismatch');
  assert.deepEqual(mismatch?.detail.received, { amount: 1, currency: o.currency });
  assert.ok(s.logs.some((l) => l.includes('webhook not applied')));
  const unknown = await post(s, event('evt_ffffffffffffffffffffffffff', 'payment_approved', { id: 'pay_ffffffffffffffffffffffffff', reference: 'ORDNOPE', amount: 100, currency: 'HKD' }));
  assert.equal(unknown.body.outcome, 'unknown_order');
});

test('end to end: the emulator delivers signed webhooks for a real payment; the order ends paid', async (t) => {
  const s = await stack(t);
  const o = await pendingOrder(s);
  const session = (await s.app.orders.get(o.id))!.session_id!;
  const paid = await payOnEmulator(s.emulator.url, session);
  assert.equal(paid.status, 'Approved');
  await s.emulator.app.emulator.webhooks.idle();
  const log = s.emulator.app.emulator.webhooks.log;
  assert.ok(log.length > 0);
  assert.ok(log.every((d) => d.state === 'delivered'), JSON.stringify(log));
  assert.equal((await s.app.orders.get(o.id))?.status, 'paid');

  const declined = await pendingOrder(s);
  await payOnEmulator(s.emulator.url, (await s.app.orders.get(declined.id))!.session_id!, '4544249167673670');
  await s.emulator.app.emulator.webhooks.idle();
  await sleep(10);
  assert.equal((await s.app.orders.get(declined.id))?.status, 'declined');
});
