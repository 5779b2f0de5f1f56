/**
 * Login throttling: at most 5 failed tries per 15 minutes per account AND per client IP.
 * Failures live in the shared database, so every proxy behind a load balancer sees them.
 *
 * A success clears the account's failures (the owner got in) but not the IP's, so an
 * attacker cannot reset their IP budget by logging into an account of their own. While
 * blocked, even the right password is refused: the answer never reveals whether it was right.
 */
import type { Queryable } from '../storage/db';
import { systemClock, type Clock } from './db';

export const LOGIN_MAX_FAILURES = 5;
export const LOGIN_WINDOW_MS = 15 * 60 * 1000;

export interface LimitState {
  blocked: boolean;
  /** Seconds until a try is allowed again, when blocked. */
  retryAfter: number;
  /** What hit the limit. */
  scope?: 'account' | 'ip';
}

export class LoginLimiter {
  constructor(
    private readonly db: Queryable,
    private readonly clock: Clock = systemClock,
    readonly maxFailures = LOGIN_MAX_FAILURES,
    readonly windowMs = LOGIN_WINDOW_MS,
  ) {}

  async check(username: string, ip: string): Promise<LimitState> {
    const now = this.clock().getTime();
    const since = new Date(now - this.windowMs).toISOString();
    let state: LimitState = { blocked: false, retryAfter: 0 };
    for (const [scope, where, value] of [
      ['account', 'username = $1 AND NOT account_cleared', username],
      ['ip', 'ip = $1', ip],
    ] as const) {
      // The block lifts when the oldest of the last `maxFailures` failures leaves the window.
      const { rows } = await this.db.query<{ at: Date | string }>(
        `SELECT at FROM auth_login_failures WHERE ${where} AND at > $2 ORDER BY at DESC LIMIT ${this.maxFailures}`,
        [value, since],
      );
      if (rows.length >= this.maxFailures) {
        const oldest = new Date(rows[rows.length - 1]!.at).getTime();
        const retryAfter = Math.max(1, Math.ceil((oldest + this.windowMs - now) / 1000));
        if (retryAfter > state.retryAfter) state = { blocked: true, retryAfter, scope };
      }
    }
    return state;
  }

  async recordFailure(username: string, ip: string): Promise<void> {
    const now = this.clock().getTime();
    await this.db.query('INSERT INTO auth_login_failures (username, ip, at) VALUES ($1, $2, $3)', [
      username,
      ip,
      new Date(now).toISOString(),
    ]);
    await this.db.query('DELETE FROM auth_login_failures WHERE at < $1', [new Date(now - this.windowMs).toISOString()]);
  }

  async recordSuccess(username: string): Promise<void> {
    await this.db.query('UPDATE auth_login_failures SET account_cleared = true WHERE username = $1', [username]);
  }
}
