/**
 * Sign-up throttling: at most SIGNUP_MAX_PER_IP tries per hour from one client IP, counted in
 * the shared database (every proxy behind a load balancer sees them), so one address cannot
 * mint accounts in bulk nor probe which emails have one. Like the login throttle
 * (server/auth/login-limiter.ts), check and count are one step under an advisory lock on the IP:
 * tries sent at once queue and see each other's slots. Every try that reaches the email counts, made or refused as taken
 * (one refused by the password rules does not: it learnt nothing).
 */
import type { Clock } from '../auth/db';
import { clientNetwork } from '../privacy';
import type { Database } from '../storage/db';

export const SIGNUP_MAX_PER_IP = 5;
export const SIGNUP_WINDOW_MS = 60 * 60 * 1000;

export class SignupLimiter {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    readonly maxPerIp = SIGNUP_MAX_PER_IP,
    readonly windowMs = SIGNUP_WINDOW_MS,
  ) {}

  /** Takes a slot for this address (an IPv6 address counts as its /64), or answers how many seconds until one is free. */
  async take(address: string): Promise<{ retryAfter: number } | undefined> {
    const ip = clientNetwork(address);
    const now = this.clock().getTime();
    const since = new Date(now - this.windowMs).toISOString();
    return this.db.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('ck-signup-ip:' || $1, 0))`, [ip]);
      // Tries past the window count for nobody: the table never grows past one window of sign-ups.
      await tx.query('DELETE FROM account_signup_attempts WHERE at <= $1', [since]);
      const { rows } = await tx.query<{ at: Date | string }>(
        `SELECT at FROM account_signup_attempts WHERE ip = $1 AND at > $2 ORDER BY at DESC LIMIT ${this.maxPerIp}`,
        [ip, since],
      );
      if (rows.length >= this.maxPerIp) {
        const oldest = new Date(rows[rows.length - 1]!.at).getTime();
        return { retryAfter: Math.max(1, Math.ceil((oldest + this.windowMs - now) / 1000)) };
      }
      await tx.query('INSERT INTO account_signup_attempts (ip, at) VALUES ($1, $2)', [ip, new Date(now).toISOString()]);
      return undefined;
    });
  }
}
