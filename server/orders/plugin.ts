/**
 * The orders feature: orders and their payments, from the quote to paid (or voided, refunded,
 * expired).
 *
 *   app.orders             the order store (./store.ts): status moves, audit log, refunds, and the
 *                          registry of what each feature does when an order is created, paid or
 *                          voided (`app.orders.features`, ./features.ts)
 *   app.pricingExtensions  the records pricing charges for, filled by the features' `price`
 *   app.orderExpiry        the pending-order expiry sweep (./expiry.ts)
 *
 * Routes (encapsulated): ./routes.ts (quote, create-payment-sessions, create-hosted-payment,
 * payment status) and ./webhook-route.ts (Checkout.com's webhooks, with its raw-body parser).
 * The services behind them: ./payments.ts (pricing → order → Checkout.com; the verify step) and
 * ./webhooks.ts (an event applied to its order).
 */
import fp from 'fastify-plugin';
import type { Config } from '../config';
import expiry from './expiry';
import { OrderFeatures } from './features';
import type { PricingExtensions } from './pricing';
import routes from './routes';
import { OrderStore } from './store';
import webhookRoute from './webhook-route';
import { keptEvents } from './webhooks';

declare module 'fastify' {
  interface FastifyInstance {
    orders: OrderStore;
    pricingExtensions: PricingExtensions;
  }
}

export interface OrdersOptions {
  config: Config;
  /** Pricing extensions given up front (the features add theirs when they register). */
  pricing?: PricingExtensions;
  /** How often pending orders past PENDING_ORDER_TTL_MIN are expired (ms, default 60 s; 0: tests sweep by hand). */
  expireEvery?: number;
}

export default fp<OrdersOptions>(
  async function ordersPlugin(app, opts) {
    const features = new OrderFeatures(opts.pricing ?? {});
    app.decorate('orders', new OrderStore(app.db, features));
    app.decorate('pricingExtensions', features.pricing);
    // The orders feature's own reaction: webhook events that came before the payment apply once it is paid.
    features.register({ name: 'orders', afterPaid: keptEvents(app) });

    await app.register(expiry, { ttlMinutes: opts.config.pendingOrderTtlMinutes, every: opts.expireEvery });
    await app.register(routes, { config: opts.config });
    await app.register(webhookRoute, { config: opts.config });
  },
  { name: 'ck-orders', dependencies: ['ck-storage', 'ck-catalog', 'ck-checkout', 'ck-metrics'] },
);
