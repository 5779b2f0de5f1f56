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
import { clientNetwork } from '../privacy';
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
   * `orderId`: the order this attempt is for, when it is already named (saves `bind`).
   *
   * One round trip: `ck_velocity_begin` (migration 092) takes the advisory locks on the email and
   * the address (always in that order), reads every use after them and counts the attempt when
   * each budget has room, all inside one statement, so N requests at once from one shopper see
   * each other and at most `limit` pass; no lock is held across a network hop. The statement is
   * its own transaction (never call this inside another: the count's commit is asynchronous, see
   * the migration, and that setting lasts to the end of the transaction it runs in).
   */
  async begin(ctx: AttemptContext & { orderId?: string }): Promise<Allowed> {
    const now = this.clock().getTime();
    const email = this.hash('email', ctx.email);
    // An IPv6 address counts as its /64 (server/privacy.ts).
    const ip = ctx.ip ? this.hash('ip', clientNetwork(ctx.ip)) : null;
    const { rows } = await this.db.query<{ use_scope: Scope | 'attempt'; use_at: Date | string; use_weight: number; attempt_id: number | string | null }>(
      'SELECT use_scope, use_at, use_weight, attempt_id FROM ck_velocity_begin($1, $2, $3, $4, $5, $6, $7, $8, $9)',
      [
        email,
        ip,
        new Date(now - this.limits.windowMs).toISOString(),
        new Date(now).toISOString(),
        new Date(now - 2 * this.limits.windowMs).toISOString(),
        this.limits.perEmail,
        this.limits.perIp,
        this.limits.perCard,
        ctx.orderId ?? null,
      ],
    );
    const of = (scope: Scope): Use[] =>
      rows
        .filter((r) => r.use_scope === scope)
        .map((r) => ({ at: new Date(r.use_at).getTime(), weight: Number(r.use_weight) }))
        .sort((a, b) => b.at - a.at);
    const emailUse = of('email');
    const cardUse = of('card');
    const counted = rows.find((r) => r.use_scope === 'attempt');
    if (!counted) {
      // Refused: the same rule (`wait`) as the function's, over the rows it read, says for how long.
      const over = [
        wait(emailUse, this.limits.perEmail, this.limits.windowMs, now),
        wait(of('ip'), this.limits.perIp, this.limits.windowMs, now),
        wait(cardUse, this.limits.perCard, this.limits.windowMs, now),
      ].filter((s): s is number => s !== undefined);
      const retryAfter = Math.max(1, ...over);
      const minutes = Math.ceil(retryAfter / 60);
      throw new HttpError(429, 'too_many_payment_attempts', `Too many payment attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`, undefined, { 'retry-after': String(retryAfter) });
    }
    const challenge = total(emailUse) + 1 >= this.limits.challengeAt || total(cardUse) + 1 >= this.limits.challengeAt;
    return { attemptId: Number(counted.attempt_id), challenge };
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
