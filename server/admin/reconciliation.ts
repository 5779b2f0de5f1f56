/**
 * Reconciliation: do the proxy's books match Checkout.com's? For a period of whole UTC days, every
 * order that took (or was authorised for) money — paid, partly or fully refunded, voided — is
 * compared with the payments Checkout.com reports for its reference (the order id the proxy
 * sends; GET /payments?reference=…, CHECKOUT-API-FACTS-2.md §5.1): status, amount, currency,
 * captured and refunded. Payments Checkout.com told the proxy about that belong to no order here
 * (audited `unknown_order`) are looked up too. Each order or payment gets one verdict:
 *
 *   amount_mismatch   amount or currency differ              (checked first)
 *   status_mismatch   the payment's status means another order status than ours
 *   refunds_differ    refunded here ≠ refunded there
 *   payment_missing   Checkout.com has no payment for the order (one a gift card paid in full
 *                     has none by design: matched)
 *   order_missing     Checkout.com has a payment for an order we do not have
 *   matched           everything agrees
 *
 * A run claims its report row before any call (migration 080's unique indexes): the scheduled run
 * of a day exists once, and one run per period is `running` at a time, so N proxies sharing one
 * database run it once. A run a proxy abandoned (it died) is marked failed after 15 minutes.
 * The mismatch count of the latest report is the `ck_reconciliation_mismatches` gauge.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { RECONCILIATION_KINDS, type ReconciliationDetail, type ReconciliationItem, type ReconciliationKind, type ReconciliationReport } from '../../contract/api';
import type { PaymentDetails } from '../checkout/client';
import { UpstreamFailure } from '../checkout/client';
import type { Registry } from '../metrics';
import { orderStatusFor, type OrderStatus } from '../orders/store';
import type { Database } from '../storage/db';
import { dayAfter } from './orders';

export interface Upstream {
  paymentsByReference(reference: string): Promise<PaymentDetails[]>;
  getPayment(id: string): Promise<PaymentDetails>;
}

interface ReportRow {
  id: string;
  period_start: Date | string;
  period_end: Date | string;
  status: ReconciliationReport['status'];
  trigger: string;
  counts: Record<string, number>;
  mismatches: number;
  created_at: Date | string;
  finished_at: Date | string | null;
}

const RECONCILED: OrderStatus[] = ['paid', 'partially_refunded', 'refunded', 'voided'];
const ABANDONED_AFTER = "interval '15 minutes'";
const iso = (d: Date | string) => new Date(d).toISOString();

function report(row: ReportRow): ReconciliationReport {
  return {
    id: row.id,
    periodStart: iso(row.period_start),
    periodEnd: iso(row.period_end),
    status: row.status,
    trigger: row.trigger,
    counts: row.counts ?? {},
    mismatches: Number(row.mismatches),
    createdAt: iso(row.created_at),
    finishedAt: row.finished_at ? iso(row.finished_at) : null,
  };
}

/** What Checkout.com says about a payment, in the fields compared. */
function theirs(p: PaymentDetails): Record<string, unknown> {
  const balances = (p as { balances?: Record<string, number> }).balances ?? {};
  return { status: p.status, amount: p.amount, currency: p.currency, captured: balances.total_captured ?? null, refunded: balances.total_refunded ?? 0 };
}

/**
 * Our order's status as its card payment alone should show it. A refund of an order a gift card
 * paid goes to the card first and the rest back to the gift card (server/gift-cards/refunds.ts),
 * so the order may be partly refunded while the card is refunded in full, or not at all: what
 * was refunded of the card (`refunded` of `amount`, the card's share) is what Checkout.com shows.
 */
function cardStatus(ours: { status: OrderStatus; amount: number; refunded: number }): OrderStatus {
  if (ours.status !== 'partially_refunded' && ours.status !== 'refunded') return ours.status;
  return ours.refunded === 0 ? 'paid' : ours.refunded >= ours.amount ? 'refunded' : 'partially_refunded';
}

/** The verdict on one order and the payment Checkout.com reports for it. */
export function compare(ours: { status: OrderStatus; amount: number; currency: string; refunded: number }, payment: PaymentDetails | undefined): ReconciliationKind {
  // Nothing was asked of Checkout.com for an order a gift card paid in full (its card share is 0).
  if (!payment) return ours.amount === 0 ? 'matched' : 'payment_missing';
  const t = theirs(payment);
  if (t.amount !== ours.amount || t.currency !== ours.currency) return 'amount_mismatch';
  const expected = orderStatusFor(payment.status);
  if (expected !== cardStatus(ours)) return 'status_mismatch';
  if (Number(t.refunded) !== ours.refunded) return 'refunds_differ';
  return 'matched';
}

/** A CSV cell: quoted, and a leading = + - @ defused so a spreadsheet never runs it as a formula. */
function cell(value: unknown): string {
  let text = value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replaceAll('"', '""')}"`;
}

export class Reconciler {
  constructor(
    private readonly db: Database,
    private readonly upstream: Upstream,
    private readonly metrics: Registry,
    private readonly log: FastifyBaseLogger,
  ) {}

  /** Yesterday (UTC) of `now`, as [start, end) days. */
  static yesterday(now: Date): { from: string; to: string } {
    const today = now.toISOString().slice(0, 10);
    const d = new Date(`${today}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() - 1);
    const day = d.toISOString().slice(0, 10);
    return { from: day, to: day };
  }

  /**
   * Runs a reconciliation of the days `from`–`to` (inclusive), unless another proxy is running
   * that period (its report is returned, `joined`) or, for the schedule, already ran it (undefined).
   */
  async run(period: { from: string; to: string }, trigger: string): Promise<{ report: ReconciliationReport; joined: boolean } | undefined> {
    const start = `${period.from}T00:00:00.000Z`;
    const end = `${dayAfter(period.to)}T00:00:00.000Z`;
    await this.db.query(`UPDATE reconciliation_reports SET status = 'failed', error = 'abandoned', finished_at = now() WHERE status = 'running' AND created_at < now() - ${ABANDONED_AFTER}`);
    const id = `rec_${randomBytes(12).toString('hex')}`;
    const claimed = (await this.db.query<ReportRow>(
      `INSERT INTO reconciliation_reports (id, period_start, period_end, status, trigger) VALUES ($1, $2, $3, 'running', $4) ON CONFLICT DO NOTHING RETURNING *`,
      [id, start, end, trigger],
    )).rows[0];
    if (!claimed) {
      if (trigger === 'schedule') return undefined;
      const running = (await this.db.query<ReportRow>(`SELECT * FROM reconciliation_reports WHERE period_start = $1 AND period_end = $2 AND status = 'running'`, [start, end])).rows[0];
      if (running) return { report: report(running), joined: true };
      return this.run(period, trigger);
    }
    try {
      const items = await this.items(start, end);
      const counts: Record<string, number> = {};
      for (const item of items) counts[item.kind] = (counts[item.kind] ?? 0) + 1;
      const mismatches = items.filter((i) => i.kind !== 'matched').length;
      const done = await this.db.transaction(async (tx) => {
        let seq = 0;
        for (const item of items) {
          await tx.query('INSERT INTO reconciliation_items (report_id, seq, kind, order_id, payment_id, ours, theirs) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
            id, seq++, item.kind, item.orderId, item.paymentId, item.ours ? JSON.stringify(item.ours) : null, item.theirs ? JSON.stringify(item.theirs) : null,
          ]);
        }
        return (await tx.query<ReportRow>(`UPDATE reconciliation_reports SET status = 'done', counts = $2, mismatches = $3, finished_at = now() WHERE id = $1 RETURNING *`, [id, JSON.stringify(counts), mismatches])).rows[0]!;
      });
      for (const kind of RECONCILIATION_KINDS) if (kind !== 'matched') this.metrics.reconciliationMismatches.set({ kind }, counts[kind] ?? 0);
      this.log[mismatches ? 'warn' : 'info']({ event: 'reconciliation', reportId: id, periodStart: start, periodEnd: end, counts, mismatches, trigger }, mismatches ? 'reconciliation found mismatches' : 'reconciliation: the books match');
      return { report: report(done), joined: false };
    } catch (error) {
      const code = error instanceof UpstreamFailure ? `upstream_${error.kind}` : 'internal_error';
      this.log.error({ event: 'reconciliation_failed', reportId: id, code, err: error instanceof UpstreamFailure ? undefined : error }, 'reconciliation failed');
      const failed = (await this.db.query<ReportRow>(`UPDATE reconciliation_reports SET status = 'failed', error = $2, finished_at = now() WHERE id = $1 RETURNING *`, [id, code])).rows[0]!;
      return { report: report(failed), joined: false };
    }
  }

  private async items(start: string, end: string): Promise<ReconciliationItem[]> {
    const items: ReconciliationItem[] = [];
    const orders = (await this.db.query<{ id: string; status: OrderStatus; amount: number; currency: string; refunded_amount: number }>(
      `SELECT id, status, amount, currency, refunded_amount FROM orders WHERE created_at >= $1 AND created_at < $2 AND status = ANY($3::text[]) ORDER BY created_at, id`,
      [start, end, RECONCILED],
    )).rows;
    for (const o of orders) {
      const ours = { status: o.status, amount: Number(o.amount), currency: o.currency.trim(), refunded: Number(o.refunded_amount) };
      const known = new Set((await this.db.query<{ id: string }>('SELECT id FROM payments WHERE order_id = $1', [o.id])).rows.map((r) => r.id));
      const found = await this.upstream.paymentsByReference(o.id);
      const payment = found.find((p) => known.has(p.id)) ?? found.find((p) => p.status !== 'Declined');
      items.push({ kind: compare(ours, payment), orderId: o.id, paymentId: payment?.id ?? [...known][0] ?? null, ours, theirs: payment ? theirs(payment) : null });
    }
    // Payments Checkout.com told us about for which no order exists here.
    const orphans = (await this.db.query<{ payment_id: string }>(
      `SELECT DISTINCT e.payment_id FROM payment_events e WHERE e.type = 'unknown_order' AND e.payment_id IS NOT NULL AND e.created_at >= $1 AND e.created_at < $2
         AND NOT EXISTS (SELECT 1 FROM payments p WHERE p.id = e.payment_id) ORDER BY e.payment_id`,
      [start, end],
    )).rows;
    for (const { payment_id } of orphans) {
      try {
        const p = await this.upstream.getPayment(payment_id);
        items.push({ kind: 'order_missing', orderId: null, paymentId: p.id, ours: null, theirs: { ...theirs(p), reference: p.reference ?? null } });
      } catch (error) {
        if (error instanceof UpstreamFailure && error.status === 404) continue; // not a payment of this account: nothing to reconcile
        throw error;
      }
    }
    return items;
  }

  async list(limit = 50): Promise<ReconciliationReport[]> {
    return (await this.db.query<ReportRow>('SELECT * FROM reconciliation_reports ORDER BY created_at DESC, id DESC LIMIT $1', [limit])).rows.map(report);
  }

  async get(id: string): Promise<ReconciliationDetail | undefined> {
    const row = (await this.db.query<ReportRow>('SELECT * FROM reconciliation_reports WHERE id = $1', [id])).rows[0];
    if (!row) return undefined;
    const items = (await this.db.query<{ kind: ReconciliationKind; order_id: string | null; payment_id: string | null; ours: Record<string, unknown> | null; theirs: Record<string, unknown> | null }>(
      'SELECT kind, order_id, payment_id, ours, theirs FROM reconciliation_items WHERE report_id = $1 ORDER BY seq',
      [id],
    )).rows;
    return { report: report(row), items: items.map((i) => ({ kind: i.kind, orderId: i.order_id, paymentId: i.payment_id, ours: i.ours, theirs: i.theirs })) };
  }

  /** The report as CSV: one row per order or payment, our figures and Checkout.com's side by side. */
  static csv(detail: ReconciliationDetail): string {
    const head = ['kind', 'order_id', 'payment_id', 'our_status', 'their_status', 'our_amount', 'their_amount', 'our_currency', 'their_currency', 'their_captured', 'our_refunded', 'their_refunded'];
    const rows = detail.items.map((i) => [
      i.kind, i.orderId, i.paymentId, i.ours?.status, i.theirs?.status, i.ours?.amount, i.theirs?.amount, i.ours?.currency, i.theirs?.currency, i.theirs?.captured, i.ours?.refunded, i.theirs?.refunded,
    ]);
    return [head, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
  }
}
