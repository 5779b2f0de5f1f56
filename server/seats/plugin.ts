/**
 * The seats feature: server-side seat holds (`app.seatHolds`, ./holds.ts), the availability feed
 * the streams listen to (`app.seatFeed`, ./feed.ts), the sweep that expires holds, what an order
 * with a hold is charged and what happens to its seats when it is created, paid or voided — and
 * its routes, encapsulated (./routes.ts).
 */
import fp from 'fastify-plugin';
import type { Config } from '../config';
import { intervalSweeper } from '../plugins/sweeper';
import { SeatFeed } from './feed';
import { SeatHoldService } from './holds';
import { refundLostSeats } from './lost-seats';
import routes from './routes';

declare module 'fastify' {
  interface FastifyInstance {
    seatHolds: SeatHoldService;
    seatFeed: SeatFeed;
  }
}

export interface SeatsOptions {
  /** The holder cookie's policy and signing key, SEAT_HOLDS_PER_IP, and the caps on open seat streams (SEAT_STREAM_MAX_*). */
  config: Pick<Config, 'publicBaseUrl' | 'allowedOrigins' | 'session' | 'seatHoldsPerIp' | 'seatStreams'>;
  /** How often expired holds are swept (ms, default 1 s); 0 turns the sweep off (tests sweep by hand). */
  sweepEvery?: number;
  /** SSE keep-alive comment interval (ms). */
  heartbeatEvery?: number;
}

export default fp<SeatsOptions>(
  async function seatsPlugin(app, opts) {
    const seatHolds = new SeatHoldService({ db: app.db, catalog: app.catalog, perClient: opts.config.seatHoldsPerIp, now: () => app.clock.now() });
    const feed = new SeatFeed();
    app.decorate('seatHolds', seatHolds);
    app.decorate('seatFeed', feed);

    app.orders.features.register({
      name: 'seats',
      // The one source of truth for held seats' prices and presale rules: the proxy's pricing.
      price: { seatHolds },
      // A new order for a hold: the hold must still hold what was priced, with no other payment open.
      onCreate: async (order, tx) => {
        if (order.seatHoldId && order.seats) await seatHolds.checkout(tx, order.seatHoldId, order.seats.seats);
      },
      // Paid: the seats the order priced become sold; those it cannot have are refunded.
      onPaid: async (order, tx, paidBy) => {
        if (!order.seat_hold_id) return;
        const { eventId, lost } = await seatHolds.sell(tx, order.seat_hold_id, order.id);
        if (eventId && lost.length) await refundLostSeats(app, order, { eventId, lost }, paidBy, tx);
      },
      // Voided (a presale card that failed the rule: nothing charged): the order's seats go back on sale.
      onVoided: async (order, tx) => {
        if (order.seat_hold_id) await seatHolds.releaseForOrder(tx, order.seat_hold_id, order.id);
      },
    });

    app.addHook('onReady', async () => feed.start(app.db));
    intervalSweeper(app, { name: 'seat hold', every: opts.sweepEvery ?? 1000, sweep: () => seatHolds.sweep() });
    app.addHook('preClose', async () => feed.stop());

    await app.register(routes, { config: opts.config, heartbeatEvery: opts.heartbeatEvery, streams: opts.config.seatStreams });
  },
  { name: 'ck-seats', dependencies: ['ck-storage', 'ck-catalog', 'ck-orders', 'ck-upstream-actions', 'ck-auth'] },
);
