/**
 * Refunds the proxy owes and must ask Checkout.com for (table `refund_requests`, migration 040).
 *
 * `request()` records the debt inside the transaction that creates it (with its audit entry and
 * a NOTIFY on `ck_refunds`, heard by every proxy only after the commit). The upstream call is
 * never made inside a transaction: a proxy `claim()`s due rows first — one UPDATE … RETURNING
 * that skips rows another proxy holds and pushes `next_attempt_at` forward by a lease — then
 * calls, then records the answer with `accepted()` or `failed()`. A proxy that dies mid-call
 * leaves its lease to run out; the next claim repeats the call with the same idempotency key.
 */
import type { Database, Queryable } from './db';
import type { EventSource, OrderStore } from './orders';

export const REFUND_CHANNEL = 'ck_refunds';

export type RefundStatus = 'pending' | 'accepted' | 'failed';

export interface RefundRequestRecord {
  /** Also the `Cko-Idempotency-Key` of every attempt. */
  id: string;
  order_id: string;
  payment_id: string;
  amount: number;
  currency: string;
  reason: string;
  detail: Record<string, unknown>;
  status: RefundStatus;
  attempts: number;
  next_attempt_at: Date;
  action_id: string | null;
  last_error: string | null;
}

export interface NewRefundRequest {
  id: string;
  orderId: string;
  paymentId: string;
  amount: number;
  currency: string;
  reason: string;
  detail: Record<string, unknown>;
  /** Who made the refund owed (the webhook or status check that paid the order). */
  source: EventSource;
  actor: string;
}

/** What an attempt's failure is recorded as: never a secret or a card number, only codes. */
export interface RefundFailure {
  /** Our error code for it (toHttpError), e.g. `upstream_timeout`. */
  code: string;
  upstreamStatus?: number;
  errorCodes?: string[];
  /** Refused for good (or out of attempts): no retry, a person must look. */
  final: boolean;
  /** When not final: the delay before the next attempt. */
  retryInMs: number;
}

const ACTOR = 'refunds';

export class RefundStore {
  constructor(
    readonly db: Database,
    private readonly orders: OrderStore,
  ) {}

  /**
   * Records a refund owed, in the caller's transaction, with its `refund_requested` audit entry.
   * The same id twice records it once (false the second time).
   */
  async request(tx: Queryable, input: NewRefundRequest): Promise<boolean> {
    const inserted = (await tx.query(
      `INSERT INTO refund_requests (id, order_id, payment_id, amount, currency, reason, detail) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (id) DO NOTHING RETURNING id`,
      [input.id, input.orderId, input.paymentId, input.amount, input.currency, input.reason, JSON.stringify(input.detail)],
    )).rows.length === 1;
    if (!inserted) return false;
    await this.orders.audit({
      orderId: input.orderId,
      paymentId: input.paymentId,
      source: input.source,
      type: 'refund_requested',
      actor: input.actor,
      detail: { refundId: input.id, amount: input.amount, currency: input.currency, reason: input.reason, ...input.detail },
    }, tx);
    // Delivered after the commit only, to every proxy listening: the call never precedes the record.
    await tx.query('SELECT pg_notify($1, $2)', [REFUND_CHANNEL, input.id]);
    return true;
  }

  /**
   * Claims refunds due now (or the one with `id`, if due) for one attempt: counts the attempt
   * and moves `next_attempt_at` `leaseMs` ahead, skipping rows another proxy is claiming.
   * Times are the database's, the same clock for every proxy.
   */
  async claim(opts: { leaseMs: number; limit?: number; id?: string }): Promise<RefundRequestRecord[]> {
    return (await this.db.query<RefundRequestRecord>(
      `WITH due AS (
         SELECT id FROM refund_requests
         WHERE status = 'pending' AND next_attempt_at <= now() AND ($3::text IS NULL OR id = $3)
         ORDER BY next_attempt_at LIMIT $2 FOR UPDATE SKIP LOCKED
       )
       UPDATE refund_requests r SET attempts = r.attempts + 1, next_attempt_at = now() + $1 * interval '1 millisecond', updated_at = now()
       FROM due WHERE r.id = due.id AND r.status = 'pending'
       RETURNING r.*`,
      [opts.leaseMs, opts.limit ?? 50, opts.id ?? null],
    )).rows;
  }

  /** Checkout.com accepted the refund (202): recorded and audited once, whoever got there first. */
  accepted(request: RefundRequestRecord, actionId: string): Promise<boolean> {
    return this.#settle(
      request,
      `UPDATE refund_requests SET status = 'accepted', action_id = $2, last_error = NULL, updated_at = now() WHERE id = $1 AND status = 'pending' RETURNING id`,
      [actionId],
      'refund_accepted',
      { actionId },
    );
  }

  /** An attempt failed: scheduled again (or given up when final), audited either way. */
  failed(request: RefundRequestRecord, failure: RefundFailure): Promise<boolean> {
    return this.#settle(
      request,
      `UPDATE refund_requests SET status = $2, next_attempt_at = now() + $3 * interval '1 millisecond', last_error = $4, updated_at = now()
       WHERE id = $1 AND status = 'pending' RETURNING id`,
      [failure.final ? 'failed' : 'pending', failure.final ? 0 : failure.retryInMs, failure.code],
      'refund_failed',
      {
        code: failure.code,
        ...(failure.upstreamStatus ? { upstreamStatus: failure.upstreamStatus } : {}),
        ...(failure.errorCodes?.length ? { errorCodes: failure.errorCodes } : {}),
        final: failure.final,
        ...(failure.final ? {} : { retryInMs: failure.retryInMs }),
      },
    );
  }

  /** Moves a pending request on (`update` takes its id as $1) and audits the move, in one transaction; false when it was no longer pending. */
  #settle(request: RefundRequestRecord, update: string, params: unknown[], type: string, detail: Record<string, unknown>): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const updated = (await tx.query(update, [request.id, ...params])).rows.length === 1;
      if (updated) {
        await this.orders.audit({
          orderId: request.order_id,
          paymentId: request.payment_id,
          source: 'refund',
          type,
          actor: ACTOR,
          detail: { refundId: request.id, amount: request.amount, currency: request.currency, attempt: request.attempts, ...detail },
        }, tx);
      }
      return updated;
    });
  }

  async forOrder(orderId: string): Promise<RefundRequestRecord[]> {
    return (await this.db.query<RefundRequestRecord>('SELECT * FROM refund_requests WHERE order_id = $1 ORDER BY created_at, id', [orderId])).rows;
  }
}
