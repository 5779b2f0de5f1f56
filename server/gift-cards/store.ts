/**
 * Gift cards: issued when the order that bought them is paid, looked up by code, spent by later
 * orders. All of it runs in the order's own transactions through the order feature registry
 * (./plugin.ts): `hold` in the order-create transaction, `take` in the paid one, `release` in
 * the voided one.
 *
 * The balance is never a stored counter. A card has its face value (`amount`); what is left is
 * that less its redemptions that count (less what a refund gave back of each, ./refunds.ts):
 *   - taken: the redemption's order was paid (`taken_at`),
 *   - held: its order may still be paid — pending, or declined within its retry window (Flow lets
 *     the shopper try another card in the same session).
 * So an order that expires, is declined past its window, or is voided gives its hold back without
 * anyone writing anything. A hold is checked and written under a row lock on the card
 * (`SELECT … FOR UPDATE`), so two orders racing for one balance on any number of proxies queue on
 * that lock and the second sees the first's hold: a balance is never spent twice.
 */
import { randomBytes } from 'node:crypto';
import type { Clock } from '../auth/db';
import { HttpError } from '../errors';
import type { PricedLine } from '../orders/pricing';
import type { NewOrder, OrderRecord, OrderStore, PaidBy } from '../orders/store';
import type { Database, Queryable } from '../storage/db';
import { hashCode, lastFour, newCode, normaliseCode, openCode, sealCode, type CodeKeys } from './codes';
import type { GuessLimiter } from './limiter';

export interface GiftCardRow {
  id: string;
  last4: string;
  order_id: string;
  seq: number;
  design: string;
  amount: number;
  currency: string;
  expires_at: Date;
  recipient_name: string;
  recipient_email: string;
  sender_name: string;
  message: string | null;
  send_to_self: boolean;
  /** The day the recipient's email is due (YYYY-MM-DD, UTC). */
  deliver_on: string | Date;
  delivered_at: Date | null;
  code_sealed: string;
}

/** What the buyer asked for on the gift-card line (kept on the priced line, see pricing). */
export interface GiftCardDelivery {
  design: string;
  recipientName: string;
  recipientEmail: string;
  senderName: string;
  message?: string;
  sendToSelf: boolean;
  deliveryDate?: string;
}

/** The card an order redeems, found by its code before the order's transaction (`NewOrder.giftCard`). */
export interface Redemption {
  cardId: string;
  last4: string;
  /** Set by `hold`: what the card pays of the order. */
  applied?: number;
}

const CARD_ID = '0123456789abcdefghjkmnpqrstvwxyz';
const newCardId = () => `gc_${[...randomBytes(20)].map((b) => CARD_ID[b % 32]).join('')}`;

/** What a priced order costs before any gift card: subtotal − discount + shipping + tax. */
export const orderTotal = (o: { subtotal: number; discount: number; shipping: number; tax: number }) => Number(o.subtotal) - Number(o.discount) + Number(o.shipping) + Number(o.tax);

const addMonths = (at: Date, months: number) => {
  const d = new Date(at);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d;
};

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

export class GiftCardStore {
  constructor(
    private readonly db: Database,
    private readonly keys: CodeKeys,
    private readonly orders: OrderStore,
    readonly limiter: GuessLimiter,
    private readonly clock: Clock,
    /** How long a declined order keeps its hold (its Flow session may still be paid with another card). */
    private readonly declinedHoldMs: number,
    private readonly validityMonths: () => number,
  ) {}

  /** What is left on a card: face value less taken and held redemptions (other than `except`'s order). */
  async remaining(card: { id: string; amount: number }, q: Queryable, except?: string): Promise<number> {
    const { rows } = await q.query<{ used: number | string }>(
      `SELECT COALESCE(SUM(r.amount - r.refunded_amount), 0) AS used FROM gift_card_redemptions r JOIN orders o ON o.id = r.order_id
       WHERE r.gift_card_id = $1 AND ($3::text IS NULL OR r.order_id <> $3)
         AND (r.taken_at IS NOT NULL OR o.status = 'pending' OR (o.status = 'declined' AND o.updated_at > now() - $2 * interval '1 millisecond'))`,
      [card.id, this.declinedHoldMs, except ?? null],
    );
    return Number(card.amount) - Number(rows[0]!.used);
  }

  /**
   * The card a typed code names, through the guessing budget: 429 while the caller (or everyone)
   * spent it, 404 for a wrong code (counted), the card otherwise (its slot given back).
   */
  async lookup(typed: string, ip: string, path: string): Promise<GiftCardRow> {
    const attempt = await this.limiter.begin(ip);
    if (attempt.blocked) {
      const minutes = Math.ceil(attempt.retryAfter / 60);
      throw new HttpError(429, 'gift_card_guesses', `Too many wrong gift-card codes. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`, [{ path, message: 'too many wrong codes' }], {
        'retry-after': String(attempt.retryAfter),
      });
    }
    const code = normaliseCode(typed);
    const card = code ? (await this.db.query<GiftCardRow>('SELECT * FROM gift_cards WHERE code_hash = $1', [hashCode(this.keys, code)])).rows[0] : undefined;
    if (!card) {
      await this.limiter.failed();
      throw new HttpError(404, 'gift_card_not_found', 'This is not a gift-card code of this shop. Check the code and try again.', [{ path, message: 'is not a gift-card code' }]);
    }
    await this.limiter.succeeded(attempt.slot);
    return card;
  }

  async balance(typed: string, ip: string) {
    const card = await this.lookup(typed, ip, 'code');
    const expiresAt = new Date(card.expires_at);
    return {
      balance: Math.max(0, await this.remaining(card, this.db)),
      currency: card.currency,
      expiresAt: expiresAt.toISOString(),
      expired: expiresAt.getTime() <= this.clock().getTime(),
      last4: card.last4,
    };
  }

  /**
   * The card a checkout redeems: a card of this shop, in the order's currency, not expired, for an
   * order that is neither presale tickets nor gift cards (a card buying cards would renew its own
   * expiry for ever, and move its balance to codes nobody can trace back).
   */
  async forOrder(typed: string, ip: string, order: { currency: string; presale: boolean; lines: readonly Pick<PricedLine, 'kind'>[] }): Promise<Redemption> {
    const { currency, presale } = order;
    const card = await this.lookup(typed, ip, 'giftCardCode');
    const field = (message: string) => [{ path: 'giftCardCode', message }];
    if (new Date(card.expires_at).getTime() <= this.clock().getTime()) {
      throw new HttpError(409, 'gift_card_expired', `This gift card (ending ${card.last4}) expired on ${isoDay(new Date(card.expires_at))}.`, field('has expired'));
    }
    if (card.currency !== currency) {
      throw new HttpError(409, 'gift_card_currency', `This gift card (ending ${card.last4}) is in ${card.currency}; it pays orders in ${card.currency} only.`, field(`is in ${card.currency}`));
    }
    if (presale) {
      throw new HttpError(409, 'gift_card_not_for_presale', 'Presale tickets are paid with an eligible card: a gift card cannot pay them.', field('cannot pay presale tickets'));
    }
    if (order.lines.some((l) => l.kind === 'gift_card')) {
      throw new HttpError(409, 'gift_card_for_gift_card', 'A gift card cannot pay for gift cards: pay for them with a card.', field('cannot pay for gift cards'));
    }
    return { cardId: card.id, last4: card.last4 };
  }

  /**
   * What a card would pay of an order of `amount` now (a quote: nothing is held; the order's own
   * transaction decides again under the card's lock). A card with nothing left is refused as at checkout.
   */
  async preview(redeem: Redemption, amount: number): Promise<{ last4: string; amount: number }> {
    const card = (await this.db.query<GiftCardRow>('SELECT * FROM gift_cards WHERE id = $1', [redeem.cardId])).rows[0]!;
    const left = await this.remaining(card, this.db);
    if (left <= 0) {
      throw new HttpError(409, 'gift_card_empty', `This gift card (ending ${card.last4}) has nothing left to spend, or open orders hold what is left.`, [{ path: 'giftCardCode', message: 'has no balance left' }]);
    }
    return { last4: card.last4, amount: Math.min(left, Math.max(0, amount)) };
  }

  /**
   * In the new order's transaction (before its row is written): locks the card, takes what it can
   * pay of the order (at most what is left), holds it, and lowers the order's amount to the rest.
   */
  async hold(order: NewOrder, tx: Queryable): Promise<void> {
    const redeem = order.giftCard;
    if (!redeem) return;
    const card = (await tx.query<GiftCardRow>('SELECT * FROM gift_cards WHERE id = $1 FOR UPDATE', [redeem.cardId])).rows[0];
    if (!card || card.currency !== order.currency) throw new HttpError(409, 'gift_card_currency', 'This gift card cannot pay this order.', [{ path: 'giftCardCode', message: 'cannot pay this order' }]);
    // Checked again under the lock: the card may have expired (or been voided) since it was looked up.
    if (new Date(card.expires_at).getTime() <= this.clock().getTime()) {
      throw new HttpError(409, 'gift_card_expired', `This gift card (ending ${card.last4}) expired on ${isoDay(new Date(card.expires_at))}.`, [{ path: 'giftCardCode', message: 'has expired' }]);
    }
    const left = await this.remaining(card, tx);
    if (left <= 0) {
      throw new HttpError(409, 'gift_card_empty', `This gift card (ending ${card.last4}) has nothing left to spend, or open orders hold what is left.`, [{ path: 'giftCardCode', message: 'has no balance left' }]);
    }
    const applied = Math.min(left, order.amount);
    if (applied <= 0) return;
    await tx.query('INSERT INTO gift_card_redemptions (order_id, gift_card_id, amount, currency) VALUES ($1, $2, $3, $4)', [order.id, card.id, applied, order.currency]);
    redeem.applied = applied;
    order.amount -= applied;
  }

  /** In the paid transaction: the order's holds are taken. A hold released meanwhile that no longer fits was refused before (`shortfall`); one that still slips through is audited, never silently spent twice. */
  async take(order: OrderRecord, tx: Queryable, by: PaidBy): Promise<void> {
    const taken = (await tx.query<{ gift_card_id: string; amount: number }>('UPDATE gift_card_redemptions SET taken_at = now() WHERE order_id = $1 AND taken_at IS NULL RETURNING gift_card_id, amount', [order.id])).rows;
    for (const r of taken) {
      const card = (await tx.query<GiftCardRow>('SELECT * FROM gift_cards WHERE id = $1 FOR UPDATE', [r.gift_card_id])).rows[0]!;
      const left = await this.remaining(card, tx);
      if (left < 0) {
        await this.orders.audit({ orderId: order.id, paymentId: by.paymentId, source: by.source, actor: by.actor, type: 'gift_card_overdrawn', detail: { giftCard: card.last4, short: -left, currency: card.currency } }, tx);
      }
    }
  }

  /**
   * Before a payment makes the order paid: a card whose hold for it was given back (the order
   * expired, or was declined past its retry window) and spent by other orders since, so it can no
   * longer pay its share — the card's last four and what it lacks. Checked under the card's lock.
   */
  async shortfall(order: OrderRecord, tx: Queryable): Promise<{ last4: string; short: number } | undefined> {
    // A pending order's hold always counts: no other order can have taken it (no round trip on the usual path).
    if (order.status === 'pending') return undefined;
    const held = (await tx.query<{ gift_card_id: string; amount: number | string; refunded_amount: number | string }>(
      'SELECT gift_card_id, amount, refunded_amount FROM gift_card_redemptions WHERE order_id = $1 AND taken_at IS NULL ORDER BY gift_card_id',
      [order.id],
    )).rows;
    for (const r of held) {
      const card = (await tx.query<GiftCardRow>('SELECT * FROM gift_cards WHERE id = $1 FOR UPDATE', [r.gift_card_id])).rows[0]!;
      const short = Number(r.amount) - Number(r.refunded_amount) - (await this.remaining(card, tx, order.id));
      if (short > 0) return { last4: card.last4, short };
    }
    return undefined;
  }

  /** In the voided transaction: anything it took goes back to its card. */
  async release(order: OrderRecord, tx: Queryable): Promise<void> {
    await tx.query('UPDATE gift_card_redemptions SET taken_at = NULL WHERE order_id = $1', [order.id]);
  }

  /** In the paid transaction: one card per gift card the order bought, each with its own code. */
  async issue(order: OrderRecord, tx: Queryable): Promise<Array<{ id: string; code: string }>> {
    const lines = (Array.isArray(order.lines) ? order.lines : []) as Array<PricedLine & { giftCard?: GiftCardDelivery }>;
    const now = this.clock();
    const expires = addMonths(now, this.validityMonths());
    const issued: Array<{ id: string; code: string }> = [];
    let seq = 0;
    for (const line of lines) {
      if (line.kind !== 'gift_card' || !line.giftCard) continue;
      const g = line.giftCard;
      const deliverOn = g.deliveryDate && g.deliveryDate > isoDay(now) ? g.deliveryDate : isoDay(now);
      for (let i = 0; i < line.quantity; i++) {
        const code = newCode();
        const normalised = normaliseCode(code)!;
        const id = newCardId();
        await tx.query(
          `INSERT INTO gift_cards (id, code_hash, code_sealed, last4, order_id, seq, design, amount, currency, expires_at, recipient_name, recipient_email, sender_name, message, send_to_self, deliver_on)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
          [id, hashCode(this.keys, normalised), sealCode(this.keys, code), lastFour(normalised), order.id, seq++, g.design, line.unitAmount, order.currency, expires.toISOString(),
            g.recipientName, g.recipientEmail, g.senderName, g.message ?? null, g.sendToSelf, deliverOn],
        );
        issued.push({ id, code });
      }
    }
    return issued;
  }

  /** What a gift card paid of a paid order (taken, or being taken in its paid transaction) that did not go back to it yet. */
  async unrefunded(orderId: string, q: Queryable): Promise<number> {
    const row = (await q.query<{ n: number | string }>('SELECT COALESCE(SUM(amount - refunded_amount), 0) AS n FROM gift_card_redemptions WHERE order_id = $1', [orderId])).rows[0];
    return Number(row?.n ?? 0);
  }

  /** What a gift card paid of an order, if one did. */
  async appliedTo(orderId: string, q: Queryable = this.db): Promise<{ last4: string; amount: number } | undefined> {
    const row = (await q.query<{ last4: string; amount: number | string }>('SELECT c.last4, r.amount FROM gift_card_redemptions r JOIN gift_cards c ON c.id = r.gift_card_id WHERE r.order_id = $1', [orderId])).rows[0];
    return row && { last4: row.last4, amount: Number(row.amount) };
  }

  /** The cards an order issued (no codes). */
  async issuedBy(orderId: string, q: Queryable = this.db): Promise<GiftCardRow[]> {
    return (await q.query<GiftCardRow>('SELECT * FROM gift_cards WHERE order_id = $1 ORDER BY seq', [orderId])).rows;
  }

  // ── The delivery seam (the mail worker): cards due, their code, and marking them sent ──

  /** Cards whose delivery day has come (UTC) and that were not delivered yet. */
  async dueForDelivery(limit = 100, q: Queryable = this.db): Promise<GiftCardRow[]> {
    return (await q.query<GiftCardRow>('SELECT * FROM gift_cards WHERE delivered_at IS NULL AND deliver_on <= $1::date ORDER BY deliver_on, created_at LIMIT $2', [isoDay(this.clock()), limit])).rows;
  }

  /** The plain code of a card, for the recipient's email only. Never log or return it elsewhere. */
  revealCode(card: Pick<GiftCardRow, 'code_sealed'>): string {
    return openCode(this.keys, card.code_sealed);
  }

  async markDelivered(cardId: string, q: Queryable = this.db): Promise<void> {
    await q.query('UPDATE gift_cards SET delivered_at = now() WHERE id = $1 AND delivered_at IS NULL', [cardId]);
  }
}
