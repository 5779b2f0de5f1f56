/**
 * The risk feature: payment velocity (./velocity.ts). Decorates `app.velocity` (null when
 * VELOCITY_WINDOW_MIN=0 or the app was built with `velocity: false`), which payment creation
 * asks before anything goes to Checkout.com, and counts every payment result of an order
 * through the order feature registry, in the transaction that applies it.
 */
import fp from 'fastify-plugin';
import type { Config } from '../config';
import { systemClock, type Clock } from '../auth/db';
import { Velocity, type VelocityLimits } from './velocity';

declare module 'fastify' {
  interface FastifyInstance {
    velocity: Velocity | null;
  }
}

export interface RiskOptions {
  config: Config;
  /** Limits instead of the configured ones (tests), or false: off. */
  velocity?: Partial<VelocityLimits> | false;
  clock?: Clock;
}

export default fp<RiskOptions>(
  async function riskPlugin(app, opts) {
    const limits = opts.velocity === false || !opts.config.velocity ? undefined : { ...opts.config.velocity, ...opts.velocity };
    const velocity = limits ? new Velocity(app.db, opts.config.session.secret, limits, opts.clock ?? systemClock) : null;
    app.decorate('velocity', velocity);
    if (!velocity) return;
    app.orders.features.register({
      name: 'velocity',
      onPaymentResult: async (order, tx, result) => {
        if (result.to !== 'declined' && result.to !== 'paid') return;
        await velocity.result(tx, { orderId: order.id, paymentId: result.paymentId, email: (order.customer as { email?: string } | null)?.email ?? '', declined: result.to === 'declined', card: result.card });
      },
    });
  },
  { name: 'ck-risk', dependencies: ['ck-storage', 'ck-orders'] },
);
