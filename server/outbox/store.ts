/**
 * The transactional outbox (tables `outbox_events` and `outbox_deliveries`, migration 070): what
 * a customer must hear about, recorded in the transaction of the change itself and delivered
 * after it commits, once per event and channel.
 *
 * `enqueue()` writes the event and one delivery row per channel inside the caller's transaction
 * (with a NOTIFY on `ck_outbox`, heard by every proxy only after the commit). A worker `claim()`s
 * due deliveries — one statement that skips rows another worker holds (FOR UPDATE SKIP LOCKED)
 * and stamps a lease (`claimed_until`, `claimed_by`) — delivers, then records `sent()` or
 * `failed()`. A worker that dies mid-delivery leaves its lease to run out; the next claim takes
 * the delivery over. `sent` is final: replays, other workers and later sweeps never send it again.
 *
 * Times are the database's (`now()`, one clock for every proxy) unless a clock is injected (tests).
 */
import { randomBytes } from 'node:crypto';
import type { Database, Queryable } from '../storage/db';

export const OUTBOX_CHANNEL = 'ck_outbox';

export type DeliveryStatus = 'pending' | 'sent' | 'dead' | 'skipped';

export interface NewOutboxEvent {
  /** What happened: `order_paid`, `payment_failed`, `refund_made`, `order_voided`, `insurance_cover_confirmed`, `gift_card_issued` … */
  type: string;
  /** The change it reports, once: the same key again records nothing (e.g. `order_paid:ord_…`). */
  key: string;
  /** What the message needs (a snapshot as of the change: later changes do not rewrite it). */
  payload: Record<string, unknown>;
  /** The order it is about (its messages go when it is deleted). */
  orderId?: string;
  /** Not delivered before (scheduled mail); default: now. */
  deliverAfter?: Date;
  /** Or: not delivered until this long after the change (on the outbox's clock). */
  delayMs?: number;
}

export interface OutboxEvent {
  id: string;
  type: string;
  key: string;
  order_id: string | null;
  payload: Record<string, unknown>;
  deliver_after: Date;
  created_at: Date;
}

/** A delivery claimed for one attempt, with its event. */
export interface ClaimedDelivery extends OutboxEvent {
  channel: string;
  /** This attempt's number (1 for the first). */
  attempts: number;
  /** The claim's token: only its holder records the outcome. */
  claimed_by: string;
}

export interface DeliveryRecord {
  event_id: string;
  channel: string;
  type: string;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: Date;
  claimed_until: Date | null;
  last_error: string | null;
  message_id: string | null;
  sent_at: Date | null;
}

export const newEventId = () => `evt_${randomBytes(16).toString('hex')}`;

export class OutboxStore {
  constructor(
    readonly db: Database,
    /** An injected clock (tests); undefined: the database's `now()`. */
    private readonly clock?: () => Date,
  ) {}

  #now(): string | null {
    return this.clock ? this.clock().toISOString() : null;
  }

  /**
   * Records an event and its deliveries (one per channel) in the caller's transaction. Returns
   * the event's id, or undefined when its key was recorded before (nothing new is written).
   */
  async enqueue(tx: Queryable, event: NewOutboxEvent, channels: string[]): Promise<string | undefined> {
    const id = newEventId();
    const inserted = (await tx.query<{ id: string; deliver_after: Date }>(
      `INSERT INTO outbox_events (id, type, key, order_id, payload, deliver_after)
       VALUES ($1, $2, $3, $4, $5, COALESCE($6::timestamptz, COALESCE($7::timestamptz, now()) + $8 * interval '1 millisecond'))
       ON CONFLICT (key) DO NOTHING RETURNING id, deliver_after`,
      [id, event.type, event.key, event.orderId ?? null, JSON.stringify(event.payload), event.deliverAfter?.toISOString() ?? null, this.#now(), event.delayMs ?? 0],
    )).rows[0];
    if (!inserted) return undefined;
    if (channels.length) {
      await tx.query(
        `INSERT INTO outbox_deliveries (event_id, channel, next_attempt_at) SELECT $1, c, $3::timestamptz FROM unnest($2::text[]) AS c`,
        [id, channels, new Date(inserted.deliver_after).toISOString()],
      );
      // Delivered after the commit only, to every proxy listening: a message never precedes its change.
      await tx.query('SELECT pg_notify($1, $2)', [OUTBOX_CHANNEL, id]);
    }
    return id;
  }

  /**
   * Claims deliveries of `channels` due now (or those of event `id`, if due) for one attempt:
   * counts the attempt and leases the row for `leaseMs`, skipping rows another worker holds.
   */
  async claim(opts: { channels: string[]; leaseMs: number; limit?: number; id?: string }): Promise<ClaimedDelivery[]> {
    if (!opts.channels.length) return [];
    const token = randomBytes(9).toString('base64url');
    return (await this.db.query<ClaimedDelivery>(
      `WITH clock AS (SELECT COALESCE($6::timestamptz, now()) AS now),
       due AS (
         SELECT d.event_id, d.channel FROM outbox_deliveries d, clock
         WHERE d.status = 'pending' AND d.channel = ANY($1::text[]) AND d.next_attempt_at <= clock.now
           AND (d.claimed_until IS NULL OR d.claimed_until <= clock.now)
           AND ($4::text IS NULL OR d.event_id = $4)
         ORDER BY d.next_attempt_at LIMIT $3 FOR UPDATE OF d SKIP LOCKED
       ),
       claimed AS (
         UPDATE outbox_deliveries r SET attempts = r.attempts + 1, claimed_until = clock.now + $2 * interval '1 millisecond', claimed_by = $5, updated_at = now()
         FROM due, clock WHERE r.event_id = due.event_id AND r.channel = due.channel AND r.status = 'pending'
         RETURNING r.event_id, r.channel, r.attempts, r.claimed_by
       )
       SELECT e.*, c.channel, c.attempts, c.claimed_by FROM claimed c JOIN outbox_events e ON e.id = c.event_id ORDER BY e.created_at`,
      [opts.channels, opts.leaseMs, opts.limit ?? 50, opts.id ?? null, token, this.#now()],
    )).rows;
  }

  /**
   * Sent (or `skipped`: no longer worth sending): final, the idempotency record of this event and
   * channel. False when the claim was lost to another worker.
   */
  async sent(d: ClaimedDelivery, messageId: string | undefined, status: 'sent' | 'skipped' = 'sent'): Promise<boolean> {
    return (await this.db.query(
      `UPDATE outbox_deliveries SET status = $6, message_id = $4, sent_at = COALESCE($5::timestamptz, now()), claimed_until = NULL, last_error = NULL, updated_at = now()
       WHERE event_id = $1 AND channel = $2 AND claimed_by = $3 AND status = 'pending' RETURNING event_id`,
      [d.id, d.channel, d.claimed_by, messageId ?? null, this.#now(), status],
    )).rows.length === 1;
  }

  /** An attempt failed: retried after `retryInMs`, or dead when final. Only codes are stored, never a message's content. */
  async failed(d: ClaimedDelivery, failure: { error: string; final: boolean; retryInMs: number }): Promise<boolean> {
    return (await this.db.query(
      `UPDATE outbox_deliveries SET status = $4, next_attempt_at = COALESCE($7::timestamptz, now()) + $5 * interval '1 millisecond',
              claimed_until = NULL, last_error = $6, updated_at = now()
       WHERE event_id = $1 AND channel = $2 AND claimed_by = $3 AND status = 'pending' RETURNING event_id`,
      [d.id, d.channel, d.claimed_by, failure.final ? 'dead' : 'pending', failure.final ? 0 : failure.retryInMs, failure.error.slice(0, 500), this.#now()],
    )).rows.length === 1;
  }

  /** Deliveries (with their event's type), of one order or event when given, oldest first. */
  async deliveries(filter: { orderId?: string; eventId?: string; type?: string } = {}): Promise<DeliveryRecord[]> {
    return (await this.db.query<DeliveryRecord>(
      `SELECT d.event_id, d.channel, e.type, d.status, d.attempts, d.next_attempt_at, d.claimed_until, d.last_error, d.message_id, d.sent_at
       FROM outbox_deliveries d JOIN outbox_events e ON e.id = d.event_id
       WHERE ($1::text IS NULL OR e.order_id = $1) AND ($2::text IS NULL OR e.id = $2) AND ($3::text IS NULL OR e.type = $3)
       ORDER BY e.created_at, d.channel`,
      [filter.orderId ?? null, filter.eventId ?? null, filter.type ?? null],
    )).rows;
  }

  /** Events (of one order, when given), oldest first. */
  async events(orderId?: string): Promise<OutboxEvent[]> {
    return (await this.db.query<OutboxEvent>('SELECT * FROM outbox_events WHERE ($1::text IS NULL OR order_id = $1) ORDER BY created_at, id', [orderId ?? null])).rows;
  }

  /** How many deliveries wait (pending) or were given up (dead), by channel. */
  async counts(): Promise<Array<{ channel: string; status: DeliveryStatus; count: number }>> {
    return (await this.db.query<{ channel: string; status: DeliveryStatus; count: number | string }>(
      `SELECT channel, status, count(*) AS count FROM outbox_deliveries WHERE status IN ('pending', 'dead') GROUP BY channel, status`,
    )).rows.map((r) => ({ ...r, count: Number(r.count) }));
  }
}
