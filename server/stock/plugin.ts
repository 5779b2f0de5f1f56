/**
 * The stock feature (./stock.ts): the catalog's counts kept in the database (`app.stock`), synced
 * at start, and every new order's check-and-take, registered as the order feature `stock`.
 */
import fp from 'fastify-plugin';
import { refuseLatePayment } from '../orders/late-payments';
import { StockService } from './stock';

declare module 'fastify' {
  interface FastifyInstance {
    stock: StockService;
  }
}

export default fp(
  async function stockPlugin(app) {
    const stock = new StockService(app.db, app.catalog);
    await stock.sync();
    app.decorate('stock', stock);
    // A new order takes its units, or is refused when there are not enough left.
    app.orders.features.register({
      name: 'stock',
      onCreate: (order, tx) => stock.take(order, tx),
      // A late payment for an order whose units were sold to others after it expired (../orders/late-payments.ts).
      refusePaid: refuseLatePayment(app, 'stock', async (order, tx) => {
        const short = await stock.shortfall(order, tx);
        return short && { type: 'stock_sold_meanwhile', detail: short };
      }),
    });
  },
  { name: 'ck-stock', dependencies: ['ck-storage', 'ck-catalog', 'ck-orders', 'ck-upstream-actions'] },
);
