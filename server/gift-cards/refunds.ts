/**
 * Refunds of an order a gift card paid in part or in full. The refundable amount is the whole
 * order: the payment card's share (`orders.amount`, what Checkout.com was asked for) and the gift
 * card's share (its redemption). A refund goes to the payment card first, up to what Checkout.com
 * captured and is not refunded or being refunded yet; the rest is credited back to the gift card:
 *
 *   - the card's part is an upstream action (server/upstream-actions/), asked of Checkout.com
 *     after the commit, as any refund;
 *   - the gift card's part is credited here, in the same transaction (its balance restored: the
 *     redemption's `refunded_amount` grows, never above what the card paid for this order), with
 *     its audit entry (`gift_card_refunded`) and the order's status moved on at once.
 *
 * Both parts carry the refund's one id (the staff request's action id, or an automatic refund's
 * key), so a replayed refund finds what it did and does nothing twice. The caller holds the
 * order's row lock, so two refunds of one order never both see the same balance.
 *
 * An expired card (or one about to expire) gets its balance back and its expiry moved to at
 * least REFUND_MIN_VALIDITY_DAYS after the refund: money the shopper is owed must be spendable,
 * and a balance on a card that cannot be used is no refund at all. A card whose own purchase was
 * voided (it was never paid for, and expired then) gets its balance back but stays expired.
 */
import type { FastifyInstance } from 'fastify';
import { HttpError } from '../errors';
import { orderSnapshot, type RefundMadePayload } from '../mail/messages';
import { canMove, type EventSource, type OrderRecord, type OrderStatus } from '../orders/store';
import type { Queryable } from '../storage/db';

/** A card credited by a refund stays spendable at least this long after the refund. */
export const REFUND_MIN_VALIDITY_DAYS = 30;

/** What a gift card paid of an order, and what of it went back already. */
export interface GiftCardShare {
  cardId: string;
  last4: string;
  /** What the card paid for this order. */
  amount: number;
  /** What went back to it so far. */
  refunded: number;
  currency: string;
}

/** One credit back to a gift card (console and mail show them). */
export interface GiftCardRefund {
  id: string;
  last4: string;
  amount: number;
  currency: string;
  reason: string;
  detail: Record<string, unknown>;
  createdAt: Date;
}

/** A refund of an order: how much, why, and who asked (the same id on both of its parts). */
export interface RefundRequest {
  id: string;
  amount: number;
  paymentId: string;
  reason: string;
  detail: Record<string, unknown>;
  source: EventSource;
  actor: string;
}

/** How one refund was split. */
export interface RefundSplit {
  /** Asked of Checkout.com (0: nothing). */
  card: number;
  /** Credited back to the gift card, if any. */
  giftCard?: { last4: string; amount: number };
}

/**
 * The payment card's refunds applied plus those asked for and not applied yet (pending, or
 * accepted and still waiting for their `payment_refunded` event): what Checkout.com may no longer give back.
 */
export async function cardRefundsCommitted(order: Pick<OrderRecord, 'id' | 'refunded_amount'>, q: Queryable): Promise<number> {
  const inFlight = (await q.query<{ n: number }>(
    `SELECT COALESCE(sum(a.amount), 0)::bigint AS n FROM upstream_actions a
     WHERE a.order_id = $1 AND a.kind = 'refund' AND (a.status = 'pending' OR (a.status = 'accepted' AND NOT EXISTS (
       SELECT 1 FROM payment_events e WHERE e.order_id = a.order_id AND e.type = 'payment_refunded' AND e.detail->>'actionId' = a.action_id)))`,
    [order.id],
  )).rows[0]?.n;
  return Number(order.refunded_amount) + Number(inFlight ?? 0);
}

/** The gift card share of an order (taken, or being taken in the paid transaction); `lock` holds its row. */
export async function giftCardShare(orderId: string, q: Queryable, lock = false): Promise<GiftCardShare | undefined> {
  const row = (await q.query<{ gift_card_id: string; last4: string; amount: number | string; refunded_amount: number | string; currency: string }>(
    `SELECT r.gift_card_id, c.last4, r.amount, r.refunded_amount, r.currency FROM gift_card_redemptions r JOIN gift_cards c ON c.id = r.gift_card_id
     WHERE r.order_id = $1 ORDER BY r.created_at LIMIT 1${lock ? ' FOR UPDATE OF r' : ''}`,
    [orderId],
  )).rows[0];
  return row && { cardId: row.gift_card_id, last4: row.last4, amount: Number(row.amount), refunded: Number(row.refunded_amount), currency: row.currency.trim() };
}

/** The credits back to gift cards of an order, oldest first. */
export async function giftCardRefunds(orderId: string, q: Queryable): Promise<GiftCardRefund[]> {
  const rows = (await q.query<{ id: string; last4: string; amount: number | string; currency: string; reason: string; detail: Record<string, unknown>; created_at: Date | string }>(
    `SELECT f.id, c.last4, f.amount, f.currency, f.reason, f.detail, f.created_at FROM gift_card_refunds f JOIN gift_cards c ON c.id = f.gift_card_id
     WHERE f.order_id = $1 ORDER BY f.created_at, f.id`,
    [orderId],
  )).rows;
  return rows.map((r) => ({ id: r.id, last4: r.last4, amount: Number(r.amount), currency: r.currency.trim(), reason: r.reason, detail: r.detail ?? {}, createdAt: new Date(r.created_at) }));
}

/** One credit by its refund id (a replay finds it). */
export async function giftCardRefund(id: string, q: Queryable): Promise<GiftCardRefund | undefined> {
  const row = (await q.query<{ order_id: string }>('SELECT order_id FROM gift_card_refunds WHERE id = $1', [id])).rows[0];
  return row && (await giftCardRefunds(row.order_id, q)).find((r) => r.id === id);
}

/** The whole order's refunds committed: the payment card's (applied or asked for) and the gift card's (credited). */
export async function refundsCommitted(order: Pick<OrderRecord, 'id' | 'refunded_amount'>, q: Queryable): Promise<number> {
  return (await cardRefundsCommitted(order, q)) + ((await giftCardShare(order.id, q))?.refunded ?? 0);
}

/**
 * Records one refund of a locked order, split as the module says: the card's part as an upstream
 * action, the rest credited to the gift card in this transaction. `cap`: an automatic refund gives
 * back at most what is left of both (what is beyond is audited by the caller); a staff refund is
 * checked before and never needs it.
 */
export async function requestRefund(app: FastifyInstance, tx: Queryable, order: OrderRecord, refund: RefundRequest, cap = false): Promise<RefundSplit> {
  const cardLeft = Math.max(0, Number(order.amount) - (await cardRefundsCommitted(order, tx)));
  const card = Math.min(refund.amount, cardLeft);
  const share = await giftCardShare(order.id, tx, true);
  const giftLeft = share ? share.amount - share.refunded : 0;
  let gift = refund.amount - card;
  if (gift > giftLeft) {
    if (!cap) throw new HttpError(422, 'refund_exceeds_remaining', `At most ${cardLeft + giftLeft} (minor units) is left to refund.`, [{ path: 'amount', message: `must be at most ${cardLeft + giftLeft}` }]);
    gift = giftLeft;
  }
  const giftCard = share && gift > 0 ? { last4: share.last4, amount: gift } : undefined;
  if (card > 0) {
    await app.upstreamActions.request(tx, {
      id: refund.id,
      kind: 'refund',
      orderId: order.id,
      paymentId: refund.paymentId,
      amount: card,
      currency: order.currency.trim(),
      reason: refund.reason,
      detail: { ...refund.detail, ...(giftCard ? { giftCard } : {}) },
      source: refund.source,
      actor: refund.actor,
    });
  }
  if (share && giftCard) {
    await creditGiftCard(app, tx, order, share, { ...refund, amount: gift });
    // No card part: no `payment_refunded` will come to send the notice, so it is written now.
    if (card === 0) await notifyGiftCardOnly(app, tx, order, refund, giftCard);
  }
  return { card, ...(giftCard ? { giftCard } : {}) };
}

async function creditGiftCard(app: FastifyInstance, tx: Queryable, order: OrderRecord, share: GiftCardShare, refund: RefundRequest): Promise<void> {
  const inserted = (await tx.query(
    `INSERT INTO gift_card_refunds (id, order_id, gift_card_id, amount, currency, reason, detail) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (id) DO NOTHING RETURNING id`,
    [refund.id, order.id, share.cardId, refund.amount, share.currency, refund.reason, JSON.stringify(refund.detail)],
  )).rows.length === 1;
  if (!inserted) return;
  // The CHECK on the redemption refuses more than the card paid for this order, whatever the caller computed.
  await tx.query('UPDATE gift_card_redemptions SET refunded_amount = refunded_amount + $3 WHERE order_id = $1 AND gift_card_id = $2', [order.id, share.cardId, refund.amount]);
  // Kept spendable — unless the order that bought the card was voided (never paid for): that card stays expired.
  const spendableUntil = new Date(app.clock.now() + REFUND_MIN_VALIDITY_DAYS * 86_400_000);
  const card = (await tx.query<{ expires_at: Date | string; extended: boolean }>(
    `UPDATE gift_cards c SET expires_at = CASE WHEN o.status = 'voided' THEN c.expires_at ELSE GREATEST(c.expires_at, $2::timestamptz) END
     FROM orders o WHERE c.id = $1 AND o.id = c.order_id
     RETURNING c.expires_at, (c.expires_at = $2::timestamptz) AS extended`,
    [share.cardId, spendableUntil.toISOString()],
  )).rows[0]!;
  await app.orders.audit({
    orderId: order.id,
    paymentId: refund.paymentId,
    source: refund.source,
    type: 'gift_card_refunded',
    actor: refund.actor,
    detail: {
      refundId: refund.id, amount: refund.amount, currency: share.currency, giftCard: share.last4, reason: refund.reason, ...refund.detail,
      expiresAt: new Date(card.expires_at).toISOString(), ...(card.extended ? { expiryExtended: true } : {}),
    },
  }, tx);
  await moveRefundStatus(app, tx, order);
}

/** The order's status once a gift-card credit is in: refunded when neither the card nor the gift card has anything left. */
async function moveRefundStatus(app: FastifyInstance, tx: Queryable, order: OrderRecord): Promise<void> {
  const current = (await tx.query<OrderRecord>('SELECT * FROM orders WHERE id = $1', [order.id])).rows[0]!;
  const left = Number(current.amount) - Number(current.refunded_amount) + (await app.orders.features.unrefunded(current, tx));
  const to: OrderStatus = left <= 0 ? 'refunded' : 'partially_refunded';
  if (to === current.status || !canMove(current.status, to)) return;
  await tx.query('UPDATE orders SET status = $2, updated_at = now() WHERE id = $1', [order.id, to]);
}

async function notifyGiftCardOnly(app: FastifyInstance, tx: Queryable, order: OrderRecord, refund: RefundRequest, giftCard: { last4: string; amount: number }): Promise<void> {
  const seats = Array.isArray(refund.detail.seats) ? (refund.detail.seats as Array<{ seatId?: string } | string>).map((s) => (typeof s === 'string' ? s : String(s.seatId ?? ''))).filter(Boolean) : [];
  const payload: Omit<RefundMadePayload, 'order'> = { paymentId: refund.paymentId, amount: 0, currency: order.currency.trim(), reason: refund.reason, seats, giftCard };
  await app.outbox.enqueue(tx, { type: 'refund_made', key: `refund_made:${order.id}:${refund.id}`, orderId: order.id, payload: { order: orderSnapshot(order), ...payload } });
}
