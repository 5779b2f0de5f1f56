/**
 * The coupons feature (./coupons.ts): coupons kept in the database (`app.coupons`), seeded from
 * the catalog at start, read by pricing (`app.pricingExtensions.coupons`), and every new order's
 * use checked under the coupon's row lock (the order feature `coupons`).
 */
import fp from 'fastify-plugin';
import { refuseLatePayment } from '../orders/late-payments';
import { CouponService } from './coupons';

declare module 'fastify' {
  interface FastifyInstance {
    coupons: CouponService;
  }
}

export default fp(
  async function couponsPlugin(app) {
    const coupons = new CouponService(app.db, app.catalog);
    await coupons.sync();
    app.decorate('coupons', coupons);
    app.orders.features.register({
      name: 'coupons',
      price: { coupons: { get: (code) => coupons.get(code), checkUses: (coupon, email) => coupons.checkUses(coupon, email) } },
      onCreate: (order, tx) => coupons.redeem(order, tx),
      // A late payment for an order whose coupon was used up by others after it expired (../orders/late-payments.ts).
      refusePaid: refuseLatePayment(app, 'coupons', async (order, tx) => {
        const refused = await coupons.usedMeanwhile(order, tx);
        return refused ? { type: 'coupon_used_meanwhile', detail: { coupon: order.coupon, refusal: refused } } : undefined;
      }),
    });
  },
  { name: 'ck-coupons', dependencies: ['ck-storage', 'ck-catalog', 'ck-orders', 'ck-upstream-actions'] },
);
