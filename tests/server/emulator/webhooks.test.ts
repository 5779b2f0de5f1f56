import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test, type TestContext } from 'node:test';
import { emulator, paymentBody, post } from './helpers';

const SECRET = 'whsec-test-key';

interface Received {
  raw: string;
  signature: string;
  body: Record<string, any>;
}

/** A receiver that verifies signatures on the raw body and can fail the first N deliveries. */
async function receiver(t: TestContext, failFirst = 0): Promise<{ url: string; received: Received[]; attempts: () => number }> {
  const received: Received[] = [];
  let attempts = 0;
  const server: Server = createServer((request: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      attempts++;
      if (attempts <= failFirst) {
        response.writeHead(503).end();
        return;
      }
      const raw = Buffer.concat(chunks).toString('utf8');
      const signature = String(request.headers['cko-signature'] ?? '');
      const expected = createHmac('sha256', SECRET).update(raw).digest('hex');
      const valid = signature.length === expected.length && timingSafeEqual(Buffer.from(signature), Buffer.from(expected));
      if (!valid) {
        response.writeHead(401).end();
        return;
      }
      received.push({ raw, signature, body: JSON.parse(raw) });
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/checkout`, received, attempts: () => attempts };
}

test('approved + captured payment: two signed envelopes with the documented shape', async (t) => {
  const hook = await receiver(t);
  const app = await emulator(t, { webhook: { url: hook.url, secret: SECRET } });
  const payment = await post(app, '/payments', paymentBody('4242424242424242', { reference: 'ORD-5023-4E89', metadata: { order: 'o1' } }));
  await app.emulator.webhooks.idle();
  assert.deepEqual(hook.received.map((r) => r.body.type), ['payment_approved', 'payment_captured']);
  for (const { body, signature } of hook.received) {
    assert.match(signature, /^[0-9a-f]{64}$/);
    assert.match(body.id, /^evt_[a-z2-7]{26}$/);
    assert.ok(body.version && body.created_on);
    assert.equal(body.data.id, payment.body.id);
    assert.equal(body.data.reference, 'ORD-5023-4E89');
    assert.equal(body.data.amount, 1000);
    assert.equal(body.data.currency, 'GBP');
    assert.equal(body.data.response_code, '10000');
    assert.deepEqual(body.data.metadata, { order: 'o1' });
    assert.equal(body._links.payment.href, `http://localhost:80/payments/${payment.body.id}`);
    assert.ok(body._links.self.href.endsWith(`/workflows/events/${body.id}`));
  }
  assert.equal(hook.received[0]!.body.data.action_id, payment.body.action_id);
  assert.notEqual(hook.received[1]!.body.data.action_id, payment.body.action_id);
  assert.ok(app.emulator.webhooks.log.every((d) => d.state === 'delivered'));
});

test('a refund raises a signed payment_refunded: the refund\'s action id, amount and reference, the payment\'s currency, metadata and balances', async (t) => {
  const hook = await receiver(t);
  const app = await emulator(t, { webhook: { url: hook.url, secret: SECRET } });
  const payment = await post(app, '/payments', paymentBody('4242424242424242', { reference: 'ORD-5023-4E89', metadata: { order_id: 'ORD-5023-4E89' } }));
  const refund = await post(app, `/payments/${payment.body.id}/refunds`, { amount: 400, reference: 'ORD-5023-4E89-R1' }, undefined, { 'cko-idempotency-key': 'refund-webhook-1' });
  assert.equal(refund.status, 202);
  // A replay of the same key is not a second refund: no second event either.
  assert.equal((await post(app, `/payments/${payment.body.id}/refunds`, { amount: 400 }, undefined, { 'cko-idempotency-key': 'refund-webhook-1' })).body.action_id, refund.body.action_id);
  await app.emulator.webhooks.idle();
  assert.deepEqual(hook.received.map((r) => r.body.type), ['payment_approved', 'payment_captured', 'payment_refunded']);
  const { body, signature } = hook.received[2]!;
  assert.match(signature, /^[0-9a-f]{64}$/);
  assert.match(body.id, /^evt_[a-z2-7]{26}$/);
  assert.deepEqual(
    [body.data.id, body.data.action_id, body.data.amount, body.data.currency, body.data.reference, body.data.response_code],
    [payment.body.id, refund.body.action_id, 400, 'GBP', 'ORD-5023-4E89-R1', '10000'],
  );
  assert.deepEqual(body.data.metadata, { order_id: 'ORD-5023-4E89' });
  assert.deepEqual([body.data.balances.total_captured, body.data.balances.total_refunded, body.data.balances.available_to_refund], [1000, 400, 600]);
  assert.equal(body._links.payment.href, `http://localhost:80/payments/${payment.body.id}`);
  assert.ok(app.emulator.webhooks.log.every((d) => d.state === 'delivered'));
});

test('declined, 3DS pending and card verification raise their events', async (t) => {
  const hook = await receiver(t);
  const app = await emulator(t, { webhook: { url: hook.url, secret: SECRET } });
  await post(app, '/payments', paymentBody('4544249167673670'));
  await post(app, '/payments', paymentBody('4010061700000021', { '3ds': { enabled: true } }));
  await post(app, '/payments', paymentBody('4242424242424242', { amount: 0 }));
  await app.emulator.webhooks.idle();
  const types = hook.received.map((r) => r.body.type);
  assert.deepEqual(types, ['payment_declined', 'payment_pending', 'card_verified']);
  assert.equal(hook.received[0]!.body.data.response_code, '20051');
});

test('failed deliveries are retried with backoff until the receiver accepts', async (t) => {
  const hook = await receiver(t, 2);
  const app = await emulator(t, { webhook: { url: hook.url, secret: SECRET }, webhookRetryDelaysMs: [5, 10, 20] });
  await post(app, '/payments', paymentBody('4242424242424242', { capture: false }));
  await app.emulator.webhooks.idle();
  assert.equal(hook.attempts(), 3);
  assert.equal(hook.received.length, 1);
  const [delivery] = app.emulator.webhooks.log;
  assert.equal(delivery!.state, 'delivered');
  assert.deepEqual(delivery!.attempts.map((a) => a.status), [503, 503, 200]);
});

test('network errors are retried too, then given up after the last delay', async (t) => {
  const app = await emulator(t, { webhook: { url: 'http://127.0.0.1:9/unreachable', secret: SECRET }, webhookRetryDelaysMs: [1, 1] });
  await post(app, '/payments', paymentBody('4242424242424242', { capture: false }));
  await app.emulator.webhooks.idle();
  const [delivery] = app.emulator.webhooks.log;
  assert.equal(delivery!.state, 'failed');
  assert.equal(delivery!.attempts.length, 3);
  assert.ok(delivery!.attempts.every((a) => a.error));
});

test('no receiver configured: nothing is sent; the control API can set one', async (t) => {
  const hook = await receiver(t);
  const app = await emulator(t);
  await post(app, '/payments', paymentBody('4242424242424242'));
  await app.emulator.webhooks.idle();
  assert.equal(app.emulator.webhooks.log.length, 0);
  const set = await app.inject({ method: 'PUT', url: '/_emulator/webhooks/receiver', payload: { url: hook.url, secret: SECRET } });
  assert.equal(set.statusCode, 204);
  await post(app, '/payments', paymentBody('4242424242424242', { capture: false }));
  await app.emulator.webhooks.idle();
  assert.equal(hook.received.length, 1);
  const log = await app.inject({ url: '/_emulator/webhooks' });
  assert.equal(log.json().deliveries.length, 1);
});
