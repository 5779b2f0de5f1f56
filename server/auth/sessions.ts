/**
 * Server-side sessions. The browser holds only a random id (in a signed cookie); the database
 * holds its SHA-256, so a leaked table opens no session. Each session carries its own CSRF
 * token (synchronizer token), handed to the kit by /api/auth/me and sent back in a header.
 * Expired sessions are deleted by the retention purge (AUTH_SESSION_RETENTION_DAYS after they expire).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Queryable } from '../storage/db';
import { systemClock, type Clock } from './db';

export const SESSION_TTL_MS = 8 * 60 * 60 * 1000;

export interface Session {
  username: string;
  csrfToken: string;
  expiresAt: Date;
}

const digest = (id: string) => createHash('sha256').update(id).digest('base64url');

export function tokensEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export class SessionStore {
  constructor(
    private readonly db: Queryable,
    private readonly clock: Clock = systemClock,
    private readonly ttlMs = SESSION_TTL_MS,
  ) {}

  /** Creates a session and returns its id (for the cookie) with the session itself. */
  async create(username: string): Promise<{ id: string; session: Session }> {
    const id = randomBytes(32).toString('base64url');
    const now = this.clock();
    const session: Session = {
      username,
      csrfToken: randomBytes(32).toString('base64url'),
      expiresAt: new Date(now.getTime() + this.ttlMs),
    };
    await this.db.query(
      'INSERT INTO auth_sessions (id_hash, username, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)',
      [digest(id), username, session.csrfToken, now.toISOString(), session.expiresAt.toISOString()],
    );
    return { id, session };
  }

  async get(id: string): Promise<Session | undefined> {
    const { rows } = await this.db.query<{ username: string; csrf_token: string; expires_at: Date | string }>(
      'SELECT username, csrf_token, expires_at FROM auth_sessions WHERE id_hash = $1 AND expires_at > $2',
      [digest(id), this.clock().toISOString()],
    );
    const row = rows[0];
    return row ? { username: row.username, csrfToken: row.csrf_token, expiresAt: new Date(row.expires_at) } : undefined;
  }

  async destroy(id: string): Promise<void> {
    await this.db.query('DELETE FROM auth_sessions WHERE id_hash = $1', [digest(id)]);
  }
}
