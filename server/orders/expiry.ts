import fp from 'fastify-plugin';
import { intervalSweeper } from '../plugins/sweeper';

declare module 'fastify' {
  interface FastifyInstance {
    /** The pending-order expiry sweep (runs on its own; tests may call `sweep()` by hand). */
    orderExpiry: { readonly ttlMinutes: number; sweep(): Promise<string[]> };
  }
}

export interface OrderExpiryOptions {
  /** PENDING_ORDER_TTL_MIN: orders pending longer are expired; 0 turns the sweep off. */
  ttlMinutes: number;
  /** How often the sweep runs (ms, default 60 s); 0 turns the timer off (tests sweep by hand). */
  every?: number;
}

/** Batches one sweep may expire (500 orders each) before it leaves the rest to the next tick. */
const MAX_BATCHES = 20;
const BATCH = 500;

/**
 * Expires orders left pending (their session failed, or the shopper never paid) once they are
 * older than the TTL, on an interval started when the app is ready and cleared when it closes
 * (intervalSweeper). Every proxy sharing the database may run it: the store's
 * single UPDATE … RETURNING expires and audits each order once (OrderStore.expirePending).
 */
export default fp<OrderExpiryOptions>(
  async function orderExpiryPlugin(app, opts) {
    const ttlMs = opts.ttlMinutes * 60_000;
    const sweep = async (): Promise<string[]> => {
      if (ttlMs <= 0) return [];
      const expired: string[] = [];
      for (let i = 0; i < MAX_BATCHES; i++) {
        const batch = await app.orders.expirePending(ttlMs, BATCH);
        expired.push(...batch);
        if (batch.length < BATCH) break;
      }
      if (expired.length) {
        app.metrics.ordersExpired.inc({}, expired.length);
        app.log.info({ expired: expired.length, ttlMinutes: opts.ttlMinutes }, 'pending orders expired');
      }
      return expired;
    };
    app.decorate('orderExpiry', { ttlMinutes: opts.ttlMinutes, sweep });
    intervalSweeper(app, { name: 'pending order expiry', every: ttlMs > 0 ? (opts.every ?? 60_000) : 0, sweep });
  },
  { name: 'ck-order-expiry', dependencies: ['ck-storage', 'ck-metrics'] },
);
