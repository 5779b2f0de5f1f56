/**
 * The console's analytics, each figure one SQL query over the orders of a period (whole UTC days,
 * by creation): revenue per day and currency (gross, refunded, net), orders and average order
 * value per currency, the funnel quotes → payment sessions → paid, declines by response code,
 * refunds applied, and the most sold lines. Amounts stay in minor units of their own currency:
 * nothing is converted or added across currencies.
 */
import type { Analytics } from '../../contract/api';
import type { Database } from '../storage/db';
import { dayAfter } from './orders';

const PAID = ['paid', 'partially_refunded', 'refunded'];

export class AnalyticsStore {
  constructor(private readonly db: Database) {}

  /** Counts a quote priced today (the top of the funnel). */
  async countQuote(): Promise<void> {
    await this.db.query(
      `INSERT INTO analytics_daily (day, metric, count) VALUES ((now() AT TIME ZONE 'UTC')::date, 'quotes', 1)
       ON CONFLICT (day, metric) DO UPDATE SET count = analytics_daily.count + 1`,
    );
  }

  async figures(from: string, to: string): Promise<Analytics> {
    const range = [`${from}T00:00:00.000Z`, `${dayAfter(to)}T00:00:00.000Z`];
    const revenue = (await this.db.query<{ day: string; currency: string; orders: number; gross: number; refunded: number }>(
      `SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, currency, count(*)::int AS orders, sum(amount)::bigint AS gross, sum(refunded_amount)::bigint AS refunded
       FROM orders WHERE created_at >= $1 AND created_at < $2 AND status = ANY($3::text[])
       GROUP BY 1, 2 ORDER BY 1, 2`,
      [...range, PAID],
    )).rows;
    const totals = (await this.db.query<{ currency: string; orders: number; gross: number; refunded: number; average: number }>(
      `SELECT currency, count(*)::int AS orders, sum(amount)::bigint AS gross, sum(refunded_amount)::bigint AS refunded, round(avg(amount))::bigint AS average
       FROM orders WHERE created_at >= $1 AND created_at < $2 AND status = ANY($3::text[])
       GROUP BY currency ORDER BY currency`,
      [...range, PAID],
    )).rows;
    const funnel = (await this.db.query<{ quotes: number; sessions: number; paid: number }>(
      `SELECT (SELECT COALESCE(sum(count), 0)::int FROM analytics_daily WHERE metric = 'quotes' AND day >= $4::date AND day <= $5::date) AS quotes,
              (SELECT count(*)::int FROM orders WHERE created_at >= $1 AND created_at < $2 AND session_id IS NOT NULL) AS sessions,
              (SELECT count(*)::int FROM orders WHERE created_at >= $1 AND created_at < $2 AND status = ANY($3::text[])) AS paid`,
      [...range, PAID, from, to],
    )).rows[0]!;
    const declines = (await this.db.query<{ response_code: string; count: number }>(
      `SELECT COALESCE(p.response_code, 'unknown') AS response_code, count(*)::int AS count
       FROM payments p WHERE p.created_at >= $1 AND p.created_at < $2 AND lower(p.status) IN ('declined', 'payment_declined')
       GROUP BY 1 ORDER BY 2 DESC, 1`,
      range,
    )).rows;
    const refunds = (await this.db.query<{ currency: string; count: number; amount: number }>(
      `SELECT o.currency, count(*)::int AS count, sum((e.detail->>'amount')::bigint)::bigint AS amount
       FROM payment_events e JOIN orders o ON o.id = e.order_id
       WHERE e.type = 'payment_refunded' AND e.detail ? 'refunded' AND e.created_at >= $1 AND e.created_at < $2
       GROUP BY o.currency ORDER BY o.currency`,
      range,
    )).rows;
    const top = (await this.db.query<{ reference: string; name: string; currency: string; quantity: number; amount: number }>(
      `SELECT l->>'reference' AS reference, min(l->>'name') AS name, o.currency, sum((l->>'quantity')::int)::int AS quantity, sum((l->>'amount')::bigint)::bigint AS amount
       FROM orders o, jsonb_array_elements(CASE WHEN jsonb_typeof(o.lines) = 'array' THEN o.lines ELSE '[]'::jsonb END) AS l
       WHERE o.created_at >= $1 AND o.created_at < $2 AND o.status = ANY($3::text[]) AND l ? 'reference'
       GROUP BY 1, 3 ORDER BY 4 DESC, 5 DESC, 1 LIMIT 10`,
      [...range, PAID],
    )).rows;
    const money = (r: { orders: number; gross: number; refunded: number }) => ({ orders: Number(r.orders), gross: Number(r.gross), refunded: Number(r.refunded), net: Number(r.gross) - Number(r.refunded) });
    return {
      from,
      to,
      revenue: revenue.map((r) => ({ day: r.day, currency: r.currency.trim(), ...money(r) })),
      totals: totals.map((r) => ({ currency: r.currency.trim(), ...money(r), averageOrder: Number(r.average) })),
      funnel: { quotes: Number(funnel.quotes), sessions: Number(funnel.sessions), paid: Number(funnel.paid) },
      declines: declines.map((d) => ({ responseCode: d.response_code, count: Number(d.count) })),
      refunds: refunds.map((r) => ({ currency: r.currency.trim(), count: Number(r.count), amount: Number(r.amount) })),
      topProducts: top.map((t) => ({ reference: t.reference, name: t.name ?? t.reference, currency: t.currency.trim(), quantity: Number(t.quantity), amount: Number(t.amount) })),
    };
  }
}
