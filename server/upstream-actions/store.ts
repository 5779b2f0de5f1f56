/**
 * Calls the proxy owes Checkout.com once a transaction has committed (table `upstream_actions`,
 * migrations 040 and 060): refunds (seats an expired hold lost), captures (a presale payment
 * whose card passed the rule) and voids (one whose card did not).
 *
 * `request()` records the action inside the transaction that makes it owed (with its audit
 * entry and a NOTIFY on `ck_upstream_actions`, heard by every proxy only after the commit). The
 * upstream call is never made inside a transaction: a proxy `claim()`s due rows first — one
 * UPDATE … RETURNING that skips rows another proxy holds and pushes `next_attempt_at` forward by
 * a lease — then calls, then records the answer with `accepted()` or `failed()`. A proxy that
 * dies mid-call leaves its lease to run out; the next claim repeats the call with the same
 * idempotency key (the row's id), so Checkout.com acts once however often it is asked.
 */
import type { Database, Queryable } from '../storage/db';
import type { EventSource, OrderStore } from '../orders/store';

export const UPSTREAM_ACTION_CHANNEL = 'ck_upstream_actions';

export type UpstreamActionKind = 'refund' | 'capture' | 'void';
export type UpstreamActionStatus = 'pending' | 'accepted' | 'failed';

export interface UpstreamActionRecord {
  /** Also the `Cko-Idempotency-Key` of every attempt. */
  id: string;
  kind: UpstreamActionKind;
  order_id: string;
  payment_id: string;
  /** Refund and capture: the amount asked for; void: the authorised amount it releases. */
  amount: number;
  currency: string;
  /** Why it is owed: `seats_lost`, `presale_card_verified`, `presale_card_ineligible`. */
  reason: string;
  detail: Record<string, unknown>;
  status: UpstreamActionStatus;
  attempts: number;
  next_attempt_at: Date;
  action_id: string | null;
  last_error: string | null;
}

export interface NewUpstreamAction {
  id: string;
  kind: UpstreamActionKind;
  orderId: string;
  paymentId: string;
  amount: number;
  currency: string;
  reason: string;
  detail: Record<string, unknown>;
  /** Who made the action owed (the webhook or status check that settled the order). */
  source: EventSource;
  actor: string;
}

/** What an attempt's failure is recorded as: never a secret or a card number, only codes. */
export interface UpstreamActionFailure {
  /** Our error code for it (toHttpError), e.g. `upstream_timeout`. */
  code: string;
  upstreamStatus?: number;
  errorCodes?: string[];
  /** Refused for good (or out of attempts): no retry, a person must look. */
  final: boolean;
  /** When not final: the delay before the next attempt. */
  retryInMs: number;
}

const ACTOR = 'upstream-actions';

export class UpstreamActionStore {
  constructor(
    readonly db: Database,
    private readonly orders: OrderStore,
  ) {}

  /**
   * Records an action owed, in the caller's transaction, with its `<kind>_requested` audit
   * entry. The same id twice records it once (false the second time).
   */
  async request(tx: Queryable, input: NewUpstreamAction): Promise<boolean> {
    const inserted = (await tx.query(
      `INSERT INTO upstream_actions (id, kind, order_id, payment_id, amount, currency, reason, detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (id) DO NOTHING RETURNING id`,
      [input.id, input.kind, input.orderId, input.paymentId, input.amount, input.currency, input.reason, JSON.stringify(input.detail)],
    )).rows.length === 1;
    if (!inserted) return false;
    await this.orders.audit({
      orderId: input.orderId,
      paymentId: input.paymentId,
      source: input.source,
      type: `${input.kind}_requested`,
      actor: input.actor,
      detail: { [`${input.kind}Id`]: input.id, amount: input.amount, currency: input.currency, reason: input.reason, ...input.detail },
    }, tx);
    // Delivered after the commit only, to every proxy listening: the call never precedes the record.
    await tx.query('SELECT pg_notify($1, $2)', [UPSTREAM_ACTION_CHANNEL, input.id]);
    return true;
  }

  /**
   * Claims actions due now (or the one with `id`, or those of `paymentId`, if due) for one
   * attempt: counts the attempt and moves `next_attempt_at` `leaseMs` ahead, skipping rows
   * another proxy is claiming. A refund is not due while a capture of its payment is pending:
   * only captured money can be refunded. Times are the database's, the same clock for every proxy.
   */
  async claim(opts: { leaseMs: number; limit?: number; id?: string; paymentId?: string }): Promise<UpstreamActionRecord[]> {
    return (await this.db.query<UpstreamActionRecord>(
      `WITH due AS (
         SELECT a.id FROM upstream_actions a
         WHERE a.status = 'pending' AND a.next_attempt_at <= now()
           AND ($3::text IS NULL OR a.id = $3) AND ($4::text IS NULL OR a.payment_id = $4)
           AND NOT (a.kind = 'refund' AND EXISTS (
             SELECT 1 FROM upstream_actions c WHERE c.payment_id = a.payment_id AND c.kind = 'capture' AND c.status = 'pending'))
         ORDER BY a.next_attempt_at LIMIT $2 FOR UPDATE OF a SKIP LOCKED
       )
       UPDATE upstream_actions r SET attempts = r.attempts + 1, next_attempt_at = now() + $1 * interval '1 millisecond', updated_at = now()
       FROM due WHERE r.id = due.id AND r.status = 'pending'
       RETURNING r.*`,
      [opts.leaseMs, opts.limit ?? 50, opts.id ?? null, opts.paymentId ?? null],
    )).rows;
  }

  /** Checkout.com accepted the action (202): recorded and audited once, whoever got there first. */
  accepted(action: UpstreamActionRecord, actionId: string): Promise<boolean> {
    return this.#settle(
      action,
      `UPDATE upstream_actions SET status = 'accepted', action_id = $2, last_error = NULL, updated_at = now() WHERE id = $1 AND status = 'pending' RETURNING id`,
      [actionId],
      'accepted',
      { actionId },
    );
  }

  /** An attempt failed: scheduled again (or given up when final), audited either way. */
  failed(action: UpstreamActionRecord, failure: UpstreamActionFailure): Promise<boolean> {
    return this.#settle(
      action,
      `UPDATE upstream_actions SET status = $2, next_attempt_at = now() + $3 * interval '1 millisecond', last_error = $4, updated_at = now()
       WHERE id = $1 AND status = 'pending' RETURNING id`,
      [failure.final ? 'failed' : 'pending', failure.final ? 0 : failure.retryInMs, failure.code],
      'failed',
      {
        code: failure.code,
        ...(failure.upstreamStatus ? { upstreamStatus: failure.upstreamStatus } : {}),
        ...(failure.errorCodes?.length ? { errorCodes: failure.errorCodes } : {}),
        final: failure.final,
        ...(failure.final ? {} : { retryInMs: failure.retryInMs }),
      },
    );
  }

  /** Moves a pending action on (`update` takes its id as $1) and audits the move, in one transaction; false when it was no longer pending. */
  #settle(action: UpstreamActionRecord, update: string, params: unknown[], outcome: 'accepted' | 'failed', detail: Record<string, unknown>): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const updated = (await tx.query(update, [action.id, ...params])).rows.length === 1;
      if (updated) {
        await this.orders.audit({
          orderId: action.order_id,
          paymentId: action.payment_id,
          source: action.kind,
          type: `${action.kind}_${outcome}`,
          actor: ACTOR,
          detail: { [`${action.kind}Id`]: action.id, amount: action.amount, currency: action.currency, attempt: action.attempts, ...detail },
        }, tx);
      }
      return updated;
    });
  }

  /** An order's actions (of one kind, if given), oldest first. */
  async forOrder(orderId: string, kind?: UpstreamActionKind): Promise<UpstreamActionRecord[]> {
    return (await this.db.query<UpstreamActionRecord>(
      'SELECT * FROM upstream_actions WHERE order_id = $1 AND ($2::text IS NULL OR kind = $2) ORDER BY created_at, id',
      [orderId, kind ?? null],
    )).rows;
  }
}
