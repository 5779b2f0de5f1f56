/**
 * The coupons feature (./coupons.ts): coupons kept in the database (`app.coupons`), seeded from
 * the catalog at start, read by pricing (`app.pricingExtensions.coupons`), and every new order's
 * use checked under the coupon's row lock (the order feature `coupons`).
 */
import fp from 'fastify-plugin';
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
    });
  },
  { name: 'ck-coupons', dependencies: ['ck-storage', 'ck-catalog', 'ck-orders'] },
);
