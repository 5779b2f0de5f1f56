/**
 * The security and staff audit log (table `security_events`, migration 082): what happened, when,
 * who (the username, when there is one) and from where (an HMAC of the client address keyed with
 * SESSION_SECRET — the same address always gives the same hash, the hash never gives the
 * address — and the user agent). Filled by hooks of the admin plugin (./plugin.ts):
 *
 *   login_succeeded, login_failed, login_throttled     POST /api/auth/login answered 200, 401, 429
 *   origin_refused, csrf_refused                       any request refused for its origin or CSRF token
 *   rate_limited                                       any request answered 429 by a rate limit
 *   staff_only_refused, staff_not_allowed              the console refused a shopper, or a role
 *   staff_refund, staff_void, staff_receipt_resent,
 *   staff_reconciliation                               what staff asked for
 *   order_quoted                                       POST /api/orders/quote priced an order
 *   session_created                                    a Flow session or hosted payment made an order
 *   coupon_applied, coupon_refused                     an order made with a coupon; a coupon refused (sampled)
 *
 * Security and staff entries are written as they happen. Checkout entries (one per quote and per
 * order, the busiest writes here) are `queue()`d and written in batches — one INSERT of up to
 * BATCH_MAX rows every BATCH_MS — so a shopper's request never waits on its audit row; reading the
 * log (`list()`) and closing the proxy write what is queued first.
 *
 * Entries older than AUDIT_RETENTION_DAYS are purged by the retention sweep (server/ops/retention.ts).
 */
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { AuditList, auditQuerySchema } from '../../contract/api';
import { addressHash } from '../privacy';
import type { Database } from '../storage/db';
import { dayAfter } from './orders';

type AuditQuery = z.infer<typeof auditQuerySchema>;

/** One row of `security_events`, as written. */
type Row = [type: string, actor: string | null, ipHash: string, userAgent: string | null, route: string, detail: string];

const BATCH_MS = 250;
const BATCH_MAX = 200;

export class SecurityAudit {
  #queued: Row[] = [];
  #timer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Database,
    private readonly secret: string,
    private readonly log?: { warn(obj: object, msg: string): void },
  ) {}

  #row(request: FastifyRequest, type: string, actor: string | null, detail: Record<string, unknown>): Row {
    const agent = request.headers['user-agent'];
    return [
      type,
      actor ? actor.slice(0, 64) : null,
      this.ipHash(request.ip),
      typeof agent === 'string' ? agent.slice(0, 256) : null,
      `${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]!.slice(0, 200)}`,
      JSON.stringify(detail),
    ];
  }

  /** Queues one entry for the next batch (checkout events: many, and no request waits for them). */
  queue(request: FastifyRequest, type: string, actor: string | null, detail: Record<string, unknown> = {}): void {
    this.#queued.push(this.#row(request, type, actor, detail));
    if (this.#queued.length >= BATCH_MAX) void this.flush();
    else this.#timer ??= setTimeout(() => void this.flush(), BATCH_MS).unref();
  }

  /** Writes what is queued (one INSERT); resolves once it is in the database. Never throws (a failure is logged). */
  flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const rows = this.#queued;
    this.#queued = [];
    // One batch after another: entries keep their order.
    this.#flushing = this.#flushing.then(async () => {
      if (!rows.length) return;
      try {
        const columns = [0, 1, 2, 3, 4, 5].map((i) => rows.map((r) => r[i]));
        await this.db.query(
          `INSERT INTO security_events (type, actor, ip_hash, user_agent, route, detail)
           SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::jsonb[])`,
          columns,
        );
      } catch (error) {
        this.log?.warn({ err: error, entries: rows.length }, 'audit entries not recorded');
      }
    });
    return this.#flushing;
  }

  ipHash(ip: string): string {
    return addressHash(this.secret, ip);
  }

  /** Records one event of a request; never fails the request (a failure is logged). */
  async record(request: FastifyRequest, type: string, actor: string | null, detail: Record<string, unknown> = {}): Promise<void> {
    try {
      await this.db.query('INSERT INTO security_events (type, actor, ip_hash, user_agent, route, detail) VALUES ($1, $2, $3, $4, $5, $6)', this.#row(request, type, actor, detail));
    } catch (error) {
      request.log.warn({ err: error, event: type }, 'audit entry not recorded');
    }
  }

  async list(q: AuditQuery): Promise<AuditList> {
    await this.flush();
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('$?', `$${params.length}`));
    };
    if (q.type) add('type = $?', q.type);
    if (q.actor) add('actor = $?', q.actor);
    if (q.from) add('at >= $?::date', q.from);
    if (q.to) add('at < $?::date', dayAfter(q.to));
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const total = (await this.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM security_events ${clause}`, params)).rows[0]?.n ?? 0;
    const rows = (await this.db.query<{ id: number; at: Date | string; type: string; actor: string | null; ip_hash: string; user_agent: string | null; route: string | null; detail: Record<string, unknown> }>(
      `SELECT * FROM security_events ${clause} ORDER BY id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, q.pageSize, (q.page - 1) * q.pageSize],
    )).rows;
    return {
      events: rows.map((r) => ({ id: Number(r.id), at: new Date(r.at).toISOString(), type: r.type, actor: r.actor, ipHash: r.ip_hash, userAgent: r.user_agent, route: r.route, detail: r.detail ?? {} })),
      page: q.page,
      pageSize: q.pageSize,
      total: Number(total),
    };
  }
}
