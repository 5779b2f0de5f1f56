/**
 * Product stock (migration 065). The catalog gives each product a count (`stock`) or none
 * (unlimited); the count is kept in `product_stock`, upserted from the catalog at start. What
 * an order takes is written in `order_stock` when the order is created, and whether it still
 * takes it is the order's status: awaiting payment (pending, declined: Flow may retry another
 * card) reserves, paid or refunded sold, expired, canceled or voided gave it back. So an order
 * that expires, is declined for good (it expires) or is voided releases its units with no step
 * of its own, and nothing here can drift from the orders.
 *
 * A new order checks and takes under the row lock of each product it buys (SELECT … FOR UPDATE,
 * in the order's own transaction: `take`), so any number of proxies sharing one PostgreSQL
 * never sell more than the count: the second buyer of the last unit waits for the first's
 * commit and then sees it taken.
 */
import type { Catalog } from '../catalog';
import { HttpError, type FieldError } from '../errors';
import type { PricedLine } from '../orders/pricing';
import type { NewOrder, OrderRecord, OrderStatus } from '../orders/store';
import type { Database, Queryable } from '../storage/db';

/** Statuses of an order that keep what it took: reserved while it awaits payment, sold once paid. */
export const TAKES_STOCK: readonly OrderStatus[] = ['pending', 'declined', 'paid', 'partially_refunded', 'refunded'];

export class StockService {
  constructor(
    private readonly db: Database,
    private readonly catalog: Catalog,
  ) {}

  /** The catalog's counts into the database (a changed count replaces the old one); a product now unlimited loses its row. */
  async sync(): Promise<void> {
    const counted = this.catalog.data.products.filter((p) => typeof p.stock === 'number');
    const unlimited = this.catalog.data.products.filter((p) => typeof p.stock !== 'number').map((p) => p.reference);
    await this.db.transaction(async (tx) => {
      if (counted.length) {
        await tx.query(
          `INSERT INTO product_stock (reference, stock) SELECT * FROM unnest($1::text[], $2::int[])
           ON CONFLICT (reference) DO UPDATE SET stock = EXCLUDED.stock, updated_at = now() WHERE product_stock.stock <> EXCLUDED.stock`,
          [counted.map((p) => p.reference), counted.map((p) => p.stock as number)],
        );
      }
      if (unlimited.length) await tx.query('DELETE FROM product_stock WHERE reference = ANY($1::text[])', [unlimited]);
    });
  }

  /** How many of each counted product can be bought now (never below 0). Unlimited products are absent. */
  async available(q: Queryable = this.db, references?: string[]): Promise<Map<string, number>> {
    const rows = (await q.query<{ reference: string; available: number | string }>(
      `SELECT s.reference, s.stock - COALESCE((
         SELECT sum(os.quantity) FROM order_stock os JOIN orders o ON o.id = os.order_id
         WHERE os.reference = s.reference AND o.status = ANY($1::text[])), 0) AS available
       FROM product_stock s ${references ? 'WHERE s.reference = ANY($2::text[])' : ''}`,
      references ? [TAKES_STOCK, references] : [TAKES_STOCK],
    )).rows;
    return new Map(rows.map((r) => [r.reference, Math.max(0, Number(r.available))]));
  }

  /**
   * In the new order's transaction, before its row is written: locks the stock row of every
   * counted product it buys (in one order, so two orders never deadlock), refuses the order when
   * a line wants more than is left (409 `out_of_stock`, a field per line), else records what it takes.
   * An order of unlimited products only (none has a count in the catalog, so none has a row that
   * `sync` kept) takes no lock and costs no round trip: buyers of those never wait on each other.
   */
  async take(order: NewOrder, tx: Queryable): Promise<void> {
    const lines = (Array.isArray(order.lines) ? (order.lines as PricedLine[]) : []).filter((l) => l.kind === 'product');
    if (!lines.some((l) => typeof this.catalog.products.get(l.reference)?.stock === 'number')) return;
    const references = lines.map((l) => l.reference);
    const locked = (await tx.query<{ reference: string }>('SELECT reference FROM product_stock WHERE reference = ANY($1::text[]) ORDER BY reference FOR UPDATE', [references])).rows;
    if (!locked.length) return;
    // Read after the locks: every order that took these products before us has committed.
    const left = await this.available(tx, locked.map((r) => r.reference));
    const errors: FieldError[] = [];
    lines.forEach((line, index) => {
      const available = left.get(line.reference);
      if (available === undefined || line.quantity <= available) return;
      errors.push({ path: `items.${index}`, message: available === 0 ? `"${line.name}" (${line.reference}) is sold out` : `only ${available} of "${line.name}" (${line.reference}) left` });
    });
    if (errors.length) {
      throw new HttpError(409, 'out_of_stock', `Not enough stock: ${errors.map((e) => e.message).join('; ')}. Nothing was charged; change the cart and try again.`, errors);
    }
    const taking = lines.filter((l) => left.has(l.reference));
    await tx.query(
      'INSERT INTO order_stock (order_id, reference, quantity) SELECT $1, * FROM unnest($2::text[], $3::int[])',
      [order.id, taking.map((l) => l.reference), taking.map((l) => l.quantity)],
    );
  }

  /**
   * Before a late payment makes paid an order that gave its units back (it expired): the first of
   * its products that other orders bought or reserved meanwhile, so that fewer are left than it
   * took. Read under the products' row locks, like `take`.
   */
  async shortfall(order: OrderRecord, tx: Queryable): Promise<{ reference: string; wanted: number; left: number } | undefined> {
    if (TAKES_STOCK.includes(order.status)) return undefined;
    const took = (await tx.query<{ reference: string; quantity: number }>('SELECT reference, quantity FROM order_stock WHERE order_id = $1 ORDER BY reference', [order.id])).rows;
    if (!took.length) return undefined;
    const references = took.map((t) => t.reference);
    await tx.query('SELECT reference FROM product_stock WHERE reference = ANY($1::text[]) ORDER BY reference FOR UPDATE', [references]);
    const left = await this.available(tx, references);
    for (const t of took) {
      const available = left.get(t.reference);
      if (available !== undefined && Number(t.quantity) > available) return { reference: t.reference, wanted: Number(t.quantity), left: available };
    }
    return undefined;
  }
}
