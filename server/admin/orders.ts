/**
 * What the console does with orders: search (filtered and paged in SQL), an order's whole
 * record (lines, payments, the refunds, captures and voids asked for, its audit timeline), and
 * the two money actions, refund and void, and sending the confirmation with its receipt again.
 *
 * A refund or void is never a call made here: it is recorded in the upstream-action queue
 * (server/upstream-actions/) in the same transaction as its checks, with its audit entry naming
 * the staff member, and asked of Checkout.com after the commit with the action's id as the
 * `Cko-Idempotency-Key` — the queue's retries, lease and webhooks apply as for every other action.
 *
 * Two staff members refunding one order at once get one refund: the refund names the refunds it
 * was decided on (`expectedRefunded`, the detail's `committedRefunds`), and the check runs with
 * the order locked, so the second sees the first's refund and is refused (409 `refund_conflict`).
 * A repeat of the same request (same staff member, same Idempotency-Key) is the same action.
 *
 * An order a gift card paid in part or in full is refundable in whole: the payment card first, up
 * to what Checkout.com captured, and the rest credited back to the gift card in the refund's own
 * transaction (server/gift-cards/refunds.ts). Both parts carry the refund's one id.
 *
 * A receipt sent again is an outbox event (`receipt_resent`, server/outbox/) written in the
 * transaction that checks the order, with the order's own audit entry naming the staff member:
 * the mail worker sends the confirmation with its PDF after the commit, once. The same request
 * again is the same message; a second one while the first has not gone yet is refused (409).
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { AdminAction, AdminEvent, AdminOrderDetail, AdminOrderList, AdminOrderSummary, AdminReceiptResendResponse, AdminRefundRequest, AdminRefundResponse, AdminVoidRequest } from '../../contract/api';
import { adminOrderQuerySchema } from '../../contract/api';
import type { z } from 'zod';
import { HttpError } from '../errors';
import { giftCardRefund, giftCardRefunds, giftCardShare, refundsCommitted, requestRefund, type RefundSplit } from '../gift-cards/refunds';
import { orderSnapshot, type OrderPaidPayload } from '../mail/messages';
import type { OrderRecord, OrderStore } from '../orders/store';
import type { NewOutboxEvent } from '../outbox/store';
import { RECEIPTED } from '../receipts/plugin';
import type { Queryable } from '../storage/db';
import type { UpstreamActionService } from '../upstream-actions/plugin';
import type { UpstreamActionRecord } from '../upstream-actions/store';
import type { StaffMember } from './guard';

type OrderQuery = z.infer<typeof adminOrderQuerySchema>;

/** How a payment only authorised (not captured) is recorded: by a status check, or by the webhook's event type. */
const AUTHORISED_ONLY = ['authorized', 'payment_approved'];

interface OrderRow {
  id: string;
  status: AdminOrderSummary['status'];
  amount: number;
  currency: string;
  refunded_amount: number;
  customer: { email?: string; name?: string } | null;
  created_at: Date | string;
}

const iso = (d: Date | string) => new Date(d).toISOString();

function summary(row: OrderRow): AdminOrderSummary {
  return {
    id: row.id,
    status: row.status,
    amount: Number(row.amount),
    currency: row.currency.trim(),
    refundedAmount: Number(row.refunded_amount),
    email: row.customer?.email ?? null,
    name: row.customer?.name ?? null,
    createdAt: iso(row.created_at),
  };
}

function action(row: UpstreamActionRecord & { created_at?: Date | string }): AdminAction {
  const staff = typeof row.detail?.staff === 'string' ? row.detail.staff : null;
  const note = typeof row.detail?.note === 'string' ? row.detail.note : null;
  return {
    id: row.id,
    kind: row.kind,
    amount: Number(row.amount),
    currency: row.currency.trim(),
    reason: row.reason,
    status: row.status,
    paymentId: row.payment_id,
    staff,
    note,
    createdAt: iso(row.created_at ?? new Date()),
  };
}

/** The day after an ISO date (YYYY-MM-DD), as the exclusive end of a range of whole UTC days. */
export function dayAfter(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

export class AdminOrders {
  constructor(
    /** The kit's app: a refund is split between the payment card and a gift card (server/gift-cards/refunds.ts). */
    private readonly app: FastifyInstance,
    private readonly orders: OrderStore,
    private readonly actions: UpstreamActionService,
    /** Checkout.com's view of a payment (GET /payments/{id}): a void is asked for only while it says something is left to void. */
    private readonly upstream: (paymentId: string) => Promise<{ balances?: { available_to_void?: number } }>,
    /** The outbox (server/outbox/): a receipt sent again is one of its events. */
    private readonly outbox: { enqueue(tx: Queryable, event: NewOutboxEvent): Promise<string | undefined> },
  ) {}

  private get db() {
    return this.orders.db;
  }

  async search(q: OrderQuery): Promise<AdminOrderList> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replaceAll('$?', `$${params.length}`));
    };
    if (q.status) add('o.status = $?', q.status);
    if (q.from) add('o.created_at >= $?::date', q.from);
    if (q.to) add('o.created_at < $?::date', dayAfter(q.to));
    if (q.email) add(`position(lower($?) in lower(o.customer->>'email')) > 0`, q.email);
    if (q.reference) add('(o.id = $? OR o.id IN (SELECT order_id FROM payments WHERE id = $?) OR o.session_id = $?)', q.reference);
    if (q.minAmount !== undefined) add('o.amount >= $?', q.minAmount);
    if (q.maxAmount !== undefined) add('o.amount <= $?', q.maxAmount);
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const total = (await this.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM orders o ${clause}`, params)).rows[0]?.n ?? 0;
    const rows = (await this.db.query<OrderRow>(
      `SELECT o.id, o.status, o.amount, o.currency, o.refunded_amount, o.customer, o.created_at FROM orders o ${clause}
       ORDER BY o.created_at DESC, o.id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, q.pageSize, (q.page - 1) * q.pageSize],
    )).rows;
    return { orders: rows.map(summary), page: q.page, pageSize: q.pageSize, total: Number(total) };
  }

  /**
   * Refunded so far plus the refunds asked for and not applied yet (pending, or accepted and
   * still waiting for their `payment_refunded` event), and what went back to a gift card: what a
   * new refund must come on top of.
   */
  async committedRefunds(order: OrderRecord, q: Queryable = this.db): Promise<number> {
    return refundsCommitted(order, q);
  }

  /** The payment that made the order paid (its audited move to `paid`), if any. */
  private async livePayment(orderId: string, q: Queryable): Promise<{ id: string; status: string } | undefined> {
    return (await q.query<{ id: string; status: string }>(
      `SELECT p.id, p.status FROM payment_events e JOIN payments p ON p.id = e.payment_id AND p.order_id = e.order_id
       WHERE e.order_id = $1 AND e.detail->>'to' = 'paid' ORDER BY e.id DESC LIMIT 1`,
      [orderId],
    )).rows[0];
  }

  /** Voidable as far as the store knows: paid by a payment recorded as authorised only, with no capture or void asked for. */
  async voidState(order: OrderRecord, q: Queryable = this.db): Promise<{ payment?: { id: string; status: string }; voidable: boolean }> {
    const payment = await this.livePayment(order.id, q);
    if (!payment || order.status !== 'paid' || !AUTHORISED_ONLY.includes(payment.status.toLowerCase())) return { payment, voidable: false };
    const taken = (await q.query(`SELECT 1 FROM upstream_actions WHERE order_id = $1 AND kind IN ('capture', 'void') AND status <> 'failed' LIMIT 1`, [order.id])).rows.length > 0;
    return { payment, voidable: !taken };
  }

  async detail(id: string): Promise<AdminOrderDetail> {
    const order = await this.orders.get(id);
    if (!order) throw new HttpError(404, 'order_not_found', 'There is no order with this id.');
    const payments = (await this.db.query<{ id: string; status: string; amount: number; currency: string; response_code: string | null; created_at: Date | string }>(
      'SELECT id, status, amount, currency, response_code, created_at FROM payments WHERE order_id = $1 ORDER BY created_at, id',
      [id],
    )).rows;
    const actions = (await this.db.query<UpstreamActionRecord & { created_at: Date | string }>(
      'SELECT * FROM upstream_actions WHERE order_id = $1 ORDER BY created_at, id',
      [id],
    )).rows;
    const timeline = (await this.db.query<{ id: number; created_at: Date | string; source: string; type: string; actor: string; payment_id: string | null; detail: Record<string, unknown> }>(
      'SELECT id, created_at, source, type, actor, payment_id, detail FROM payment_events WHERE order_id = $1 ORDER BY id',
      [id],
    )).rows;
    const committed = await this.committedRefunds(order);
    // The whole order is refundable: the payment card's share and the gift card's.
    const share = await giftCardShare(id, this.db);
    const total = Number(order.amount) + (share?.amount ?? 0);
    const refundable = ['paid', 'partially_refunded'].includes(order.status) && (await this.livePayment(id, this.db)) ? Math.max(0, total - committed) : 0;
    const giftRefunds = share ? await giftCardRefunds(id, this.db) : [];
    const { voidable } = await this.voidState(order, this.db);
    const receiptResendable = RECEIPTED.has(order.status) && !!orderSnapshot(order).email && !(await this.resendWaiting(id, this.db));
    const base = summary(order as unknown as OrderRow);
    return {
      order: {
        ...base,
        subtotal: Number(order.subtotal),
        discount: Number(order.discount),
        shipping: Number(order.shipping),
        tax: Number(order.tax),
        coupon: order.coupon,
        country: order.country.trim(),
        channel: order.channel,
        lines: Array.isArray(order.lines) ? (order.lines as Array<Record<string, unknown>>) : [],
      },
      payments: payments.map((p) => ({ id: p.id, status: p.status, amount: Number(p.amount), currency: p.currency.trim(), responseCode: p.response_code, createdAt: iso(p.created_at) })),
      actions: actions.map(action),
      timeline: timeline.map((e): AdminEvent => ({ id: Number(e.id), at: iso(e.created_at), source: e.source, type: e.type, actor: e.actor, paymentId: e.payment_id, detail: e.detail ?? {} })),
      committedRefunds: committed,
      refundable,
      voidable,
      giftCard: share
        ? {
            last4: share.last4,
            amount: share.amount,
            refunded: share.refunded,
            refunds: giftRefunds.map((r) => ({
              id: r.id, amount: r.amount, reason: r.reason,
              staff: typeof r.detail.staff === 'string' ? r.detail.staff : null, note: typeof r.detail.note === 'string' ? r.detail.note : null, createdAt: iso(r.createdAt),
            })),
          }
        : null,
      receiptResendable,
    };
  }

  /** The action id (and Cko-Idempotency-Key) of a console action: one per order, staff member and request key. */
  static actionId(kind: 'refund' | 'void', orderId: string, staff: string, key: string): string {
    return `ck-${kind}-${createHash('sha256').update(`${orderId}\0${staff}\0${key}`).digest('hex').slice(0, 40)}`;
  }

  private async existing(id: string, q: Queryable): Promise<(UpstreamActionRecord & { created_at: Date | string }) | undefined> {
    return (await q.query<UpstreamActionRecord & { created_at: Date | string }>('SELECT * FROM upstream_actions WHERE id = $1', [id])).rows[0];
  }

  /** What one refund (its id) did: the card's part asked of Checkout.com and the part credited to a gift card. */
  private async refundDone(id: string, q: Queryable): Promise<{ action?: AdminAction; giftCard?: RefundSplit['giftCard']; amount: number } | undefined> {
    const asked = await this.existing(id, q);
    const credited = await giftCardRefund(id, q);
    if (!asked && !credited) return undefined;
    if (asked && asked.kind !== 'refund') return { action: action(asked), amount: Number.NaN };
    return {
      ...(asked ? { action: action(asked) } : {}),
      ...(credited ? { giftCard: { last4: credited.last4, amount: credited.amount } } : {}),
      amount: Number(asked?.amount ?? 0) + (credited?.amount ?? 0),
    };
  }

  async refund(orderId: string, body: AdminRefundRequest, staff: StaffMember, key: string): Promise<AdminRefundResponse> {
    const id = AdminOrders.actionId('refund', orderId, staff.username, key);
    return this.db.transaction(async (tx) => {
      const order = await this.orders.lock(orderId, tx);
      if (!order) throw new HttpError(404, 'order_not_found', 'There is no order with this id.');
      const before = await this.refundDone(id, tx);
      if (before) {
        if (before.amount !== body.amount) throw new HttpError(409, 'idempotency_key_reused', 'This Idempotency-Key was used for another request.');
        return { id, ...(before.action ? { action: before.action } : {}), ...(before.giftCard ? { giftCard: before.giftCard } : {}), replayed: true };
      }
      if (!['paid', 'partially_refunded'].includes(order.status)) {
        throw new HttpError(409, 'not_refundable', `An order that is ${order.status} cannot be refunded.`);
      }
      const payment = await this.livePayment(orderId, tx);
      if (!payment) throw new HttpError(409, 'not_refundable', 'The order has no payment that took money.');
      const committed = await this.committedRefunds(order, tx);
      if (committed !== body.expectedRefunded) {
        throw new HttpError(409, 'refund_conflict', 'This order was refunded meanwhile. Reload it and decide again.', [{ path: 'expectedRefunded', message: `is ${committed} now` }]);
      }
      const remaining = Number(order.amount) + ((await giftCardShare(orderId, tx))?.amount ?? 0) - committed;
      if (body.amount > remaining) {
        throw new HttpError(422, 'refund_exceeds_remaining', `At most ${remaining} (minor units) is left to refund.`, [{ path: 'amount', message: `must be at most ${remaining}` }]);
      }
      // The payment card first (up to what Checkout.com captured), the rest back to the gift card.
      const split = await requestRefund(this.app, tx, order, {
        id,
        amount: body.amount,
        paymentId: payment.id,
        reason: 'staff_refund',
        detail: { staff: staff.username, role: staff.role, note: body.reason },
        source: 'refund',
        actor: `staff ${staff.username}`,
      });
      const asked = split.card > 0 ? await this.existing(id, tx) : undefined;
      return { id, ...(asked ? { action: action(asked) } : {}), ...(split.giftCard ? { giftCard: split.giftCard } : {}), replayed: false };
    });
  }

  /** A copy of the receipt still waiting for its email delivery. */
  private async resendWaiting(orderId: string, q: Queryable): Promise<boolean> {
    return (await q.query(
      `SELECT 1 FROM outbox_events e JOIN outbox_deliveries d ON d.event_id = e.id
       WHERE e.order_id = $1 AND e.type = 'receipt_resent' AND d.status = 'pending' LIMIT 1`,
      [orderId],
    )).rows.length > 0;
  }

  private async resend(key: string, q: Queryable): Promise<AdminReceiptResendResponse['resend'] | undefined> {
    const row = (await q.query<{ id: string; payload: { order?: { email?: string | null } }; created_at: Date | string; status: AdminReceiptResendResponse['resend']['status'] | null }>(
      `SELECT e.id, e.payload, e.created_at, d.status FROM outbox_events e LEFT JOIN outbox_deliveries d ON d.event_id = e.id AND d.channel = 'email' WHERE e.key = $1`,
      [key],
    )).rows[0];
    return row && { id: row.id, to: row.payload.order?.email ?? '', status: row.status ?? 'pending', createdAt: iso(row.created_at) };
  }

  /** Sends the confirmation with its PDF receipt to the order's email again (queued in the outbox, audited on the order). */
  async resendReceipt(orderId: string, staff: StaffMember, requestKey: string): Promise<{ resend: AdminReceiptResendResponse['resend']; replayed: boolean }> {
    const key = `receipt_resent:${orderId}:${createHash('sha256').update(`${staff.username}\0${requestKey}`).digest('hex').slice(0, 40)}`;
    return this.db.transaction(async (tx) => {
      const order = await this.orders.lock(orderId, tx);
      if (!order) throw new HttpError(404, 'order_not_found', 'There is no order with this id.');
      const before = await this.resend(key, tx);
      if (before) return { resend: before, replayed: true };
      if (!RECEIPTED.has(order.status)) throw new HttpError(409, 'order_not_paid', `An order that is ${order.status} has no receipt.`);
      const snapshot = orderSnapshot(order);
      if (!snapshot.email) throw new HttpError(409, 'no_customer_email', 'The order has no email address to send the receipt to.');
      if (await this.resendWaiting(orderId, tx)) {
        throw new HttpError(409, 'receipt_resend_pending', 'A copy of this receipt is still waiting to be sent. Try again once it has gone.');
      }
      // The payment reference the first confirmation named.
      const paid = (await tx.query<{ payment_id: string | null }>(`SELECT payload->>'paymentId' AS payment_id FROM outbox_events WHERE key = $1`, [`order_paid:${orderId}`])).rows[0];
      const paymentId = paid?.payment_id ?? (await this.livePayment(orderId, tx))?.id ?? '';
      const payload: OrderPaidPayload & { resentBy: string } = { order: snapshot, paymentId, resentBy: staff.username };
      const eventId = await this.outbox.enqueue(tx, { type: 'receipt_resent', key, orderId, payload: { ...payload } });
      if (!eventId) throw new HttpError(409, 'receipt_resend_pending', 'A copy of this receipt is still waiting to be sent. Try again once it has gone.');
      await this.orders.audit({ orderId, paymentId: paymentId || null, source: 'staff', type: 'receipt_resent', actor: `staff ${staff.username}`, detail: { eventId, role: staff.role } }, tx);
      return { resend: (await this.resend(key, tx))!, replayed: false };
    });
  }

  async void(orderId: string, body: AdminVoidRequest, staff: StaffMember): Promise<{ action: AdminAction; replayed: boolean }> {
    // One void per order, whoever asks and however often: the id is the order's.
    const id = AdminOrders.actionId('void', orderId, '', '');
    const known = await this.orders.get(orderId);
    if (!known) throw new HttpError(404, 'order_not_found', 'There is no order with this id.');
    // The store's record may lag the capture: Checkout.com's balances decide (a read, before the transaction).
    const candidate = await this.voidState(known);
    if (candidate.payment && candidate.voidable && !((await this.upstream(candidate.payment.id)).balances?.available_to_void ?? 0)) {
      throw new HttpError(409, 'not_voidable', 'Only a payment authorised and not captured can be voided.');
    }
    return this.db.transaction(async (tx) => {
      const order = await this.orders.lock(orderId, tx);
      if (!order) throw new HttpError(404, 'order_not_found', 'There is no order with this id.');
      const before = await this.existing(id, tx);
      if (before) return { action: action(before), replayed: true };
      const { payment, voidable } = await this.voidState(order, tx);
      if (!payment || !voidable) throw new HttpError(409, 'not_voidable', 'Only a payment authorised and not captured can be voided.');
      await this.actions.request(tx, {
        id,
        kind: 'void',
        orderId,
        paymentId: payment.id,
        amount: Number(order.amount),
        currency: order.currency.trim(),
        reason: 'staff_void',
        detail: { staff: staff.username, role: staff.role, note: body.reason },
        source: 'void',
        actor: `staff ${staff.username}`,
      });
      return { action: action((await this.existing(id, tx))!), replayed: false };
    });
  }
}
