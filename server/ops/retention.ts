import fp from 'fastify-plugin';
import type { Config } from '../config';
import { AWAITING_PAYMENT } from '../orders/store';
import { intervalSweeper } from '../plugins/sweeper';

declare module 'fastify' {
  interface FastifyInstance {
    /** The retention purge (runs on its own; tests may call `sweep()` by hand). */
    retention: { sweep(): Promise<PurgeCounts> };
  }
}

export interface RetentionOptions {
  /** How long each kind of finished record is kept (ms): IDEMPOTENCY_RETENTION_HOURS and the others (config.ts). */
  retention: Config['retention'];
  /** How often the purge runs (ms, default 1 h); 0 turns the timer off (tests purge by hand). */
  every?: number;
}

export interface PurgeCounts {
  idempotencyKeys: number;
  insuranceQuotes: number;
  seatHolds: number;
  authSessions: number;
  auditEvents: number;
  reconciliationReports: number;
  analyticsDays: number;
}

/** Rows one statement deletes at most, and statements one sweep runs per table before leaving the rest to the next. */
const BATCH = 500;
const MAX_BATCHES = 20;

/**
 * What the purge deletes, each once it is finished AND older than its retention (on the
 * database's clock):
 *  - idempotency keys (their stored answer holds the payment session's secret) past their
 *    retention and no longer claimed;
 *  - insurance quotes never paid (the applicant's personal data), counted from their expiry;
 *    a paid quote is the policy's record and stays with its order;
 *  - seat holds released or expired (a sold hold is the sale);
 *  - login sessions, counted from their expiry;
 *  - security and staff audit entries (server/admin/audit.ts);
 *  - finished reconciliation reports (their items go with them), counted from their run;
 *  - analytics day counters (server/admin/analytics.ts), counted from their day.
 * A quote or hold an order still awaiting payment points at is kept: a late payment must find
 * what it bought. Each statement picks its rows with FOR UPDATE SKIP LOCKED, so proxies
 * sweeping one database at once delete disjoint rows and never wait on or fail each other.
 */
const PURGES: Record<keyof PurgeCounts, { retention: keyof Config['retention']; sql: string; spareAwaited?: true }> = {
  idempotencyKeys: {
    retention: 'idempotencyMs',
    sql: `DELETE FROM idempotency_keys WHERE (scope, key) IN (
            SELECT scope, key FROM idempotency_keys
            WHERE created_at < now() - $1 * interval '1 millisecond' AND locked_until < now()
            ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED)`,
  },
  insuranceQuotes: {
    retention: 'insuranceQuoteMs',
    sql: `DELETE FROM insurance_quotes WHERE id IN (
            SELECT q.id FROM insurance_quotes q
            WHERE q.paid_at IS NULL AND q.expires_at < now() - $1 * interval '1 millisecond'
              AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.insurance_quote_id = q.id AND o.status = ANY($3::text[]))
            ORDER BY q.expires_at LIMIT $2 FOR UPDATE OF q SKIP LOCKED)`,
    spareAwaited: true,
  },
  seatHolds: {
    retention: 'seatHoldMs',
    sql: `DELETE FROM seat_holds WHERE id IN (
            SELECT h.id FROM seat_holds h
            WHERE h.status IN ('released', 'expired') AND h.updated_at < now() - $1 * interval '1 millisecond'
              AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.seat_hold_id = h.id AND o.status = ANY($3::text[]))
              AND NOT EXISTS (SELECT 1 FROM seat_claims c WHERE c.hold_id = h.id)
            ORDER BY h.updated_at LIMIT $2 FOR UPDATE OF h SKIP LOCKED)`,
    spareAwaited: true,
  },
  authSessions: {
    retention: 'authSessionMs',
    sql: `DELETE FROM auth_sessions WHERE id_hash IN (
            SELECT id_hash FROM auth_sessions WHERE expires_at < now() - $1 * interval '1 millisecond'
            ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED)`,
  },
  auditEvents: {
    retention: 'auditMs',
    sql: `DELETE FROM security_events WHERE id IN (
            SELECT id FROM security_events WHERE at < now() - $1 * interval '1 millisecond'
            ORDER BY at LIMIT $2 FOR UPDATE SKIP LOCKED)`,
  },
  reconciliationReports: {
    retention: 'reconciliationMs',
    sql: `DELETE FROM reconciliation_reports WHERE id IN (
            SELECT id FROM reconciliation_reports WHERE status <> 'running' AND created_at < now() - $1 * interval '1 millisecond'
            ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED)`,
  },
  analyticsDays: {
    retention: 'analyticsMs',
    sql: `DELETE FROM analytics_daily WHERE (day, metric) IN (
            SELECT day, metric FROM analytics_daily WHERE day < (now() - $1 * interval '1 millisecond')::date
            ORDER BY day LIMIT $2 FOR UPDATE SKIP LOCKED)`,
  },
};

/**
 * Deletes what is past its documented retention (README, "Data retention"), hourly, from every
 * proxy (intervalSweeper); safe when several run at once against one database.
 */
export default fp<RetentionOptions>(
  async function retentionPlugin(app, opts) {
    const purge = async (kind: keyof PurgeCounts): Promise<number> => {
      const { retention, sql, spareAwaited } = PURGES[kind];
      const params: unknown[] = [opts.retention[retention], BATCH, ...(spareAwaited ? [AWAITING_PAYMENT] : [])];
      let deleted = 0;
      for (let i = 0; i < MAX_BATCHES; i++) {
        const n = (await app.db.query<{ n: number }>(`WITH gone AS (${sql} RETURNING 1) SELECT count(*)::int AS n FROM gone`, params)).rows[0]?.n ?? 0;
        deleted += n;
        if (n < BATCH) break;
      }
      return deleted;
    };
    const sweep = async (): Promise<PurgeCounts> => {
      const counts: PurgeCounts = { idempotencyKeys: 0, insuranceQuotes: 0, seatHolds: 0, authSessions: 0, auditEvents: 0, reconciliationReports: 0, analyticsDays: 0 };
      for (const kind of Object.keys(PURGES) as Array<keyof PurgeCounts>) counts[kind] = await purge(kind);
      if (Object.values(counts).some((n) => n > 0)) app.log.info({ purged: counts }, 'records past their retention purged');
      return counts;
    };
    app.decorate('retention', { sweep });
    intervalSweeper(app, { name: 'retention', every: opts.every ?? 3_600_000, sweep });
  },
  { name: 'ck-retention', dependencies: ['ck-storage'] },
);
