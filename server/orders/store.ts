/**
 * Orders, payments and their audit log. Status moves are guarded here (not in routes) so a
 * late or out-of-order webhook cannot undo a final state, and every move and every refusal
 * is written to payment_events. Refunds (whole or in part) and the expiry of orders left
 * pending are applied here too.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { PresaleRules } from '../cards/eligibility';
import type { Redemption } from '../gift-cards/store';
import { lazyTransaction, type Database, type Queryable } from '../storage/db';
import { OrderFeatures, type PaymentResult } from './features';

export type OrderStatus = 'pending' | 'paid' | 'declined' | 'canceled' | 'expired' | 'partially_refunded' | 'refunded' | 'voided';
/** Who told us: session creation, the HPP, a status check, a webhook, or the proxy's own expiry sweep or refund, capture and void attempts. */
export type EventSource = 'session' | 'hpp' | 'verify' | 'webhook' | 'expiry' | 'refund' | 'capture' | 'void' | 'staff';

/** The presale rule an order was priced under: the card that pays must pass it (server/orders/payments.ts). */
export interface CardRule {
  eventId: string;
  eventName: string;
  rules: PresaleRules;
}

export interface OrderRecord {
  id: string;
  status: OrderStatus;
  channel: 'flow' | 'hpp';
  amount: number;
  currency: string;
  subtotal: number;
  discount: number;
  shipping: number;
  tax: number;
  coupon: string | null;
  country: string;
  lines: unknown;
  customer: unknown;
  addresses: unknown;
  fx: unknown;
  session_id: string | null;
  seat_hold_id: string | null;
  insurance_quote_id: string | null;
  /** Set for presale orders: authorised without capture, paid only once the card that paid passed it. */
  card_rule: CardRule | null;
  /** The shopper's locale (BCP 47) when the order was made: messages about it are written in it. */
  locale: string | null;
  /** Refunded so far, in minor units (the sum of the refunds applied; `amount` once refunded in full). */
  refunded_amount: number;
  /** SHA-256 of the order's payment-detail token (see `grantsAccess`). */
  access_hash: string | null;
  /** The derived Idempotency-Key that created the order, and the hash of its request (see `findByIdempotencyKey`). */
  idempotency_key: string | null;
  request_hash: string | null;
  /** The shopper account the order was made in (server/accounts/), from the session; null for a guest. */
  account_id: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface NewOrder {
  id: string;
  channel: 'flow' | 'hpp';
  amount: number;
  currency: string;
  subtotal: number;
  discount: number;
  shipping: number;
  tax: number;
  coupon?: string;
  country: string;
  lines: unknown;
  customer: unknown;
  addresses: unknown;
  fx?: unknown;
  seatHoldId?: string;
  /** The seats the order priced (its seat lines, seat by seat): stored in order_seats, and all a payment sells. */
  seats?: { eventId: string; seats: Array<{ seatId: string; categoryId: string }> };
  insuranceQuoteId?: string;
  cardRule?: CardRule;
  /** The shopper's locale (BCP 47), as the order request gave it. */
  locale?: string;
  /**
   * The gift card the order redeems (server/gift-cards/). Its feature's `onCreate` holds what the
   * card pays, records it in `applied` and lowers `amount` (what Checkout.com is asked) to the rest.
   */
  giftCard?: Redemption;
  /** SHA-256 of the payment-detail token handed to the browser that made the order (`accessHash`). */
  accessHash?: string;
  /** The derived Idempotency-Key of the creating request and that request's hash. */
  idempotencyKey?: string;
  requestHash?: string;
  /** The shopper account of the session that made the order (never from the request body). */
  accountId?: string;
}

/** An event that could not apply to its order yet, kept until the order is paid. */
export interface KeptEvent {
  eventId: string;
  orderId: string;
  type: string;
  data: Record<string, unknown>;
  reason: string;
}

/** The hash an order keeps of its payment-detail token (the token itself is never stored). */
export const accessHash = (token: string) => createHash('sha256').update(token).digest('base64url');

/** Whether an order may still become paid (so an event waiting for that is worth keeping). */
export function awaitsPayment(status: OrderStatus | undefined): boolean {
  return status !== undefined && status !== 'paid' && canMove(status, 'paid');
}

/**
 * Which moves are allowed. `declined → paid` is allowed because Flow lets the shopper retry
 * another card within one session; `expired → paid` because an order the sweep gave up on may
 * still be paid (money was taken: the payment wins). Nothing leaves `refunded`, `paid` only
 * moves to (partially) refunded, canceled or voided, and a partial refund only towards the rest.
 * `voided` (an authorisation released, nothing charged: a presale card that failed the rule, or
 * one Checkout.com voided before it was captured) is final, like `canceled`; it can follow any
 * state an authorised payment can be reported in, `expired` included.
 */
const ALLOWED: Record<OrderStatus, OrderStatus[]> = {
  pending: ['paid', 'declined', 'canceled', 'expired', 'voided'],
  declined: ['paid', 'canceled', 'expired', 'voided'],
  paid: ['partially_refunded', 'refunded', 'canceled', 'voided'],
  canceled: [],
  expired: ['paid', 'voided'],
  partially_refunded: ['refunded'],
  refunded: [],
  voided: [],
};

export function canMove(from: OrderStatus, to: OrderStatus): boolean {
  return from === to || ALLOWED[from].includes(to);
}

/** The statuses of an order a payment may still arrive for (what it bought must be kept until then). */
export const AWAITING_PAYMENT: readonly OrderStatus[] = (Object.keys(ALLOWED) as OrderStatus[]).filter(awaitsPayment);

export interface AuditEntry {
  orderId?: string | null;
  paymentId?: string | null;
  source: EventSource;
  type: string;
  actor: string;
  detail?: Record<string, unknown>;
}

/** The payment that made an order paid, and who reported it (for the hooks' own audit entries). */
export interface PaidBy {
  paymentId: string;
  source: EventSource;
  actor: string;
  /** The audit event type of the move, when it has one (e.g. `presale_card_ineligible` for a void). */
  event?: string;
}

/** What a payment or a webhook event's `data` says about its order (see `findForPayment`). */
export interface PaymentRef {
  id?: string | undefined;
  reference?: string | undefined;
  metadata?: Record<string, unknown> | undefined;
}

export class OrderStore {
  /**
   * What each feature of an order does when it is created, paid or voided (seats, insurance, the
   * webhook's kept events), run inside this store's transactions: see ./features.ts.
   */
  readonly features: OrderFeatures;

  constructor(
    readonly db: Database,
    features: OrderFeatures = new OrderFeatures(),
  ) {
    this.features = features;
  }

  /** The order row, with `audit` (its creation's entry) written by the same statement when given. */
  async create(order: NewOrder, q: Queryable = this.db, audit?: Omit<AuditEntry, 'orderId'>): Promise<void> {
    const values = [
      order.id, order.channel, order.amount, order.currency, order.subtotal, order.discount, order.shipping, order.tax,
      order.coupon ?? null, order.country, JSON.stringify(order.lines), JSON.stringify(order.customer),
      JSON.stringify(order.addresses ?? {}), order.fx ? JSON.stringify(order.fx) : null, order.seatHoldId ?? null, order.insuranceQuoteId ?? null,
      order.cardRule ? JSON.stringify(order.cardRule) : null,
      order.accessHash ?? null, order.idempotencyKey ?? null, order.requestHash ?? null, order.locale ?? null, order.accountId ?? null,
    ];
    const insert = `INSERT INTO orders (id, channel, amount, currency, subtotal, discount, shipping, tax, coupon, country, lines, customer, addresses, fx, seat_hold_id, insurance_quote_id, card_rule, access_hash, idempotency_key, request_hash, locale, account_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)`;
    if (audit) {
      // One round trip: the audit row is written from the inserted order, so never one without the other.
      await q.query(
        `WITH created AS (${insert} RETURNING id)
         INSERT INTO payment_events (order_id, payment_id, source, type, actor, detail) SELECT id, NULL, $23, $24, $25, $26 FROM created`,
        [...values, audit.source, audit.type, audit.actor, JSON.stringify(audit.detail ?? {})],
      );
    } else await q.query(insert, values);
    if (order.seats?.seats.length) {
      await q.query(
        `INSERT INTO order_seats (order_id, event_id, seat_id, category_id) SELECT $1, $2, s.seat, s.category FROM unnest($3::text[], $4::text[]) AS s (seat, category)`,
        [order.id, order.seats.eventId, order.seats.seats.map((s) => s.seatId), order.seats.seats.map((s) => s.categoryId)],
      );
    }
  }

  async attachSession(orderId: string, sessionId: string, q: Queryable = this.db): Promise<void> {
    await q.query('UPDATE orders SET session_id = $2, updated_at = now() WHERE id = $1', [orderId, sessionId]);
  }

  /**
   * The order row and its `order_created` audit entry (one statement: never one without the
   * other), after the features' checks, all in one transaction — opened only when a feature asks
   * the database something (a stock count, a seat hold, a gift card): an order none of them
   * concerns is that one statement, atomic on its own.
   */
  async createAudited(order: NewOrder, audit: Omit<AuditEntry, 'orderId'> | (() => Omit<AuditEntry, 'orderId'>)): Promise<void> {
    // A function reads the order as the features left it (a gift card lowers its amount).
    const write = (q: Queryable) => this.create(order, q, typeof audit === 'function' ? audit() : audit);
    // Seats are a second statement (order_seats): always a transaction.
    if (order.seats?.seats.length) {
      await this.db.transaction(async (tx) => {
        await this.features.created(order, tx);
        await write(tx);
      });
      return;
    }
    await lazyTransaction(this.db, (tx) => this.features.created(order, tx), write);
  }

  /**
   * The upstream session (ps_…/hpp_…) bound to its order, with its audit entry: one statement
   * (atomic on its own, one round trip), the entry written only when the order was there to bind.
   */
  async attachSessionAudited(orderId: string, sessionId: string, audit: Omit<AuditEntry, 'orderId'>): Promise<void> {
    await this.db.query(
      `WITH bound AS (UPDATE orders SET session_id = $2, updated_at = now() WHERE id = $1 RETURNING id)
       INSERT INTO payment_events (order_id, payment_id, source, type, actor, detail) SELECT id, NULL, $3, $4, $5, $6 FROM bound`,
      [orderId, sessionId, audit.source, audit.type, audit.actor, JSON.stringify(audit.detail ?? {})],
    );
  }

  async get(id: string, q: Queryable = this.db): Promise<OrderRecord | undefined> {
    return (await q.query<OrderRecord>('SELECT * FROM orders WHERE id = $1', [id])).rows[0];
  }

  /** The order, locked until the transaction `tx` ends: a decision about it is taken once. */
  async lock(id: string, tx: Queryable): Promise<OrderRecord | undefined> {
    return (await tx.query<OrderRecord>('SELECT * FROM orders WHERE id = $1 FOR UPDATE', [id])).rows[0];
  }

  /** Whether an audit entry of `type` exists for the order (e.g. why it was voided). */
  async hasEvent(orderId: string, type: string, q: Queryable = this.db): Promise<boolean> {
    return (await q.query('SELECT 1 FROM payment_events WHERE order_id = $1 AND type = $2 LIMIT 1', [orderId, type])).rows.length === 1;
  }

  /** The order an earlier attempt with this (derived) Idempotency-Key created, if any. */
  async findByIdempotencyKey(key: string, q: Queryable = this.db): Promise<OrderRecord | undefined> {
    return (await q.query<OrderRecord>('SELECT * FROM orders WHERE idempotency_key = $1', [key])).rows[0];
  }

  /** A retry of the request that created the order takes it over: a new payment-detail token, audited. */
  async retake(orderId: string, accessHash: string, audit: Omit<AuditEntry, 'orderId'>): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query('UPDATE orders SET access_hash = $2, updated_at = now() WHERE id = $1', [orderId, accessHash]);
      await this.audit({ ...audit, orderId }, tx);
    });
  }

  /** Whether `token` is the order's payment-detail token (compared as hashes, in constant time). */
  async grantsAccess(orderId: string, token: string | undefined): Promise<boolean> {
    if (!token) return false;
    const stored = (await this.db.query<{ access_hash: string | null }>('SELECT access_hash FROM orders WHERE id = $1', [orderId])).rows[0]?.access_hash;
    if (!stored) return false;
    const given = Buffer.from(accessHash(token));
    const expected = Buffer.from(stored);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  /** Keeps an event its order cannot take yet; a redelivery of the same event is kept once. */
  async keep(event: KeptEvent, q: Queryable = this.db): Promise<void> {
    await q.query(
      'INSERT INTO webhook_kept (event_id, order_id, type, data, reason) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (event_id) DO NOTHING',
      [event.eventId, event.orderId, event.type, JSON.stringify(event.data), event.reason],
    );
  }

  /** Hands back (and forgets) the events kept for an order, in the order they arrived. */
  async takeKept(orderId: string, q: Queryable): Promise<KeptEvent[]> {
    const rows = (await q.query<{ event_id: string; order_id: string; type: string; data: Record<string, unknown>; reason: string; seq: number | string }>(
      'DELETE FROM webhook_kept WHERE order_id = $1 RETURNING event_id, order_id, type, data, reason, seq',
      [orderId],
    )).rows;
    return rows
      .sort((a, b) => Number(a.seq) - Number(b.seq))
      .map((r) => ({ eventId: r.event_id, orderId: r.order_id, type: r.type, data: r.data, reason: r.reason }));
  }

  async findBySession(sessionId: string, q: Queryable = this.db): Promise<OrderRecord | undefined> {
    return (await q.query<OrderRecord>('SELECT * FROM orders WHERE session_id = $1', [sessionId])).rows[0];
  }

  async findByPayment(paymentId: string, q: Queryable = this.db): Promise<OrderRecord | undefined> {
    return (await q.query<OrderRecord>('SELECT o.* FROM orders o JOIN payments p ON p.order_id = o.id WHERE p.id = $1', [paymentId])).rows[0];
  }

  /**
   * The one answer to "which order does this payment belong to", for a payment as Checkout.com's
   * GET /payments/{id} reports it and for a webhook event's `data` alike: its reference (the
   * order id the proxy sent), else the order id in its metadata, else the payment session that
   * created it, else a payment already recorded for an order.
   */
  async findForPayment(p: PaymentRef, q: Queryable = this.db): Promise<OrderRecord | undefined> {
    const metaOrder = typeof p.metadata?.order_id === 'string' ? p.metadata.order_id : undefined;
    const session = typeof p.metadata?.cko_payment_session_id === 'string' ? p.metadata.cko_payment_session_id : undefined;
    return (
      (p.reference ? await this.get(p.reference, q) : undefined) ??
      (metaOrder ? await this.get(metaOrder, q) : undefined) ??
      (session ? await this.findBySession(session, q) : undefined) ??
      (p.id ? await this.findByPayment(p.id, q) : undefined)
    );
  }

  async audit(entry: AuditEntry, q: Queryable = this.db): Promise<void> {
    await q.query('INSERT INTO payment_events (order_id, payment_id, source, type, actor, detail) VALUES ($1, $2, $3, $4, $5, $6)', [
      entry.orderId ?? null, entry.paymentId ?? null, entry.source, entry.type, entry.actor, JSON.stringify(entry.detail ?? {}),
    ]);
  }

  async events(orderId: string, q: Queryable = this.db): Promise<Array<{ source: string; type: string; actor: string; detail: Record<string, unknown>; payment_id: string | null }>> {
    return (await q.query<{ source: string; type: string; actor: string; detail: Record<string, unknown>; payment_id: string | null }>(
      'SELECT source, type, actor, detail, payment_id FROM payment_events WHERE order_id = $1 ORDER BY id', [orderId],
    )).rows;
  }

  /**
   * Applies a verified payment outcome to its order, in one transaction: binds the payment
   * to the order, checks amount and currency, moves the status if the move is allowed, and
   * audits what happened. A mismatch is audited and NOT applied.
   */
  async applyPayment(
    input: {
      orderId: string;
      paymentId: string;
      sessionId?: string;
      paymentStatus: string;
      amount: number;
      currency: string;
      responseCode?: string;
      to: OrderStatus | undefined;
      source: EventSource;
      actor: string;
      eventType: string;
      /** More for the audit entry (e.g. the presale verdict and the card facts it was taken on). */
      detail?: Record<string, unknown>;
      /** The card that paid was checked against the order's card rule (only then may such an order be paid). */
      cardChecked?: boolean;
      /** The card of the payment, when the result names it (BIN and last four only). */
      card?: PaymentResult['card'];
    },
    q?: Queryable,
  ): Promise<{ applied: boolean; reason?: string; status?: OrderStatus }> {
    const run = async (tx: Queryable) => {
      const order = (await tx.query<OrderRecord>('SELECT * FROM orders WHERE id = $1 FOR UPDATE', [input.orderId])).rows[0];
      const base = { orderId: input.orderId, paymentId: input.paymentId, source: input.source, actor: input.actor };
      const extra = input.detail ?? {};
      if (!order) {
        await this.audit({ ...base, orderId: null, type: 'unknown_order', detail: { reference: input.orderId, event: input.eventType } }, tx);
        return { applied: false, reason: 'unknown_order' };
      }
      if (order.amount !== input.amount || order.currency !== input.currency) {
        await this.audit({
          ...base,
          type: 'amount_mismatch',
          detail: { event: input.eventType, expected: { amount: order.amount, currency: order.currency }, received: { amount: input.amount, currency: input.currency } },
        }, tx);
        return { applied: false, reason: 'amount_mismatch', status: order.status };
      }
      if (!(await this.#boundHere(tx, order, base, input.eventType))) return { applied: false, reason: 'payment_order_mismatch', status: order.status };
      await tx.query(
        `INSERT INTO payments (id, order_id, session_id, status, amount, currency, response_code) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, response_code = COALESCE(EXCLUDED.response_code, payments.response_code), updated_at = now()`,
        [input.paymentId, order.id, input.sessionId ?? order.session_id, input.paymentStatus, input.amount, input.currency, input.responseCode ?? null],
      );
      await this.features.paymentResult(order, tx, { paymentId: input.paymentId, to: input.to, card: input.card });
      // How much a partial refund took back is known only from its refund event (applyRefund):
      // a status that just says "Partially Refunded" is recorded, and moves nothing.
      let to: OrderStatus | undefined = input.to === 'partially_refunded' ? undefined : input.to;
      // The card refunded in full leaves an order that something else paid too (a gift card's share) partly refunded until that is back as well.
      const cardRefunded = to === 'refunded';
      if (cardRefunded && (await this.features.unrefunded(order, tx)) > 0) to = 'partially_refunded';
      if (!to || to === order.status) {
        await this.audit({ ...base, type: input.eventType, detail: { ...extra, paymentStatus: input.paymentStatus, status: order.status } }, tx);
        return { applied: true, status: order.status };
      }
      if (!canMove(order.status, to)) {
        await this.audit({ ...base, type: 'transition_refused', detail: { event: input.eventType, from: order.status, to } }, tx);
        return { applied: false, reason: 'transition_refused', status: order.status };
      }
      // A presale order is paid by the verdict on the card that paid, never by a status alone.
      if (to === 'paid' && order.card_rule && !input.cardChecked) {
        await this.audit({ ...base, type: 'presale_card_unchecked', detail: { event: input.eventType, paymentStatus: input.paymentStatus, from: order.status } }, tx);
        return { applied: false, reason: 'presale_card_unchecked', status: order.status };
      }
      const by: PaidBy = { paymentId: input.paymentId, source: input.source, actor: input.actor, event: input.eventType };
      // A feature may refuse a late payment (what the order held went to another order after it expired): voided, its money owed back.
      const refused = to === 'paid' ? await this.features.refusePaid(order, tx, { ...by, paymentStatus: input.paymentStatus, amount: input.amount, currency: input.currency }) : undefined;
      if (refused) to = 'voided';
      // Refunded in full: whatever earlier partial refunds added up to, now it is the whole amount.
      await tx.query(`UPDATE orders SET status = $2, refunded_amount = CASE WHEN $3 THEN amount ELSE refunded_amount END, updated_at = now() WHERE id = $1`, [order.id, to, cardRefunded]);
      if (to === 'paid') await this.features.paid({ ...order, status: 'paid' }, tx, by);
      if (to === 'voided') await this.features.voided({ ...order, status: 'voided' }, tx, by);
      if (to === 'declined') await this.features.declined({ ...order, status: 'declined' }, tx, by);
      await this.audit({ ...base, type: input.eventType, detail: { ...extra, paymentStatus: input.paymentStatus, from: order.status, to, responseCode: input.responseCode, ...(refused ? { refused } : {}) } }, tx);
      if (to === 'paid' && this.features.reactAfterPaid) {
        await this.features.afterPaid({ ...order, status: 'paid' }, tx, by);
        // A kept refund may have moved it on already.
        const now = (await tx.query<{ status: OrderStatus }>('SELECT status FROM orders WHERE id = $1', [order.id])).rows[0]!.status;
        return { applied: true, status: now };
      }
      return { applied: true, status: to };
    };
    return q ? run(q) : this.db.transaction(run);
  }

  /** False (and audited) when the payment is already bound to another order. */
  async #boundHere(tx: Queryable, order: OrderRecord, base: Omit<AuditEntry, 'type'>, event: string): Promise<boolean> {
    const bound = (await tx.query<{ order_id: string }>('SELECT order_id FROM payments WHERE id = $1', [base.paymentId])).rows[0];
    if (!bound || bound.order_id === order.id) return true;
    await this.audit({ ...base, type: 'payment_order_mismatch', detail: { event, boundTo: bound.order_id } }, tx);
    return false;
  }

  /**
   * Applies one refund (a `payment_refunded` event: its amount is what this refund gave back,
   * not the payment's amount) in one transaction: the currency must be the order's, the order
   * must be paid or partly refunded, and the amount at most what is left to refund. The running
   * total moves the order to `partially_refunded`, and to `refunded` when it reaches the order's
   * amount. Anything else is audited and NOT applied. Replays never get here (webhook_events).
   */
  async applyRefund(
    input: { orderId: string; paymentId: string; actionId?: string; amount: number; currency: string; source: EventSource; actor: string; eventType: string },
    q?: Queryable,
  ): Promise<{ applied: boolean; reason?: string; status?: OrderStatus }> {
    const run = async (tx: Queryable) => {
      const order = (await tx.query<OrderRecord>('SELECT * FROM orders WHERE id = $1 FOR UPDATE', [input.orderId])).rows[0];
      const base = { orderId: input.orderId, paymentId: input.paymentId, source: input.source, actor: input.actor };
      const received = { amount: input.amount, currency: input.currency, ...(input.actionId ? { actionId: input.actionId } : {}) };
      if (!order) {
        await this.audit({ ...base, orderId: null, type: 'unknown_order', detail: { reference: input.orderId, event: input.eventType } }, tx);
        return { applied: false, reason: 'unknown_order' };
      }
      // One refund (its action id) counts once, whichever event delivers it: the webhook dedupe
      // knows event ids only, and a refund can reach us under another event id.
      if (input.actionId) {
        const seen = await tx.query(`SELECT 1 FROM payment_events WHERE order_id = $1 AND type = $2 AND detail->>'actionId' = $3 LIMIT 1`, [order.id, input.eventType, input.actionId]);
        if (seen.rows.length) {
          await this.audit({ ...base, type: 'refund_already_applied', detail: { event: input.eventType, received } }, tx);
          return { applied: false, reason: 'refund_already_applied', status: order.status };
        }
      }
      const remaining = order.amount - order.refunded_amount;
      if (order.currency !== input.currency || input.amount <= 0) {
        await this.audit({ ...base, type: 'amount_mismatch', detail: { event: input.eventType, expected: { currency: order.currency, remaining }, received } }, tx);
        return { applied: false, reason: 'amount_mismatch', status: order.status };
      }
      if (!(await this.#boundHere(tx, order, base, input.eventType))) return { applied: false, reason: 'payment_order_mismatch', status: order.status };
      if (!canMove(order.status, 'refunded')) {
        await this.audit({ ...base, type: 'transition_refused', detail: { event: input.eventType, from: order.status, to: 'refunded', received } }, tx);
        return { applied: false, reason: 'transition_refused', status: order.status };
      }
      if (input.amount > remaining) {
        // A status read ("Refunded", e.g. the verify of a capture webhook) may have moved the order
        // before this refund's own event came: the event then confirms what the status took, and
        // counts as that refund (its audit entry, the refund notice) without moving anything again.
        const byEvents = Number((await tx.query<{ sum: string | number | null }>(
          `SELECT COALESCE(SUM((detail->>'amount')::bigint), 0) AS sum FROM payment_events WHERE order_id = $1 AND type = $2 AND detail ? 'refunded'`,
          [order.id, input.eventType],
        )).rows[0]?.sum ?? 0);
        if (byEvents + input.amount <= order.refunded_amount) {
          await this.features.refunded(order, tx, {
            paymentId: input.paymentId, source: input.source, actor: input.actor, amount: input.amount, currency: input.currency, ...(input.actionId ? { actionId: input.actionId } : {}),
          });
          await this.audit({ ...base, type: input.eventType, detail: { ...received, refunded: byEvents + input.amount, remaining: order.amount - order.refunded_amount, from: order.status, to: order.status, confirms: 'status' } }, tx);
          return { applied: true, status: order.status };
        }
        await this.audit({ ...base, type: 'refund_exceeds_remaining', detail: { event: input.eventType, refunded: order.refunded_amount, remaining, received } }, tx);
        return { applied: false, reason: 'refund_exceeds_remaining', status: order.status };
      }
      const refunded = order.refunded_amount + input.amount;
      // Refunded in full once the card's part and what else paid the order (a gift card's share) are all back.
      const to: OrderStatus = refunded === order.amount && (await this.features.unrefunded(order, tx)) === 0 ? 'refunded' : 'partially_refunded';
      const paymentStatus = to === 'refunded' ? 'Refunded' : 'Partially Refunded';
      // The payment row keeps the payment's amount; only its status follows the refunds.
      await tx.query(
        `INSERT INTO payments (id, order_id, session_id, status, amount, currency) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, updated_at = now()`,
        [input.paymentId, order.id, order.session_id, paymentStatus, order.amount, order.currency],
      );
      await tx.query('UPDATE orders SET status = $2, refunded_amount = $3, updated_at = now() WHERE id = $1', [order.id, to, refunded]);
      await this.features.refunded({ ...order, status: to, refunded_amount: refunded }, tx, {
        paymentId: input.paymentId, source: input.source, actor: input.actor, amount: input.amount, currency: input.currency, ...(input.actionId ? { actionId: input.actionId } : {}),
      });
      await this.audit({ ...base, type: input.eventType, detail: { ...received, refunded, remaining: order.amount - refunded, from: order.status, to } }, tx);
      return { applied: true, status: to };
    };
    return q ? run(q) : this.db.transaction(run);
  }

  /**
   * Expires orders still `pending` `ttlMs` after they were created (their session failed, or
   * the shopper left), each with an `order_expired` audit entry, in ONE statement: atomic, and
   * safe with several proxies sweeping one PostgreSQL — an order is expired and audited once,
   * and one a webhook holds right now is skipped (the next sweep sees what it became). Age is
   * measured on the database's clock, the one that wrote `created_at`. A payment that arrives
   * later still moves the order to paid (`expired → paid`). Returns the ids it expired.
   */
  async expirePending(ttlMs: number, limit = 500): Promise<string[]> {
    const rows = (await this.db.query<{ order_id: string }>(
      `WITH due AS (
         SELECT id FROM orders WHERE status = 'pending' AND created_at < now() - $1 * interval '1 millisecond'
         ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED
       ), expired AS (
         UPDATE orders o SET status = 'expired', updated_at = now() FROM due
         WHERE o.id = due.id AND o.status = 'pending'
         RETURNING o.id, o.channel, o.created_at
       )
       INSERT INTO payment_events (order_id, source, type, actor, detail)
       SELECT id, 'expiry', 'order_expired', 'expiry-sweep',
              jsonb_build_object('from', 'pending', 'to', 'expired', 'channel', channel, 'createdAt', created_at, 'ttlMinutes', $3::numeric)
       FROM expired
       RETURNING order_id`,
      [ttlMs, limit, Math.round((ttlMs / 60_000) * 1000) / 1000],
    )).rows;
    return rows.map((r) => r.order_id);
  }

  /** Whether a webhook event id was recorded already (a replay). */
  async webhookSeen(eventId: string, q: Queryable = this.db): Promise<boolean> {
    return (await q.query('SELECT 1 FROM webhook_events WHERE event_id = $1', [eventId])).rows.length === 1;
  }

  /** Records a webhook event id; false when it was seen before (a replay). */
  async recordWebhook(eventId: string, type: string, paymentId: string | undefined, outcome: string, q: Queryable = this.db): Promise<boolean> {
    const rows = (await q.query('INSERT INTO webhook_events (event_id, type, payment_id, outcome) VALUES ($1, $2, $3, $4) ON CONFLICT (event_id) DO NOTHING RETURNING event_id', [eventId, type, paymentId ?? null, outcome])).rows;
    return rows.length === 1;
  }

  async ping(): Promise<void> {
    await this.db.query('SELECT 1');
  }
}

/** Checkout.com payment status → our order status (undefined: no change, e.g. Pending). */
export function orderStatusFor(paymentStatus: string): OrderStatus | undefined {
  switch (paymentStatus.toLowerCase()) {
    case 'authorized':
    case 'captured':
    case 'partially captured':
    case 'paid':
    case 'card verified':
      return 'paid';
    case 'declined':
      return 'declined';
    case 'canceled':
      return 'canceled';
    case 'voided':
      return 'voided';
    case 'expired':
      return 'expired';
    case 'refunded':
      return 'refunded';
    case 'partially refunded':
      return 'partially_refunded';
    default:
      return undefined;
  }
}

/** Webhook type → our order status. */
export function orderStatusForEvent(type: string): OrderStatus | undefined {
  switch (type) {
    case 'payment_approved':
    case 'payment_captured':
    case 'card_verified':
      return 'paid';
    case 'payment_declined':
    case 'card_verification_declined':
    case 'payment_authentication_failed':
      return 'declined';
    case 'payment_canceled':
      return 'canceled';
    case 'payment_voided':
      return 'voided';
    case 'payment_expired':
      return 'expired';
    case 'payment_refunded':
      return 'refunded';
    default:
      return undefined;
  }
}
