/**
 * Payment velocity (seed 004's fraud signals): how many times, over a sliding window, a customer
 * email, a client address and a card tried to pay — shared by every proxy on the database.
 *
 * - Each payment session or hosted payment asked for counts 1 against its email and address.
 * - A declined payment counts 1 more (a declined attempt counts double) and 2 against its card;
 *   an approved one counts 1 against its card. The card (BIN + last four) is known only from
 *   the payment result: Flow and the Hosted Payments Page take the card on Checkout.com's side.
 *   A card over its limit blocks every email and address that used it in the window.
 * - Past `challengeAt` (email or card), the next session asks Checkout.com for a 3DS challenge
 *   (`challenge_indicator: challenge_requested`) instead of refusing; past the limit, the shopper
 *   is refused with 429 `too_many_payment_attempts` and a Retry-After, and nothing is sent to
 *   Checkout.com.
 *
 * Check and count are one step, under advisory locks on the email and the address (always in
 * that order), so N requests at once from one shopper see each other: at most `limit` pass.
 * Keys are stored as HMACs keyed with SESSION_SECRET (the same on every proxy in production).
 */
import { createHmac } from 'node:crypto';
import { HttpError } from '../errors';
import type { Database, Queryable } from '../storage/db';
import { systemClock, type Clock } from '../auth/db';

export interface VelocityLimits {
  /** The sliding window (ms). */
  windowMs: number;
  /** Weighted attempts per customer email in the window. */
  perEmail: number;
  /** Weighted attempts per client address (higher: shoppers share addresses behind NAT). */
  perIp: number;
  /** Weighted payment results per card. */
  perCard: number;
  /** From this many weighted attempts of the email or a card of theirs, a 3DS challenge is asked for. */
  challengeAt: number;
}

export const DEFAULT_VELOCITY: VelocityLimits = { windowMs: 60 * 60 * 1000, perEmail: 10, perIp: 30, perCard: 10, challengeAt: 5 };

export interface AttemptContext {
  email: string;
  ip: string | undefined;
}

export interface Allowed {
  /** The attempt's row: `bind` ties it to the order it made. */
  attemptId: number;
  /** Ask Checkout.com for a 3DS challenge on this payment. */
  challenge: boolean;
}

type Scope = 'email' | 'ip' | 'card';

export class Velocity {
  constructor(
    private readonly db: Database,
    private readonly secret: string,
    readonly limits: VelocityLimits = DEFAULT_VELOCITY,
    private readonly clock: Clock = systemClock,
  ) {}

  hash(scope: Scope, value: string): string {
    return createHmac('sha256', this.secret).update(`ck-velocity:${scope}:${value.trim().toLowerCase()}`).digest('base64url').slice(0, 32);
  }

  /**
   * Checks the email's, the address's and their cards' budgets and, when none is spent, counts
   * this attempt. Throws 429 `too_many_payment_attempts` (with the seconds until one is allowed).
   */
  async begin(ctx: AttemptContext): Promise<Allowed> {
    const now = this.clock().getTime();
    const since = new Date(now - this.limits.windowMs).toISOString();
    const email = this.hash('email', ctx.email);
    const ip = ctx.ip ? this.hash('ip', ctx.ip) : null;
    // Three round trips inside the transaction (the locks; every use read at once; the count with
    // the window's clean-up): each is a hop to PostgreSQL on the request a shopper waits on.
    return this.db.transaction(async (tx) => {
      // The locks come first, in a statement of their own: a statement's snapshot is taken when it
      // starts, so reads must follow the locks, not share their statement. Email, then address.
      await tx.query(
        `SELECT pg_advisory_xact_lock(hashtextextended('ck-velocity-email:' || $1, 0)) AS email,
                (SELECT pg_advisory_xact_lock(hashtextextended('ck-velocity-ip:' || $2, 0)) WHERE $2::text IS NOT NULL) AS ip`,
        [email, ip],
      );
      const { emailUse, ipUse, cardUse } = await this.#uses(tx, email, ip, since);
      const over = [
        wait(emailUse, this.limits.perEmail, this.limits.windowMs, now),
        wait(ipUse, this.limits.perIp, this.limits.windowMs, now),
        wait(cardUse, this.limits.perCard, this.limits.windowMs, now),
      ].filter((s): s is number => s !== undefined);
      if (over.length) {
        const retryAfter = Math.max(...over);
        const minutes = Math.ceil(retryAfter / 60);
        throw new HttpError(429, 'too_many_payment_attempts', `Too many payment attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`, undefined, { 'retry-after': String(retryAfter) });
      }
      const challenge = total(emailUse) + 1 >= this.limits.challengeAt || total(cardUse) + 1 >= this.limits.challengeAt;
      // Rows past the window count for nothing: dropped as new ones come, in the same statement.
      const { rows } = await tx.query<{ id: number | string }>(
        `WITH gone AS (DELETE FROM payment_attempts WHERE at < $4)
         INSERT INTO payment_attempts (kind, email_hash, ip_hash, weight, at) VALUES ('session', $1, $2, 1, $3) RETURNING id`,
        [email, ip, new Date(now).toISOString(), new Date(now - 2 * this.limits.windowMs).toISOString()],
      );
      return { attemptId: Number(rows[0]!.id), challenge };
    });
  }

  /** Ties a counted attempt to the order it made (its results count against the same email and address). */
  async bind(attemptId: number, orderId: string): Promise<void> {
    await this.db.query('UPDATE payment_attempts SET order_id = $2 WHERE id = $1', [attemptId, orderId]);
  }

  /**
   * A payment result of an order, in the transaction that applied it: a decline counts against
   * the order's email and address again and twice against its card; an approval once against
   * its card. Counted once per payment, however often it is reported.
   */
  async result(tx: Queryable, r: { orderId: string; paymentId: string; email: string; declined: boolean; card?: { bin?: string | undefined; last4?: string | undefined } | undefined }): Promise<void> {
    const card = r.card?.bin && r.card.last4 ? this.hash('card', `${r.card.bin}:${r.card.last4}`) : null;
    if (!r.declined && !card) return;
    const first = (await tx.query<{ ip_hash: string | null }>(`SELECT ip_hash FROM payment_attempts WHERE order_id = $1 AND kind = 'session' ORDER BY id LIMIT 1`, [r.orderId])).rows[0];
    await tx.query(
      `INSERT INTO payment_attempts (kind, order_id, payment_id, email_hash, ip_hash, card_hash, weight, card_weight, at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (payment_id, kind) WHERE payment_id IS NOT NULL DO NOTHING`,
      [r.declined ? 'declined' : 'approved', r.orderId, r.paymentId, this.hash('email', r.email), first?.ip_hash ?? null, card, r.declined ? 1 : 0, card ? (r.declined ? 2 : 1) : 0, this.clock().toISOString()],
    );
  }

  /**
   * The weighted rows in the window, newest first (500 at most each), of the email, of the address
   * and of the card this email or address paid with most: one statement.
   */
  async #uses(tx: Queryable, email: string, ip: string | null, since: string): Promise<{ emailUse: Use[]; ipUse: Use[]; cardUse: Use[] }> {
    const { rows } = await tx.query<{ scope: 'email' | 'ip' | 'card'; at: Date | string; w: number }>(
      `WITH card AS (
         SELECT card_hash FROM payment_attempts
         WHERE card_hash IN (SELECT card_hash FROM payment_attempts WHERE card_hash IS NOT NULL AND at > $3 AND (email_hash = $1 OR ($2::text IS NOT NULL AND ip_hash = $2)))
           AND at > $3
         GROUP BY card_hash ORDER BY SUM(card_weight) DESC LIMIT 1
       )
       (SELECT 'email' AS scope, at, weight AS w FROM payment_attempts WHERE email_hash = $1 AND at > $3 AND weight > 0 ORDER BY at DESC LIMIT 500)
       UNION ALL
       (SELECT 'ip', at, weight FROM payment_attempts WHERE $2::text IS NOT NULL AND ip_hash = $2 AND at > $3 AND weight > 0 ORDER BY at DESC LIMIT 500)
       UNION ALL
       (SELECT 'card', at, card_weight FROM payment_attempts WHERE card_hash = (SELECT card_hash FROM card) AND at > $3 AND card_weight > 0 ORDER BY at DESC LIMIT 500)`,
      [email, ip, since],
    );
    const of = (scope: string) =>
      rows
        .filter((r) => r.scope === scope)
        .map((r) => ({ at: new Date(r.at).getTime(), weight: Number(r.w) }))
        .sort((a, b) => b.at - a.at);
    return { emailUse: of('email'), ipUse: of('ip'), cardUse: of('card') };
  }
}

interface Use {
  at: number;
  weight: number;
}

const total = (use: Use[]) => use.reduce((sum, u) => sum + u.weight, 0);

/**
 * Seconds until one more attempt fits under `limit`, or undefined when it fits now: the oldest
 * rows leave the window one by one until what is left, plus this attempt, is within the limit.
 */
function wait(use: Use[], limit: number, windowMs: number, now: number): number | undefined {
  let sum = total(use);
  if (sum + 1 <= limit) return undefined;
  for (let i = use.length - 1; i >= 0; i--) {
    sum -= use[i]!.weight;
    if (sum + 1 <= limit) return Math.max(1, Math.ceil((use[i]!.at + windowMs - now) / 1000));
  }
  return Math.max(1, Math.ceil(windowMs / 1000));
}
