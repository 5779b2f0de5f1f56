/**
 * The guessing budget of gift-card codes: wrong codes per client address (GIFT_CARD_GUESSES_PER_IP,
 * default 10) and from all addresses together (GIFT_CARD_GUESSES_TOTAL, default 500), per 15
 * minutes, counted in the shared database so every proxy sees them. It guards every place a code
 * is looked up: the balance check and the checkout.
 *
 * Check and count are one step, as for logins (../auth/login-limiter.ts): a try takes its slot (a
 * row counted as a failure) under advisory locks, in the transaction that checked the budget,
 * before the code is looked up; a right code gives its slot back. Tries sent at once queue on the
 * lock and see each other's slots. While blocked even a right code is refused, so the answer never
 * tells a guesser that a guess was right. The global budget is what stops a guesser with many
 * addresses; spending it blocks lookups for everyone until the window moves on (the shop's
 * alerting should watch `gift_card_guesses_blocked` in the log).
 */
import { systemClock, type Clock } from '../auth/db';
import { clientNetwork } from '../privacy';
import type { Database } from '../storage/db';

export const GUESS_WINDOW_MS = 15 * 60 * 1000;

export type GuessTry = { blocked: true; retryAfter: number; scope: 'ip' | 'global' } | { blocked: false; slot: number };

export class GuessLimiter {
  constructor(
    private readonly db: Database,
    readonly perIp: number,
    readonly total: number,
    private readonly clock: Clock = systemClock,
    readonly windowMs = GUESS_WINDOW_MS,
  ) {}

  /** A try from `address` (an IPv6 address counts as its /64). */
  async begin(address: string): Promise<GuessTry> {
    const ip = clientNetwork(address);
    const now = this.clock().getTime();
    const since = new Date(now - this.windowMs).toISOString();
    return this.db.transaction(async (tx) => {
      // Always the address first, then the global one: two tries never wait on each other in opposite orders.
      await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('ck-gift-guess-ip:' || $1, 0))`, [ip]);
      await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('ck-gift-guess-global', 0))`);
      let blocked: GuessTry | undefined;
      for (const [scope, where, params, max] of [
        ['ip', 'ip = $2 AND at > $1', [since, ip], this.perIp],
        ['global', 'at > $1', [since], this.total],
      ] as const) {
        // The block lifts when the oldest of the last `max` failures leaves the window.
        const { rows } = await tx.query<{ at: Date | string }>(`SELECT at FROM gift_card_guess_failures WHERE ${where} ORDER BY at DESC LIMIT ${max}`, [...params]);
        if (rows.length >= max) {
          const oldest = new Date(rows[rows.length - 1]!.at).getTime();
          const retryAfter = Math.max(1, Math.ceil((oldest + this.windowMs - now) / 1000));
          if (!blocked?.blocked || retryAfter > blocked.retryAfter) blocked = { blocked: true, retryAfter, scope };
        }
      }
      if (blocked) return blocked;
      const { rows } = await tx.query<{ id: number | string }>('INSERT INTO gift_card_guess_failures (ip, at) VALUES ($1, $2) RETURNING id', [ip, new Date(now).toISOString()]);
      return { blocked: false, slot: Number(rows[0]!.id) };
    });
  }

  /** The code was wrong: the slot stays as the failure; failures past the window are dropped. */
  async failed(): Promise<void> {
    await this.db.query('DELETE FROM gift_card_guess_failures WHERE at < $1', [new Date(this.clock().getTime() - this.windowMs).toISOString()]);
  }

  /** The code was a card: its slot is given back. */
  async succeeded(slot: number): Promise<void> {
    await this.db.query('DELETE FROM gift_card_guess_failures WHERE id = $1', [slot]);
  }
}
