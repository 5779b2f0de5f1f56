/**
 * Login throttling: at most 5 failed tries per 15 minutes per account, and a separate, higher
 * budget per client IP (LOGIN_MAX_FAILURES_PER_IP, default 50) — shoppers behind one NAT must
 * not lock each other out of their own accounts, while one address still cannot try passwords
 * against every account. Failures live in the shared database, so every proxy behind a load
 * balancer sees them.
 *
 * Check and count are one step: a try takes its slot (a row counted as a failure) under
 * advisory locks on the account and the IP, in the transaction that checked the budget, before
 * the password is verified. Concurrent tries therefore queue on the lock and see each other's
 * slots: 12 wrong passwords sent at once get at most 5 checks, the rest a 429. A success gives
 * its slot back and clears the account's failures (the owner got in) but not the IP's, so an
 * attacker cannot reset their IP budget by logging into an account of their own. While
 * blocked, even the right password is refused: the answer never reveals whether it was right.
 */
import { clientNetwork } from '../privacy';
import type { Database } from '../storage/db';
import { systemClock, type Clock } from './db';

export const LOGIN_MAX_FAILURES = 5;
export const LOGIN_MAX_FAILURES_PER_IP = 50;
export const LOGIN_WINDOW_MS = 15 * 60 * 1000;

/** A try refused by the throttle. */
export interface LoginBlocked {
  blocked: true;
  /** Seconds until a try is allowed again. */
  retryAfter: number;
  /** What hit the limit. */
  scope: 'account' | 'ip';
}

/** A try that passed the throttle: its slot is counted as a failure until `succeeded` gives it back. */
export interface LoginAttempt {
  blocked: false;
  slot: number;
}

export class LoginLimiter {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock = systemClock,
    readonly maxFailures = LOGIN_MAX_FAILURES,
    readonly maxFailuresPerIp = LOGIN_MAX_FAILURES_PER_IP,
    readonly windowMs = LOGIN_WINDOW_MS,
  ) {}

  /** Checks both budgets and, when neither is spent, takes a slot — atomically across proxies. An IPv6 address counts as its /64. */
  async begin(username: string, address: string): Promise<LoginBlocked | LoginAttempt> {
    const ip = clientNetwork(address);
    const now = this.clock().getTime();
    const since = new Date(now - this.windowMs).toISOString();
    return this.db.transaction(async (tx) => {
      // Always account first, then IP: two tries never wait on each other in opposite orders.
      await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('ck-login-account:' || $1, 0))`, [username]);
      await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('ck-login-ip:' || $1, 0))`, [ip]);
      let blocked: LoginBlocked | undefined;
      for (const [scope, where, value, max] of [
        ['account', 'username = $1 AND NOT account_cleared', username, this.maxFailures],
        ['ip', 'ip = $1', ip, this.maxFailuresPerIp],
      ] as const) {
        // The block lifts when the oldest of the last `max` failures leaves the window.
        const { rows } = await tx.query<{ at: Date | string }>(
          `SELECT at FROM auth_login_failures WHERE ${where} AND at > $2 ORDER BY at DESC LIMIT ${max}`,
          [value, since],
        );
        if (rows.length >= max) {
          const oldest = new Date(rows[rows.length - 1]!.at).getTime();
          const retryAfter = Math.max(1, Math.ceil((oldest + this.windowMs - now) / 1000));
          if (retryAfter > (blocked?.retryAfter ?? 0)) blocked = { blocked: true, retryAfter, scope };
        }
      }
      if (blocked) return blocked;
      const { rows } = await tx.query<{ id: number | string }>(
        'INSERT INTO auth_login_failures (username, ip, at) VALUES ($1, $2, $3) RETURNING id',
        [username, ip, new Date(now).toISOString()],
      );
      return { blocked: false, slot: Number(rows[0]!.id) };
    });
  }

  /** The password was wrong: the slot stays as the failure; failures past the window are dropped. */
  async failed(_attempt: LoginAttempt): Promise<void> {
    await this.db.query('DELETE FROM auth_login_failures WHERE at < $1', [new Date(this.clock().getTime() - this.windowMs).toISOString()]);
  }

  /** The owner got in: the slot is given back and the account's failures stop counting against it. */
  async succeeded(attempt: LoginAttempt, username: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query('DELETE FROM auth_login_failures WHERE id = $1', [attempt.slot]);
      await tx.query('UPDATE auth_login_failures SET account_cleared = true WHERE username = $1', [username]);
    });
  }
}
