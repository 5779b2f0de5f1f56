/**
 * The messages about an order, and the order feature that records them.
 *
 * `orderNotifications` is an order feature (server/orders/features.ts): in the transaction that
 * pays, declines, refunds or voids an order it enqueues an outbox event (server/outbox/) with a
 * snapshot of what the message must say — so the message is sent if and only if the change
 * commits, and says what was true at that moment. Its key names the change, so a replayed webhook
 * or a repeated status check records nothing new.
 *
 * `ORDER_TEMPLATES` turn those events into mail, in the order's locale (./render.ts).
 */
import type { FastifyInstance } from 'fastify';
import type { OrderFeature } from '../orders/features';
import type { OrderRecord } from '../orders/store';
import type { OutboxEvent } from '../outbox/store';
import type { Queryable } from '../storage/db';
import { mailLocale, money, renderMail, type Block, type RenderedMail, type Theme } from './render';

/** What a message about an order needs of it, as of the change. */
export interface OrderSnapshot {
  id: string;
  locale: string | null;
  email: string | null;
  name: string | null;
  currency: string;
  amount: number;
  subtotal: number;
  discount: number;
  shipping: number;
  tax: number;
  coupon: string | null;
  lines: Array<{ kind?: string; name: string; quantity: number; amount: number }>;
}

export function orderSnapshot(order: OrderRecord): OrderSnapshot {
  const customer = (order.customer ?? {}) as { email?: unknown; name?: unknown };
  const lines = Array.isArray(order.lines) ? (order.lines as Array<Record<string, unknown>>) : [];
  return {
    id: order.id,
    locale: order.locale ?? null,
    email: typeof customer.email === 'string' ? customer.email : null,
    name: typeof customer.name === 'string' ? customer.name : null,
    currency: order.currency,
    amount: order.amount,
    subtotal: order.subtotal,
    discount: order.discount,
    shipping: order.shipping,
    tax: order.tax,
    coupon: order.coupon,
    lines: lines.map((l) => ({ kind: String(l.kind ?? ''), name: String(l.name ?? ''), quantity: Number(l.quantity ?? 1), amount: Number(l.amount ?? 0) })),
  };
}

export interface OrderPaidPayload { order: OrderSnapshot; paymentId: string }
export interface PaymentFailedPayload { order: OrderSnapshot; paymentId: string; cartUrl: string }
/** `amount`: what went back to the payment card (0: nothing); `giftCard`: what was credited back to the gift card (last four of its code only). */
export interface RefundMadePayload { order: OrderSnapshot; paymentId: string; amount: number; currency: string; reason: string | null; seats: string[]; giftCard?: { last4: string; amount: number } }
export interface OrderVoidedPayload { order: OrderSnapshot; paymentId: string; presaleEvent: string | null }
export interface InsuranceCoverPayload { order: OrderSnapshot; paymentId: string; planName: string; premium: { amount: number; currency: string } }

/** A message ready to send: to whom, and in which locale it was written. */
export interface MailMessage extends RenderedMail {
  to: string;
  locale: string;
}

export type MailTemplate = (event: OutboxEvent, theme: Theme) => MailMessage | undefined;

/** Whether a message is still worth sending when it comes due (false: recorded as skipped, never sent). */
export type StillDue = (event: OutboxEvent) => Promise<boolean>;

/**
 * How long a payment-failed notice waits: Flow lets the shopper try another card in the same
 * session, and one who pays within this time gets the confirmation only.
 */
export const PAYMENT_FAILED_DELAY_MS = 15 * 60_000;

const recipient = (o: OrderSnapshot) => o.email ?? undefined;

function orderLines(o: OrderSnapshot, loc: ReturnType<typeof mailLocale>): Block {
  const { t } = loc;
  const m = (n: number) => money(loc, n, o.currency);
  return {
    kind: 'table',
    caption: t.orderSummary,
    head: [t.item, t.amount],
    rows: o.lines.map((l) => ({ label: l.name, detail: t.quantity(l.quantity), value: m(l.amount) })),
    foot: [
      { label: t.subtotal, value: m(o.subtotal) },
      ...(o.discount ? [{ label: t.discount(o.coupon ?? ''), value: m(-o.discount) }] : []),
      { label: t.shipping, value: m(o.shipping) },
      { label: t.tax, value: m(o.tax) },
      { label: t.total, value: m(o.amount), strong: true },
    ],
  };
}

const greeting = (o: OrderSnapshot, loc: ReturnType<typeof mailLocale>) => (o.name ? loc.t.greeting(o.name) : undefined);

type Loc = ReturnType<typeof mailLocale>;

/**
 * One message about an order: to the order's customer (none without an email), in the order's
 * locale, greeting them by name. `build` gives what differs: subject, heading and blocks.
 */
function orderMail<P extends { order: OrderSnapshot }>(build: (p: P, loc: Loc, theme: Theme) => { subject: string; heading: string; blocks: Block[] }): MailTemplate {
  return (event, theme) => {
    const p = event.payload as unknown as P;
    const to = recipient(p.order);
    if (!to) return undefined;
    const loc = mailLocale(p.order.locale);
    return { to, locale: loc.locale, ...renderMail(loc, theme, { ...build(p, loc, theme), greeting: greeting(p.order, loc) }) };
  };
}

const orderPaid = orderMail<OrderPaidPayload>(({ order: o, paymentId }, loc, theme) => ({
  subject: loc.t.orderPaidSubject(theme.merchantName, o.id),
  heading: loc.t.orderPaidHeading,
  blocks: [
    { kind: 'p', text: loc.t.orderPaidText },
    { kind: 'facts', rows: [[loc.t.orderNumber, o.id], [loc.t.paymentReference, paymentId]] },
    orderLines(o, loc),
  ],
}));

/** The order messages by outbox event type; a receipt sent again from the console (`receipt_resent`) is the confirmation again, its PDF attached. */
export const ORDER_TEMPLATES: Record<string, MailTemplate> = {
  order_paid: orderPaid,
  receipt_resent: orderPaid,

  payment_failed: orderMail<PaymentFailedPayload>(({ order: o, cartUrl }, loc, theme) => ({
    subject: loc.t.paymentFailedSubject(theme.merchantName),
    heading: loc.t.paymentFailedHeading,
    blocks: [
      { kind: 'p', text: loc.t.paymentFailedText(money(loc, o.amount, o.currency)) },
      { kind: 'link', text: loc.t.returnToCart, href: cartUrl },
      { kind: 'facts', rows: [[loc.t.orderNumber, o.id]] },
      orderLines(o, loc),
    ],
  })),

  refund_made: orderMail<RefundMadePayload>((p, loc, theme) => ({
    subject: loc.t.refundSubject(theme.merchantName, p.order.id),
    heading: loc.t.refundHeading,
    blocks: [
      ...(p.amount > 0 ? [{ kind: 'p' as const, text: loc.t.refundText(money(loc, p.amount, p.currency)) }] : []),
      ...(p.giftCard ? [{ kind: 'p' as const, text: loc.t.refundToGiftCard(money(loc, p.giftCard.amount, p.currency), p.giftCard.last4) }] : []),
      { kind: 'p', text: p.reason === 'seats_lost' && p.seats.length ? loc.t.refundForSeats(p.seats.join(', ')) : loc.t.refundForOrder },
      { kind: 'facts', rows: [[loc.t.orderNumber, p.order.id], [loc.t.paymentReference, p.paymentId]] },
    ],
  })),

  order_voided: orderMail<OrderVoidedPayload>((p, loc, theme) => ({
    subject: loc.t.voidedSubject(theme.merchantName, p.order.id),
    heading: loc.t.voidedHeading,
    blocks: [
      { kind: 'p', text: p.presaleEvent ? loc.t.voidedPresaleText(p.presaleEvent) : loc.t.voidedText },
      { kind: 'facts', rows: [[loc.t.orderNumber, p.order.id], [loc.t.paymentReference, p.paymentId]] },
    ],
  })),

  insurance_cover_confirmed: orderMail<InsuranceCoverPayload>((p, loc, theme) => ({
    subject: loc.t.insuranceSubject(theme.merchantName),
    heading: loc.t.insuranceHeading,
    blocks: [
      { kind: 'p', text: loc.t.insuranceText(p.planName) },
      { kind: 'facts', rows: [[loc.t.premium, money(loc, p.premium.amount, p.premium.currency)], [loc.t.orderNumber, p.order.id], [loc.t.paymentReference, p.paymentId]] },
    ],
  })),
};

/** A payment-failed notice is due only while the order is still unpaid (another card may have paid it since). */
export function orderStillDue(app: FastifyInstance): Record<string, StillDue> {
  return {
    payment_failed: async (event) => {
      const order = event.order_id ? await app.orders.get(event.order_id) : undefined;
      return !order || order.status === 'declined' || order.status === 'expired' || order.status === 'canceled';
    },
  };
}

/** Where a payment-failed message sends the shopper back to their saved cart. */
export type CartUrl = (order: OrderRecord) => string;

/**
 * The order feature that records what a customer must hear about, in the transaction of the
 * change. Its `afterPaid` runs after every feature's `onPaid` (seats sold, insurance quotes bound).
 */
export function orderNotifications(app: FastifyInstance, cartUrl: CartUrl): OrderFeature {
  const enqueue = (tx: Queryable, type: string, key: string, order: OrderRecord, payload: Record<string, unknown>) =>
    app.outbox.enqueue(tx, { type, key: `${type}:${key}`, orderId: order.id, payload: { order: orderSnapshot(order), ...payload } });
  return {
    name: 'notifications',
    afterPaid: async (order, tx, by) => {
      await enqueue(tx, 'order_paid', order.id, order, { paymentId: by.paymentId } satisfies Omit<OrderPaidPayload, 'order'>);
      if (order.insurance_quote_id) {
        const quote = (await tx.query<{ plan_name: string; amount: number | string; currency: string }>(
          'SELECT plan_name, amount, currency FROM insurance_quotes WHERE id = $1 AND paid_at IS NOT NULL',
          [order.insurance_quote_id],
        )).rows[0];
        if (quote) {
          await enqueue(tx, 'insurance_cover_confirmed', order.insurance_quote_id, order, {
            paymentId: by.paymentId,
            planName: quote.plan_name,
            premium: { amount: Number(quote.amount), currency: quote.currency },
          } satisfies Omit<InsuranceCoverPayload, 'order'>);
        }
      }
    },
    // One notice per order, sent PAYMENT_FAILED_DELAY_MS after the first decline if the order is still unpaid then (see orderStillDue).
    onDeclined: async (order, tx, by) => {
      const payload: PaymentFailedPayload = { order: orderSnapshot(order), paymentId: by.paymentId, cartUrl: cartUrl(order) };
      await app.outbox.enqueue(tx, { type: 'payment_failed', key: `payment_failed:${order.id}`, orderId: order.id, delayMs: PAYMENT_FAILED_DELAY_MS, payload: { ...payload } });
    },
    onRefunded: async (order, tx, refund) => {
      // What the refund was for: the upstream action the proxy asked for (seats an expired hold lost), when it was one.
      const asked = (await tx.query<{ id: string; reason: string; detail: { seats?: Array<{ seatId?: string } | string> } }>(
        `SELECT id, reason, detail FROM upstream_actions WHERE order_id = $1 AND kind = 'refund' AND (action_id = $2 OR amount = $3)
         ORDER BY (action_id IS NOT DISTINCT FROM $2) DESC, created_at LIMIT 1`,
        [order.id, refund.actionId ?? null, refund.amount],
      )).rows[0];
      // The same refund's part credited back to a gift card (server/gift-cards/refunds.ts): one notice says both.
      const gift = asked && (await tx.query<{ last4: string; amount: number | string }>('SELECT c.last4, f.amount FROM gift_card_refunds f JOIN gift_cards c ON c.id = f.gift_card_id WHERE f.id = $1', [asked.id])).rows[0];
      const seats = (asked?.detail?.seats ?? []).map((s) => (typeof s === 'string' ? s : String(s.seatId ?? ''))).filter(Boolean);
      await enqueue(tx, 'refund_made', `${order.id}:${refund.actionId ?? `${refund.paymentId}:${order.refunded_amount}`}`, order, {
        paymentId: refund.paymentId,
        amount: refund.amount,
        currency: refund.currency,
        reason: asked?.reason ?? null,
        seats,
        ...(gift ? { giftCard: { last4: gift.last4, amount: Number(gift.amount) } } : {}),
      } satisfies Omit<RefundMadePayload, 'order'>);
    },
    onVoided: async (order, tx, by) => {
      await enqueue(tx, 'order_voided', order.id, order, { paymentId: by.paymentId, presaleEvent: by.event === 'presale_card_ineligible' ? (order.card_rule?.eventName ?? null) : null } satisfies Omit<OrderVoidedPayload, 'order'>);
    },
  };
}
