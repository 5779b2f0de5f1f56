/**
 * Idempotency-Key for order/session creation: one upstream session per key, even under
 * concurrent duplicates, across processes sharing one database.
 *
 * Choice: a concurrent duplicate WAITS for the first request and replays its result (same
 * status, same body), rather than getting a 409 — a double-clicked pay button should just
 * work. Two layers:
 *  1. in-process: duplicates join the first request's promise (no DB polling at all);
 *  2. database: the (scope, key) primary key elects one owner among proxies; the others poll
 *     the row until it is `done`, up to `waitMs`, then answer 409 `idempotency_conflict`.
 * A failed first attempt stores nothing (the row is deleted), so the shopper can retry with
 * the same key. The same key with a different body is 409 `idempotency_key_reused`.
 * A crashed owner's row is taken over once `locked_until` has passed.
 */
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { HttpError } from '../errors';
import type { Database } from './db';

export interface StoredResponse {
  statusCode: number;
  body: unknown;
}

export interface IdempotencyOptions {
  /** How long a duplicate waits for the first request (default 15 s, above the upstream timeout). */
  waitMs?: number;
  /** How long an owner's claim lasts before another proxy may take over (default 60 s). */
  lockMs?: number;
  pollMs?: number;
  /** Keys are remembered this long (default 24 h, as Checkout.com does). */
  ttlMs?: number;
}

export function requestHash(body: unknown): string {
  return createHash('sha256').update(stableStringify(body)).digest('hex');
}

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${stableStringify((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

interface Row {
  request_hash: string;
  state: 'in_flight' | 'done';
  status_code: number | null;
  response: unknown;
  expired: boolean;
}

export class IdempotencyStore {
  private readonly local = new Map<string, { hash: string; promise: Promise<StoredResponse> }>();
  private readonly waitMs: number;
  private readonly lockMs: number;
  private readonly pollMs: number;
  private readonly ttlMs: number;

  constructor(private readonly db: Database, opts: IdempotencyOptions = {}) {
    this.waitMs = opts.waitMs ?? 15_000;
    this.lockMs = opts.lockMs ?? 60_000;
    this.pollMs = opts.pollMs ?? 50;
    this.ttlMs = opts.ttlMs ?? 24 * 3600_000;
  }

  /** Runs `work` once per (scope, key); duplicates get the first result. */
  async run(scope: string, key: string, body: unknown, work: () => Promise<StoredResponse>): Promise<StoredResponse & { replayed: boolean }> {
    const hash = requestHash(body);
    const id = `${scope}\n${key}`;
    const joined = this.local.get(id);
    if (joined) {
      if (joined.hash !== hash) throw reused();
      return { ...(await joined.promise), replayed: true };
    }
    let replayed = false;
    const promise = (async () => {
      const claim = await this.claim(scope, key, hash);
      if (claim.kind === 'replay') {
        replayed = true;
        return claim.response;
      }
      try {
        const result = await work();
        await this.db.query(
          `UPDATE idempotency_keys SET state = 'done', status_code = $3, response = $4, locked_until = now() + $5 * interval '1 millisecond' WHERE scope = $1 AND key = $2`,
          [scope, key, result.statusCode, JSON.stringify(result.body), this.ttlMs],
        );
        return result;
      } catch (error) {
        await this.db.query('DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2', [scope, key]).catch(() => undefined);
        throw error;
      }
    })();
    this.local.set(id, { hash, promise });
    try {
      const result = await promise;
      return { ...result, replayed };
    } finally {
      this.local.delete(id);
    }
  }

  private async claim(scope: string, key: string, hash: string): Promise<{ kind: 'owner' } | { kind: 'replay'; response: StoredResponse }> {
    const deadline = Date.now() + this.waitMs;
    for (;;) {
      const inserted = await this.db.query(
        `INSERT INTO idempotency_keys (scope, key, request_hash, state, locked_until) VALUES ($1, $2, $3, 'in_flight', now() + $4 * interval '1 millisecond')
         ON CONFLICT (scope, key) DO NOTHING RETURNING key`,
        [scope, key, hash, this.lockMs],
      );
      if (inserted.rows.length === 1) return { kind: 'owner' };
      const row = (await this.db.query<Row>(
        'SELECT request_hash, state, status_code, response, locked_until < now() AS expired FROM idempotency_keys WHERE scope = $1 AND key = $2',
        [scope, key],
      )).rows[0];
      if (!row) continue; // the owner failed and released the key: try to claim it again
      if (row.request_hash !== hash && !row.expired) throw reused();
      if (row.expired) {
        // A done key past its TTL, or an owner that died mid-request: take it over atomically.
        const taken = await this.db.query(
          `UPDATE idempotency_keys SET request_hash = $3, state = 'in_flight', status_code = NULL, response = NULL, locked_until = now() + $4 * interval '1 millisecond'
           WHERE scope = $1 AND key = $2 AND locked_until < now() RETURNING key`,
          [scope, key, hash, this.lockMs],
        );
        if (taken.rows.length === 1) return { kind: 'owner' };
        continue;
      }
      if (row.state === 'done' && row.status_code !== null) {
        return { kind: 'replay', response: { statusCode: row.status_code, body: row.response } };
      }
      if (Date.now() >= deadline) {
        throw new HttpError(409, 'idempotency_conflict', 'A request with this Idempotency-Key is still being processed. Retry in a few seconds.', undefined, { 'retry-after': '2' });
      }
      await sleep(this.pollMs);
    }
  }
}

function reused(): HttpError {
  return new HttpError(409, 'idempotency_key_reused', 'This Idempotency-Key was already used for a different request. Use a new key for a changed order.', [
    { path: 'headers.idempotency-key', message: 'was used with a different body' },
  ]);
}
