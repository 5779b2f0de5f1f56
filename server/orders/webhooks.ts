/**
 * Checkout.com's webhook events applied to their orders: the step behind POST /webhooks/checkout
 * (./webhook-route.ts), which only verifies the signature and parses the body.
 *
 * Replays are recognised by event id, and the payment is bound to its order, amount and currency
 * before any status moves — all in one transaction, so a failure leaves nothing half-applied and
 * Checkout.com retries. A `payment_refunded` event carries the amount of that one refund: it is
 * applied as a (possibly partial) refund, bound to the order's currency and to what is left to
 * refund. A presale order's authorisation goes through the status check's verify step instead
 * (`verifyPayment`): the card that paid decides it.
 *
 * Events arrive in any order (docs/checkout-api-facts-2.md §6). One that its order cannot take yet —
 * a refund before the approval — is kept (webhook_kept) and applied, in arrival order, in the
 * transaction that makes the order paid (`keptEvents`, the orders feature's afterPaid reaction),
 * whichever source reports it.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Queryable } from '../storage/db';
import type { OrderFeature } from './features';
import { PRESALE_VERIFY_EVENTS, verifyPayment, type Deps } from './payments';
import { awaitsPayment, canMove, orderStatusForEvent, type OrderRecord } from './store';

export const eventSchema = z.looseObject({
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
    /** The card the payment was made with: only its BIN and last four are read (payment velocity). */
    source: z.looseObject({ bin: z.string().max(8).optional(), last4: z.string().max(4).optional() }).optional(),
  }),
});

export type WebhookEvent = z.infer<typeof eventSchema>;
type EventData = WebhookEvent['data'];
type PaymentData = EventData & { id: string; amount: number; currency: string };

export function verifySignature(raw: Buffer, header: string | undefined, secret: string): boolean {
  if (!header || !/^[0-9a-f]{64}$/i.test(header.trim())) return false;
  const expected = createHmac('sha256', secret).update(raw).digest();
  const given = Buffer.from(header.trim(), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Whether an event's move can only come after the payment (a refund, a void): one that came first is worth keeping. */
function followsPayment(type: string): boolean {
  const to = orderStatusForEvent(type);
  return to !== undefined && to !== 'paid' && canMove('paid', to);
}

/** One event applied to its order: the same step for an event as it arrives and for one kept until the order was paid. */
function applyToOrder(app: FastifyInstance, order: OrderRecord, type: string, d: PaymentData, tx: Queryable) {
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
          card: d.source && { bin: d.source.bin, last4: d.source.last4 },
        },
        tx,
      );
}

/** What became of a verified event (the webhook's answer and its metric label). */
export type WebhookOutcome = 'duplicate' | 'verified' | 'recorded' | 'unknown_order' | 'kept' | 'applied' | string;

/** A verified, parsed event applied to its order. */
export async function applyWebhookEvent(deps: Deps, event: WebhookEvent, log: FastifyBaseLogger): Promise<WebhookOutcome> {
  const { app } = deps;
  const d = event.data;
  // A presale order's authorisation pays it only once the card that paid passed the rule, as
  // Checkout.com's own record of the payment shows it: the status check's verify step, run
  // before the event is recorded, so an upstream failure answers 5xx and the event comes again.
  if (d.id && PRESALE_VERIFY_EVENTS.has(event.type) && (await app.orders.findForPayment(d))?.card_rule) {
    if (await app.orders.webhookSeen(event.id)) return 'duplicate';
    await verifyPayment(deps, d.id, 'checkout.com', 'webhook');
    const fresh = await app.orders.recordWebhook(event.id, event.type, d.id, 'verified');
    return fresh ? 'verified' : 'duplicate';
  }
  return app.db.transaction(async (tx) => {
    const fresh = await app.orders.recordWebhook(event.id, event.type, d.id, 'received', tx);
    if (!fresh) return 'duplicate';
    if (!d.id || d.amount === undefined || !d.currency) {
      await app.orders.audit({ paymentId: d.id, source: 'webhook', type: event.type, actor: 'checkout.com', detail: { eventId: event.id, note: 'no payment data' } }, tx);
      return 'recorded';
    }
    const order = await app.orders.findForPayment(d, tx);
    if (!order) {
      await app.orders.audit({ paymentId: d.id, source: 'webhook', type: 'unknown_order', actor: 'checkout.com', detail: { eventId: event.id, type: event.type, reference: d.reference ?? null } }, tx);
      log.warn({ eventId: event.id, type: event.type }, 'webhook for a payment of no known order');
      return 'unknown_order';
    }
    const result = await applyToOrder(app, order, event.type, { ...d, id: d.id, amount: d.amount, currency: d.currency }, tx);
    if (result.reason === 'transition_refused' && awaitsPayment(result.status) && followsPayment(event.type)) {
      // Too early, not wrong (a refund before the approval): kept, and applied once the order is paid.
      await app.orders.keep({ eventId: event.id, orderId: order.id, type: event.type, data: d, reason: result.reason }, tx);
      await app.orders.audit({ orderId: order.id, paymentId: d.id, source: 'webhook', type: 'event_kept', actor: 'checkout.com', detail: { eventId: event.id, event: event.type, status: result.status ?? null } }, tx);
      log.info({ eventId: event.id, type: event.type, orderId: order.id, status: result.status }, 'webhook kept until its order is paid');
      return 'kept';
    }
    if (!result.applied) log.warn({ eventId: event.id, orderId: order.id, reason: result.reason }, 'webhook not applied');
    return result.applied ? 'applied' : (result.reason ?? 'not_applied');
  });
}

/** The order just became paid: the events kept for it apply now, in the order they arrived. */
export function keptEvents(app: FastifyInstance): OrderFeature['afterPaid'] {
  return async (order, tx) => {
    for (const kept of await app.orders.takeKept(order.id, tx)) {
      const d = kept.data as PaymentData;
      const result = await applyToOrder(app, (await app.orders.get(order.id, tx))!, kept.type, d, tx);
      await app.orders.audit({ orderId: order.id, paymentId: d.id, source: 'webhook', type: 'kept_event_applied', actor: 'checkout.com', detail: { eventId: kept.eventId, event: kept.type, applied: result.applied, ...(result.reason ? { reason: result.reason } : {}) } }, tx);
      app.log.info({ eventId: kept.eventId, type: kept.type, orderId: order.id, applied: result.applied }, 'kept webhook event applied after the order was paid');
    }
  };
}
