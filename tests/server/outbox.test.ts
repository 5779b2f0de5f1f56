/**
 * The transactional outbox (server/outbox/): a message is recorded in the transaction of the
 * change and sent after it commits, over a real SMTP listener (the dev mailbox), once per event
 * and channel — across a crash between the commit and the send, two proxies sweeping at once, an
 * SMTP server refusing (retries with backoff, then a dead letter), a scheduled delivery date and
 * replayed webhooks. Times are an injected clock; nothing sleeps.
 */
import { after, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer, type Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { SMTPServer } from 'smtp-server';
import { buildApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { EMULATOR_KEYS } from '../../server/emulator/keys';
import { startDevMailbox, type DevMailbox } from '../../server/mail/dev-mailbox';
import type { OutboxOptions } from '../../server/outbox/plugin';
import type { Database } from '../../server/storage/db';
import { eventually } from '../helpers/wait';
import { closeDatabases, customer, DATABASES, database, order, orderIn, stack, type Stack } from './helpers';

after(closeDatabases);

/** A clock the test moves by hand. */
function testClock() {
  let now = Date.now();
  return { now: () => new Date(now), advance: (ms: number) => void (now += ms) };
}

async function mailbox(t: TestContext): Promise<DevMailbox> {
  const box = await startDevMailbox();
  t.after(() => box.close());
  return box;
}

/** A second proxy on the same database (not listening for HTTP: it only runs its outbox worker). */
async function proxy(t: TestContext, db: Database, smtpUrl: string | undefined, outbox: OutboxOptions, listen = true): Promise<FastifyInstance> {
  const app = await buildApp(loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: 'memory://', ...(smtpUrl ? { SMTP_URL: smtpUrl } : {}) }), {
    logger: false,
    database: db,
    orderSweepEvery: 0,
    retentionSweepEvery: 0,
    upstreamActions: { sweepEvery: 0 },
    outbox: { sweepEvery: 0, ...outbox },
  });
  t.after(() => app.close());
  // Ready: it listens for the NOTIFY of each event recorded (and sweeps only when asked: sweepEvery 0).
  if (listen) await app.ready();
  return app;
}

const sign = (raw: string) => createHmac('sha256', EMULATOR_KEYS.webhookSecret).update(raw).digest('hex');
let seq = 0;
const uniq = () => `${Date.now().toString(36)}${(seq++).toString(36)}`.padEnd(26, '0').slice(0, 26);

/** An order created on the proxy and paid by a signed webhook (as Checkout.com reports it). */
async function paidOrder(s: Stack, body = order()): Promise<{ id: string; paymentId: string; amount: number; currency: string }> {
  const created = await s.request('POST', '/create-payment-sessions', body);
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const o = created.body.order as { id: string; amount: number; currency: string };
  const paymentId = `pay_${uniq()}`;
  const res = await webhook(s, 'payment_approved', { id: paymentId, reference: o.id, amount: o.amount, currency: o.currency, status: 'Authorized' });
  assert.equal(res.statusCode, 200, res.body);
  await orderIn(s, o.id, 'paid');
  return { ...o, paymentId };
}

function webhook(s: Stack, type: string, data: Record<string, unknown>, id = `evt_${uniq()}`) {
  const raw = JSON.stringify({ id, type, version: '1.0.29', created_on: new Date().toISOString(), data, _links: {} });
  return s.app.inject({ method: 'POST', url: '/webhooks/checkout', payload: raw, headers: { 'content-type': 'application/json', 'cko-signature': sign(raw) } });
}

/** An SMTP server that accepts connections and never answers (a proxy stuck mid-send). */
async function silentSmtp(t: TestContext): Promise<{ url: string; hangUp(): void }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const hangUp = () => {
    for (const socket of sockets) socket.destroy();
  };
  t.after(() => {
    hangUp();
    server.close();
  });
  const port = (server.address() as { port: number }).port;
  return { url: `smtp://127.0.0.1:${port}`, hangUp };
}

/** An SMTP server that answers every recipient with 451 (try again later). */
async function refusingSmtp(t: TestContext): Promise<{ url: string; refused: () => number }> {
  let refused = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(_address, _session, callback) {
      refused++;
      callback(Object.assign(new Error('Mailbox temporarily unavailable'), { responseCode: 451 }));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const port = (server.server.address() as { port: number }).port;
  return { url: `smtp://127.0.0.1:${port}`, refused: () => refused };
}

/** An outbox event for a made-up order (the outbox's own mechanics, no order row needed). */
function enqueueConfirmation(app: FastifyInstance, key: string, deliverAfter?: Date) {
  return app.db.transaction((tx) =>
    app.outbox.enqueue(tx, {
      type: 'order_paid',
      key: `order_paid:${key}`,
      ...(deliverAfter ? { deliverAfter } : {}),
      payload: {
        paymentId: `pay_${key}`,
        order: { id: `ord_${key}`, locale: 'en-GB', email: customer.email, name: customer.name, currency: 'HKD', amount: 12000, subtotal: 12000, discount: 0, shipping: 0, tax: 0, coupon: null, lines: [{ name: 'Clear case', quantity: 1, amount: 12000 }] },
      },
    }),
  );
}

const confirmations = (box: DevMailbox, orderId: string) => box.mailbox.list().filter((m) => m.text.includes(orderId));

for (const { name, url, skip } of DATABASES) {
  describe(`outbox (${name})`, { skip }, () => {
    test('an order paid while no proxy could send: its confirmation waits in the outbox and the restarted proxy delivers it once', async (t) => {
      const box = await mailbox(t);
      const clock = testClock();
      // The proxy that records the payment has no SMTP: it commits the order and its event, and sends nothing.
      const s = await stack(t, { databaseUrl: url, build: { outbox: { sweepEvery: 0, clock: clock.now } } });
      const o = await paidOrder(s);
      const [delivery] = await s.app.outbox.store.deliveries({ orderId: o.id });
      assert.deepEqual([delivery?.type, delivery?.channel, delivery?.status, delivery?.attempts], ['order_paid', 'email', 'pending', 0], 'recorded with the payment, in its transaction');
      assert.equal(box.mailbox.list().length, 0);

      // The proxy restarts with SMTP configured: its first sweep sends what the other left behind.
      const restarted = await proxy(t, s.app.db, box.smtpUrl, { clock: clock.now });
      assert.equal(await restarted.outbox.sweep(), 1);
      const mails = confirmations(box, o.id);
      assert.equal(mails.length, 1);
      assert.deepEqual(mails[0]!.to, [customer.email]);
      const [sent] = await s.app.outbox.store.deliveries({ orderId: o.id });
      assert.equal(sent?.status, 'sent');
      assert.equal(mails[0]!.messageId, sent?.message_id, 'the Message-ID recorded is the one sent');
      assert.match(sent!.message_id!, new RegExp(`^<${sent!.event_id}\\.email@`), 'derived from the event id');
      // Sweeping again, from either proxy, sends nothing more.
      assert.equal(await restarted.outbox.sweep(), 0);
      clock.advance(86_400_000);
      assert.equal(await restarted.outbox.sweep(), 0);
      assert.equal(confirmations(box, o.id).length, 1);
    });

    test('a proxy that dies mid-send keeps others off the message only until its lease runs out; then another delivers it once', async (t) => {
      const box = await mailbox(t);
      const stuck = await silentSmtp(t);
      const clock = testClock();
      const leaseMs = 300_000;
      // This proxy claims the confirmation the moment the payment commits, then hangs in the SMTP greeting.
      const s = await stack(t, { databaseUrl: url, env: { SMTP_URL: stuck.url }, build: { outbox: { sweepEvery: 0, clock: clock.now, leaseMs } } });
      const o = await paidOrder(s);
      await eventually(async () => (await s.app.outbox.store.deliveries({ orderId: o.id }))[0]?.attempts === 1, 'the first proxy to claim the delivery');

      const other = await proxy(t, s.app.db, box.smtpUrl, { clock: clock.now, leaseMs });
      assert.equal(await other.outbox.sweep(), 0, 'the lease keeps a second proxy off it');
      clock.advance(leaseMs - 1_000);
      assert.equal(await other.outbox.sweep(), 0);
      clock.advance(1_000);
      assert.equal(await other.outbox.sweep(), 1, 'the lease ran out: taken over');
      assert.equal(confirmations(box, o.id).length, 1);

      // The stuck proxy's connection finally fails: its late outcome changes nothing.
      stuck.hangUp();
      await s.app.outbox.idle();
      const [d] = await s.app.outbox.store.deliveries({ orderId: o.id });
      assert.deepEqual([d?.status, d?.attempts], ['sent', 2]);
      clock.advance(86_400_000);
      assert.equal(await other.outbox.sweep(), 0);
      assert.equal(confirmations(box, o.id).length, 1);
    });

    test('two proxies sweeping the same outbox at once send each message exactly once', async (t) => {
      const box = await mailbox(t);
      const db = await database(t, url);
      const clock = testClock();
      // Recorded while no proxy listens for them (as if both were starting), then both sweep together.
      const b = await proxy(t, db, box.smtpUrl, { clock: clock.now }, false);
      const c = await proxy(t, db, box.smtpUrl, { clock: clock.now }, false);
      const keys = Array.from({ length: 12 }, (_, i) => `race${i}${uniq().slice(0, 8)}`);
      const ids = await Promise.all(keys.map((k) => enqueueConfirmation(b, k)));
      assert.ok(ids.every(Boolean));
      const [sentByB, sentByC] = await Promise.all([b.outbox.sweep(), c.outbox.sweep()]);
      await Promise.all([b.outbox.idle(), c.outbox.idle()]);
      assert.equal(sentByB + sentByC, keys.length);
      for (const k of keys) assert.equal(confirmations(box, `ord_${k}`).length, 1, `ord_${k} sent once`);
      const messageIds = box.mailbox.list().map((m) => m.messageId);
      assert.equal(new Set(messageIds).size, messageIds.length);
    });

    test('an SMTP server refusing: retried with exponential backoff, then a dead letter counted in the metrics and never retried', async (t) => {
      const smtp = await refusingSmtp(t);
      const db = await database(t, url);
      const clock = testClock();
      // Only its sweeps attempt (no NOTIFY starts one behind the test's back).
      const app = await proxy(t, db, smtp.url, { clock: clock.now, retryBaseMs: 60_000, maxAttempts: 3 }, false);
      const id = (await enqueueConfirmation(app, `refused${uniq().slice(0, 8)}`))!;
      const delivery = async () => (await app.outbox.store.deliveries({ eventId: id }))[0]!;

      assert.equal(await app.outbox.sweep(), 0);
      let d = await delivery();
      assert.deepEqual([d.status, d.attempts, d.last_error], ['pending', 1, 'smtp_451']);
      assert.equal(smtp.refused(), 1);
      // Not before its retry is due (1 min), then again after 2 min: doubling.
      clock.advance(59_000);
      await app.outbox.sweep();
      assert.equal(smtp.refused(), 1);
      clock.advance(1_000);
      await app.outbox.sweep();
      assert.equal(smtp.refused(), 2);
      d = await delivery();
      assert.deepEqual([d.status, d.attempts], ['pending', 2]);
      clock.advance(119_000);
      await app.outbox.sweep();
      assert.equal(smtp.refused(), 2, 'the second retry waits twice as long');
      clock.advance(1_000);
      await app.outbox.sweep();
      assert.equal(smtp.refused(), 3);
      d = await delivery();
      assert.deepEqual([d.status, d.attempts, d.last_error], ['dead', 3, 'smtp_451']);

      clock.advance(7 * 86_400_000);
      await app.outbox.sweep();
      assert.equal(smtp.refused(), 3, 'a dead letter is left to a person');
      const metrics = (await app.inject({ method: 'GET', url: '/metrics' })).body;
      assert.match(metrics, /ck_outbox_deliveries_total\{[^}]*outcome="failed"[^}]*\} 2/);
      assert.match(metrics, /ck_outbox_deliveries_total\{[^}]*outcome="dead"[^}]*\} 1/);
      assert.match(metrics, /ck_outbox_queue\{channel="email",status="dead"\} 1/);
      assert.match(metrics, /ck_outbox_queue\{channel="email",status="queued"\} 0/);
    });

    test('a scheduled message waits for its date, then goes once', async (t) => {
      const box = await mailbox(t);
      const db = await database(t, url);
      const clock = testClock();
      const app = await proxy(t, db, box.smtpUrl, { clock: clock.now });
      const key = `later${uniq().slice(0, 8)}`;
      const day = 86_400_000;
      await enqueueConfirmation(app, key, new Date(clock.now().getTime() + day));
      assert.equal(await app.outbox.sweep(), 0);
      assert.match((await app.inject({ method: 'GET', url: '/metrics' })).body, /ck_outbox_queue\{channel="email",status="queued"\} 1/);
      clock.advance(day - 1_000);
      assert.equal(await app.outbox.sweep(), 0);
      assert.equal(confirmations(box, `ord_${key}`).length, 0);
      clock.advance(1_000);
      assert.equal(await app.outbox.sweep(), 1);
      assert.equal(confirmations(box, `ord_${key}`).length, 1);
    });

    test('a change that is refused or rolled back records no message: an approval for the wrong amount, a transaction that fails after enqueueing', async (t) => {
      const box = await mailbox(t);
      const s = await stack(t, { databaseUrl: url, env: { SMTP_URL: box.smtpUrl }, build: { outbox: { sweepEvery: 0 } } });
      const created = await s.request('POST', '/create-payment-sessions', order());
      const o = created.body.order as { id: string; amount: number; currency: string };
      const res = await webhook(s, 'payment_approved', { id: `pay_${uniq()}`, reference: o.id, amount: o.amount - 1, currency: o.currency, status: 'Authorized' });
      assert.equal(res.statusCode, 200);
      assert.equal((await s.app.orders.get(o.id))?.status, 'pending');
      await assert.rejects(
        s.app.db.transaction(async (tx) => {
          await s.app.outbox.enqueue(tx, { type: 'order_paid', key: `order_paid:${o.id}`, orderId: o.id, payload: {} });
          throw new Error('the change failed');
        }),
        /the change failed/,
      );
      assert.deepEqual(await s.app.outbox.store.events(o.id), []);
      assert.equal(await s.app.outbox.sweep(), 0);
      assert.equal(box.mailbox.list().length, 0);
    });

    test('a replayed webhook, a second approval of the same payment or the same change enqueued again send no second confirmation', async (t) => {
      const box = await mailbox(t);
      const clock = testClock();
      const s = await stack(t, { databaseUrl: url, env: { SMTP_URL: box.smtpUrl }, build: { outbox: { sweepEvery: 0, clock: clock.now } } });
      const o = await paidOrder(s);
      await eventually(async () => confirmations(box, o.id).length === 1, 'the confirmation in the mailbox');

      // Checkout.com delivers the approval again under a new event id, then captures it: the order is already paid.
      for (const type of ['payment_approved', 'payment_captured']) {
        const res = await webhook(s, type, { id: o.paymentId, reference: o.id, amount: o.amount, currency: o.currency, status: type === 'payment_captured' ? 'Captured' : 'Authorized' });
        assert.equal(res.statusCode, 200);
      }
      // A proxy's code path enqueueing the same change again records nothing.
      assert.equal(await s.app.db.transaction((tx) => s.app.outbox.enqueue(tx, { type: 'order_paid', key: `order_paid:${o.id}`, payload: {} })), undefined);
      clock.advance(86_400_000);
      assert.equal(await s.app.outbox.sweep(), 0);
      await s.app.outbox.idle();
      assert.equal(confirmations(box, o.id).length, 1);
      assert.deepEqual((await s.app.outbox.store.deliveries({ orderId: o.id })).map((d) => [d.type, d.status]), [['order_paid', 'sent']]);
    });
  });
}
