/**
 * Coupons kept in the database (migration 066), seeded from the catalog at start. The rule of a
 * coupon (which discount, on what, when) is applied by pricing (server/orders/pricing.ts,
 * `couponDiscount`); here are its uses: a use is an order carrying the coupon that still counts —
 * awaiting payment (pending, declined: reserved) or paid (partially or fully refunded included).
 * Expired, canceled and voided orders give their use back, with no step of their own.
 *
 * `checkUses` is the one check of the usage rules (total limit, per-customer limit keyed on the
 * order's customer email, first order only — which is one order, so it counts like a limit of one). Pricing runs it to answer early (a quote, a session
 * request); the new order's transaction runs it again under the coupon's row lock (`redeem`, the
 * order feature `coupons`), so N proxies sharing one PostgreSQL never let one use too many through.
 */
import type { Catalog } from '../catalog';
import { couponSchema, type Coupon } from '../catalog/schema';
import { HttpError } from '../errors';
import type { NewOrder, OrderRecord, OrderStatus } from '../orders/store';
import type { Database, Queryable } from '../storage/db';

/** Order statuses whose coupon counts as used (or reserved, while awaiting payment). */
export const USES_COUPON: readonly OrderStatus[] = ['pending', 'declined', 'paid', 'partially_refunded', 'refunded'];
/** Statuses of an order that was paid: a customer with one has had a first order. */
export const PAID: readonly OrderStatus[] = ['paid', 'partially_refunded', 'refunded'];

/** The key a typed code is matched on: surrounding whitespace dropped, any case. */
export const couponKey = (code: string) => code.trim().toUpperCase();

const refuse = (code: string, message: string) => new HttpError(400, code, message, [{ path: 'coupon', message }]);

export class CouponService {
  constructor(
    private readonly db: Database,
    private readonly catalog: Catalog,
  ) {}

  /** The catalog's coupons into the database (a changed rule replaces the stored one). */
  async sync(): Promise<void> {
    const coupons = this.catalog.data.coupons;
    if (!coupons.length) return;
    await this.db.query(
      `INSERT INTO coupons (code, rule) SELECT * FROM unnest($1::text[], $2::jsonb[])
       ON CONFLICT (code) DO UPDATE SET rule = EXCLUDED.rule, updated_at = now() WHERE coupons.rule <> EXCLUDED.rule`,
      [coupons.map((c) => couponKey(c.code)), coupons.map((c) => JSON.stringify(c))],
    );
  }

  /** The active coupon a typed code names (case and surrounding whitespace ignored). */
  async get(code: string, q: Queryable = this.db, lock = false): Promise<Coupon | undefined> {
    const row = (await q.query<{ rule: unknown }>(`SELECT rule FROM coupons WHERE code = $1 AND active ${lock ? 'FOR UPDATE' : ''}`, [couponKey(code)])).rows[0];
    if (!row) return undefined;
    const parsed = couponSchema.safeParse(row.rule);
    return parsed.success ? parsed.data : undefined;
  }

  /** Refuses the coupon for `email` when a usage rule says no (each rule its own code). */
  async checkUses(coupon: Coupon, email: string, q: Queryable = this.db): Promise<void> {
    const name = `"${coupon.code}"`;
    if (coupon.firstOrderOnly) {
      const paid = await q.query(`SELECT 1 FROM orders WHERE lower(customer->>'email') = lower($1) AND status = ANY($2::text[]) LIMIT 1`, [email, PAID]);
      if (paid.rows.length) throw refuse('coupon_first_order_only', `${name} is for a first order only, and ${email} has ordered before`);
    }
    if (!coupon.usageLimit && !coupon.perCustomerLimit && !coupon.firstOrderOnly) return;
    const row = (await q.query<{ total: number | string; mine: number | string }>(
      `SELECT count(*) AS total, count(*) FILTER (WHERE lower(customer->>'email') = lower($3)) AS mine
       FROM orders WHERE upper(coupon) = $1 AND status = ANY($2::text[])`,
      [couponKey(coupon.code), USES_COUPON, email],
    )).rows[0]!;
    if (coupon.usageLimit && Number(row.total) >= coupon.usageLimit) throw refuse('coupon_used_up', `${name} has been used up`);
    if (coupon.perCustomerLimit && Number(row.mine) >= coupon.perCustomerLimit) {
      throw refuse('coupon_customer_limit', `${name} can be used ${coupon.perCustomerLimit} time(s) per customer, and ${email} has used it`);
    }
    // A first order is one order: another of the customer's orders carrying the coupon (awaiting
    // payment or paid) has it, as a per-customer limit of one would.
    if (coupon.firstOrderOnly && Number(row.mine) >= 1) throw refuse('coupon_first_order_only', `${name} is for a first order only, and ${email} has an order with it already`);
  }

  /**
   * In the new order's transaction, before its row is written: the coupon's row is locked (the
   * next order for it waits for this one's commit), then its uses are checked again. A coupon
   * deactivated since it was priced is refused too.
   */
  async redeem(order: NewOrder, tx: Queryable): Promise<void> {
    if (!order.coupon) return;
    const coupon = await this.get(order.coupon, tx, true);
    if (!coupon) throw refuse('coupon_invalid', `"${order.coupon}" is not a valid coupon code`);
    await this.checkUses(coupon, (order.customer as { email: string }).email, tx);
  }

  /**
   * Before a late payment makes paid an order that gave its coupon's use back (it expired): the
   * refusal (its error code) when other orders have used the coupon up for it meanwhile — its total
   * or per-customer limit, or a first order of the same customer. Checked under the coupon's row lock.
   */
  async usedMeanwhile(order: OrderRecord, tx: Queryable): Promise<string | undefined> {
    if (!order.coupon || USES_COUPON.includes(order.status)) return undefined;
    const coupon = await this.get(order.coupon, tx, true);
    if (!coupon) return undefined;
    try {
      await this.checkUses(coupon, (order.customer as { email: string }).email, tx);
      return undefined;
    } catch (error) {
      if (error instanceof HttpError) return error.code;
      throw error;
    }
  }
}
