/**
 * The insurance feature: quotes priced and stored on the server (`app.insuranceQuotes`,
 * ./quotes.ts), what an order with a quote is charged, what happens when it is paid, and its
 * routes, encapsulated (./routes.ts: /api/insurance/quotes).
 */
import fp from 'fastify-plugin';
import { systemClock, type Clock } from '../auth/db';
import { refuseLatePayment } from '../orders/late-payments';
import { InsuranceQuoteStore } from './quotes';
import routes from './routes';

declare module 'fastify' {
  interface FastifyInstance {
    insuranceQuotes: InsuranceQuoteStore;
  }
}

export interface InsuranceOptions {
  clock?: Clock;
}

export default fp<InsuranceOptions>(
  async function insurancePlugin(app, opts) {
    const clock = opts.clock ?? systemClock;
    const quotes = new InsuranceQuoteStore(app.db, clock);
    app.decorate('insuranceQuotes', quotes);

    app.orders.features.register({
      name: 'insurance',
      // An order with `insuranceQuoteId` is charged the stored premium.
      price: { insuranceQuotes: quotes },
      // One quote is one policy: an order for a quote another order has paid (two tabs, or a page
      // left open) is voided instead of paid, and its payment given back.
      refusePaid: refuseLatePayment(app, 'insurance', async (order, tx) =>
        order.insurance_quote_id && (await quotes.paidAlready(order.insurance_quote_id, tx))
          ? { type: 'insurance_quote_paid_meanwhile', detail: { quoteId: order.insurance_quote_id } }
          : undefined,
      ),
      // Paid: the quote becomes the policy's record (kept with its order, never purged).
      onPaid: async (order, tx) => {
        if (order.insurance_quote_id) await quotes.markPaid(order.insurance_quote_id, tx);
      },
    });

    await app.register(routes, { clock });
  },
  { name: 'ck-insurance', dependencies: ['ck-auth', 'ck-storage', 'ck-catalog', 'ck-orders', 'ck-upstream-actions'] },
);
