/**
 * POST /webhooks/checkout: Checkout.com's event notifications. The signature is checked on
 * the raw bytes (re-serialising JSON can change them), replays are recognised by event id,
 * and the payment is bound to its order, amount and currency before any status moves — all
 * in one transaction, so a failure leaves nothing half-applied and Checkout.com retries.
 * A `payment_refunded` event carries the amount of that one refund: it is applied as a
 * (possibly partial) refund, bound to the order's currency and to what is left to refund.
 *
 * Events arrive in any order (CHECKOUT-API-FACTS-2 §6). One that its order cannot take yet —
 * a refund before the approval — is kept (webhook_kept) and applied, in arrival order, in the
 * transaction that makes the order paid (OrderStore.afterPaid), whichever source reports it.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { Config } from '../config';
import { HttpError } from '../errors';
import { PRESALE_VERIFY_EVENTS, verifyPayment } from './payments';
import type { Queryable } from '../storage/db';
import { awaitsPayment, canMove, orderStatusForEvent, type OrderRecord } from './store';

const eventSchema = z.looseObject({
  id: z.string().min(1).max(100),
  type: z.string().min(1).max(100),
  data: z.looseObject({
    id: z.string().optional(),
    /** The action (act_…) the event reports: one refund, one capture… */
    action_id: z.string().optional(),
    reference: z.string().optional(),
    amount: z.number().int().optional(),
    currency: z.string().optional(),
    status: z.string().optional(),
    response_code: z.string().optional(),
    metadata: z.record(z.string(), z.unknown()).optional(),
  }),
});

export function verifySignature(raw: Buffer, header: string | undefined, secret: string): boolean {
  if (!header || !/^[0-9a-f]{64}$/i.test(header.trim())) return false;
  const expected = createHmac('sha256', secret).update(raw).digest();
  const given = Buffer.from(header.trim(), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

type EventData = z.infer<typeof eventSchema>['data'];

/** Whether an event's move can only come after the payment (a refund, a void): one that came first is worth keeping. */
function followsPayment(type: string): boolean {
  const to = orderStatusForEvent(type);
  return to !== undefined && to !== 'paid' && canMove('paid', to);
}

const routes: FastifyPluginAsync<{ config: Config }> = async (app, { config }) => {
  // buildApp's effective config already holds the emulator's secret in emulator mode.
  const secret = config.checkout.webhookSecret;

  /** One event applied to its order: the same step for an event as it arrives and for one kept until the order was paid. */
  const apply = async (order: OrderRecord, type: string, d: EventData & { id: string; amount: number; currency: string }, tx: Queryable) => {
    const applied = { orderId: order.id, paymentId: d.id, amount: d.amount, currency: d.currency, source: 'webhook' as const, actor: 'checkout.com', eventType: type };
    return type === 'payment_refunded'
      ? app.orders.applyRefund({ ...applied, actionId: d.action_id }, tx)
      : app.orders.applyPayment(
          {
            ...applied,
            sessionId: typeof d.metadata?.cko_payment_session_id === 'string' ? d.metadata.cko_payment_session_id : undefined,
            paymentStatus: d.status ?? type,
            responseCode: d.response_code,
            to: orderStatusForEvent(type),
          },
          tx,
        );
  };

  // The order just became paid: what was kept for it applies now, in the order it arrived.
  app.orders.afterPaid.push(async (order, tx) => {
    for (const kept of await app.orders.takeKept(order.id, tx)) {
      const d = kept.data as EventData & { id: string; amount: number; currency: string };
      const result = await apply((await app.orders.get(order.id, tx))!, kept.type, d, tx);
      await app.orders.audit({ orderId: order.id, paymentId: d.id, source: 'webhook', type: 'kept_event_applied', actor: 'checkout.com', detail: { eventId: kept.eventId, event: kept.type, applied: result.applied, ...(result.reason ? { reason: result.reason } : {}) } }, tx);
      app.log.info({ eventId: kept.eventId, type: kept.type, orderId: order.id, applied: result.applied }, 'kept webhook event applied after the order was paid');
    }
  });

  // Raw bytes for the HMAC; this parser is scoped to this plugin only.
  app.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: 256 * 1024 }, (_request, body, done) => done(null, body));

  app.post('/webhooks/checkout', { bodyLimit: 256 * 1024 }, async (request, reply) => {
    const metrics = app.metrics.webhooks;
    if (!secret) {
      request.log.error('CKO_WEBHOOK_SECRET is not set: webhooks cannot be verified and are refused');
      metrics.inc({ outcome: 'not_configured' });
      throw new HttpError(503, 'webhooks_not_configured', 'Webhook verification is not configured.');
    }
    const raw = request.body as Buffer;
    if (!Buffer.isBuffer(raw) || !verifySignature(raw, request.headers['cko-signature'] as string | undefined, secret)) {
      request.log.warn({ ip: request.ip }, 'webhook with a missing or wrong Cko-Signature refused');
      metrics.inc({ outcome: 'bad_signature' });
      throw new HttpError(401, 'invalid_signature', 'The Cko-Signature header does not match the body.');
    }
    let event: z.infer<typeof eventSchema>;
    try {
      event = eventSchema.parse(JSON.parse(raw.toString('utf8')));
    } catch {
      metrics.inc({ outcome: 'invalid' });
      throw new HttpError(400, 'invalid_event', 'The webhook body is not a Checkout.com event.');
    }

    const d = event.data;
    // A presale order's authorisation pays it only once the card that paid passed the rule, as
    // Checkout.com's own record of the payment shows it: the status check's verify step, run
    // before the event is recorded, so an upstream failure answers 5xx and the event comes again.
    if (d.id && PRESALE_VERIFY_EVENTS.has(event.type) && (await findOrder(app.orders, d, app.db))?.card_rule) {
      if (await app.orders.webhookSeen(event.id)) {
        metrics.inc({ outcome: 'duplicate' });
        return reply.code(200).send({ received: true, outcome: 'duplicate' });
      }
      await verifyPayment({ app, config }, d.id, 'checkout.com', 'webhook');
      const fresh = await app.orders.recordWebhook(event.id, event.type, d.id, 'verified');
      const outcome = fresh ? 'verified' : 'duplicate';
      metrics.inc({ outcome });
      return reply.code(200).send({ received: true, outcome });
    }
    const outcome = await app.db.transaction(async (tx) => {
      const fresh = await app.orders.recordWebhook(event.id, event.type, d.id, 'received', tx);
      if (!fresh) return 'duplicate';
      if (!d.id || d.amount === undefined || !d.currency) {
        await app.orders.audit({ paymentId: d.id, source: 'webhook', type: event.type, actor: 'checkout.com', detail: { eventId: event.id, note: 'no payment data' } }, tx);
        return 'recorded';
      }
      const order = await findOrder(app.orders, d, tx);
      if (!order) {
        await app.orders.audit({ paymentId: d.id, source: 'webhook', type: 'unknown_order', actor: 'checkout.com', detail: { eventId: event.id, type: event.type, reference: d.reference ?? null } }, tx);
        request.log.warn({ eventId: event.id, type: event.type }, 'webhook for a payment of no known order');
        return 'unknown_order';
      }
      const result = await apply(order, event.type, { ...d, id: d.id, amount: d.amount, currency: d.currency }, tx);
      if (result.reason === 'transition_refused' && awaitsPayment(result.status) && followsPayment(event.type)) {
        // Too early, not wrong (a refund before the approval): kept, and applied once the order is paid.
        await app.orders.keep({ eventId: event.id, orderId: order.id, type: event.type, data: d, reason: result.reason }, tx);
        await app.orders.audit({ orderId: order.id, paymentId: d.id, source: 'webhook', type: 'event_kept', actor: 'checkout.com', detail: { eventId: event.id, event: event.type, status: result.status ?? null } }, tx);
        request.log.info({ eventId: event.id, type: event.type, orderId: order.id, status: result.status }, 'webhook kept until its order is paid');
        return 'kept';
      }
      if (!result.applied) request.log.warn({ eventId: event.id, orderId: order.id, reason: result.reason }, 'webhook not applied');
      return result.applied ? 'applied' : (result.reason ?? 'not_applied');
    });
    metrics.inc({ outcome });
    // 200 for everything verified, even when not applied: a retry would not change the answer.
    return reply.code(200).send({ received: true, outcome });
  });
};

async function findOrder(store: import('./store').OrderStore, d: EventData, tx: Queryable): Promise<OrderRecord | undefined> {
  const metaOrder = typeof d.metadata?.order_id === 'string' ? d.metadata.order_id : undefined;
  const session = typeof d.metadata?.cko_payment_session_id === 'string' ? d.metadata.cko_payment_session_id : undefined;
  return (
    (d.reference ? await store.get(d.reference, tx) : undefined) ??
    (metaOrder ? await store.get(metaOrder, tx) : undefined) ??
    (session ? await store.findBySession(session, tx) : undefined) ??
    (d.id ? await store.findByPayment(d.id, tx) : undefined)
  );
}

export default routes;
