/**
 * Seat availability (with a live SSE stream) and server-side seat holds.
 *
 *   GET    /api/events/:id/seats          held and sold seats, with the event's version
 *   GET    /api/events/:id/seats/stream   SSE: `availability` snapshot, then a `change` per commit
 *   POST   /api/seat-holds                hold seats for the buyer (X-Ck-Holder), all or none
 *   POST   /api/seat-holds/:id/extend     one more hold period, once
 *   DELETE /api/seat-holds/:id            release
 *
 * The buyer is the holder token the kit generates per tab and sends as `X-Ck-Holder` (a
 * header works cross-origin, where a cookie would not); only its hash is stored. For an event
 * with `requiresLogin` (a presale for members), every hold route needs the login session —
 * with its CSRF check — and the hold belongs to the user instead: 401 `login_required` without one.
 */
import type { ServerResponse } from 'node:http';
import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ConnectionCap } from '../connection-cap';
import { HttpError } from '../errors';
import { upstreamKey } from '../payments';
import { lostSeatsRefund, taxCountryOf } from '../pricing';
import { errorResponseSchema, seatAvailabilityResponseSchema, seatHoldRequestSchema, seatHoldResponseSchema } from '../schemas/api';
import { SeatFeed } from '../seats/feed';
import { holderHash, SeatHoldService, userHolder, type SeatNotification } from '../seats/holds';

declare module 'fastify' {
  interface FastifyInstance {
    seatHolds: SeatHoldService;
    seatFeed: SeatFeed;
  }
}

export interface SeatRoutesOptions {
  /** How often expired holds are swept (ms); 0 turns the sweep off (tests sweep by hand). */
  sweepEvery?: number;
  /** SSE keep-alive comment interval (ms). */
  heartbeatEvery?: number;
  /** Caps on open seat streams of this proxy, per client address and in total (0: none). */
  streams?: { perIp: number; total: number };
}

const holderHeaders = z.looseObject({
  'x-ck-holder': z.string().regex(/^[\w-]{22,64}$/, 'must be the random holder token the kit generates (22–64 URL-safe characters)'),
});
const holdParams = z.strictObject({ id: z.string().regex(/^sh_[\w-]{10,40}$/, 'must be a seat hold id (sh_…)') });
const eventParams = z.strictObject({ id: z.string().min(1).max(64) });
const errors = { 400: errorResponseSchema, 401: errorResponseSchema, 403: errorResponseSchema, 404: errorResponseSchema, 409: errorResponseSchema, 429: errorResponseSchema };

const seatRoutes: FastifyPluginAsyncZod<SeatRoutesOptions> = async (app, opts) => {
  const service = new SeatHoldService({ db: app.db, catalog: app.catalog });
  const feed = new SeatFeed();
  app.decorate('seatHolds', service);
  app.decorate('seatFeed', feed);
  // The one source of truth for held seats' prices and presale rules: the proxy's pricing.
  app.pricingExtensions.seatHolds = service;
  // Paid: the hold's seats become sold. Seats an expired hold lost to another buyer are paid
  // for but not delivered: what the shopper paid for them is owed back. The refund is recorded
  // here, in the paid transaction (no network inside it), and asked of Checkout.com after the
  // commit by the refund queue (server/plugins/refunds.ts), under an idempotency key derived
  // from the order and the lost seats, so however often it is attempted it refunds once.
  app.orders.onPaid.push(async (order, tx, paidBy) => {
    if (!order.seat_hold_id) return;
    const { eventId, lost } = await service.sell(tx, order.seat_hold_id, order.id);
    if (!eventId || !lost.length) return;
    const seats = lost.map((s) => s.seatId);
    const addresses = (order.addresses ?? {}) as { shipping?: { country: string }; billing?: { country: string } };
    const taxRule = app.catalog.data.tax.byCountry[taxCountryOf({ shippingAddress: addresses.shipping, billingAddress: addresses.billing, country: order.country })];
    const refund = lostSeatsRefund(order, eventId, lost, taxRule?.shipping ?? false);
    const base = { orderId: order.id, paymentId: paidBy.paymentId, source: paidBy.source, actor: 'seat-holds' } as const;
    await app.orders.audit({
      ...base,
      type: 'seats_lost',
      detail: { seats, refund: { amount: refund.amount, currency: order.currency }, ...(refund.unpriced.length ? { unpriced: refund.unpriced } : {}) },
    }, tx);
    if (refund.amount > 0) {
      await app.refunds.request(tx, {
        ...base,
        id: upstreamKey('refunds', `${order.id}\nseats_lost\n${seats.join(',')}`),
        amount: refund.amount,
        currency: order.currency,
        reason: 'seats_lost',
        detail: { seats: refund.seats },
      });
    }
    app.log.warn(
      { orderId: order.id, seats: seats.length, refund: refund.amount, currency: order.currency },
      refund.amount > 0 ? 'paid order lost seats its expired hold no longer had; refund requested' : 'paid order lost seats no order line priced; nothing to refund',
    );
  });

  const streams = new Set<ServerResponse>();
  const streamCap = new ConnectionCap(opts.streams?.perIp ?? 20, opts.streams?.total ?? 5_000);
  let sweeper: ReturnType<typeof setInterval> | undefined;
  app.addHook('onReady', async () => {
    await feed.start(app.db);
    const every = opts.sweepEvery ?? 1000;
    if (every > 0) {
      sweeper = setInterval(() => {
        service.sweep().catch((error: unknown) => app.log.warn({ err: error }, 'seat hold sweep failed'));
      }, every);
      sweeper.unref();
    }
  });
  app.addHook('preClose', async () => {
    clearInterval(sweeper);
    for (const res of streams) res.end();
    streams.clear();
    await feed.stop();
  });

  const general = { rateLimit: app.rateTiers.general };

  /** Who holds: the user for an event that requires login (401 without a session), else the tab's token. */
  async function holderFor(request: FastifyRequest, token: string, eventId: string | undefined): Promise<string> {
    if (eventId && app.catalog.events.get(eventId)?.requiresLogin) {
      const session = await app.auth.requireSession(request);
      return userHolder(session.user.username);
    }
    return holderHash(token);
  }

  app.get(
    '/api/events/:id/seats',
    { config: general, schema: { params: eventParams, response: { 200: seatAvailabilityResponseSchema, ...errors } } },
    async (request, reply) => {
      void reply.header('cache-control', 'no-store');
      return service.availability(request.params.id);
    },
  );

  app.get('/api/events/:id/seats/stream', { config: general, schema: { params: eventParams } }, async (request, reply) => {
    const eventId = request.params.id;
    if (!app.catalog.events.has(eventId)) throw new HttpError(404, 'not_found', `No event ${eventId}.`);
    const res = reply.raw;
    // 429/503 in the error shape when this address (or the proxy) has too many open; the seat
    // map then keeps its snapshot without live updates.
    res.once('close', streamCap.take(request.ip));
    const headers = {
      ...reply.getHeaders(),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    };
    reply.hijack();
    res.writeHead(200, headers as Record<string, string>);
    res.write('retry: 2000\n\n');
    streams.add(res);

    let version = -1;
    let syncing = true;
    const queued: SeatNotification[] = [];
    const send = (type: string, data: unknown) => res.write(`event: ${type}\ndata: ${JSON.stringify(data)}\n\n`);
    const sync = async () => {
      syncing = true;
      try {
        const snapshot = await service.availability(eventId);
        version = snapshot.version;
        send('availability', snapshot);
      } catch (error) {
        request.log.warn({ err: error }, 'seat snapshot failed; the client reconnects');
        res.end();
        return;
      }
      syncing = false;
      for (const n of queued.splice(0)) deliver(n);
    };
    const deliver = (n: SeatNotification) => {
      if (syncing) return void queued.push(n);
      if ('reload' in n) return void sync();
      if (n.version <= version) return;
      version = n.version;
      send('change', n);
    };
    // Subscribe before the snapshot, so nothing committed in between is lost.
    const unsubscribe = feed.subscribe(eventId, deliver);
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), opts.heartbeatEvery ?? 15_000);
    heartbeat.unref();
    res.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
      streams.delete(res);
    });
    await sync();
  });

  app.post(
    '/api/seat-holds',
    { config: general, schema: { headers: holderHeaders, body: seatHoldRequestSchema, response: { 200: seatHoldResponseSchema, 201: seatHoldResponseSchema, ...errors } } },
    async (request, reply) => {
      const holder = await holderFor(request, request.headers['x-ck-holder'], request.body.eventId);
      const { hold, created } = await service.hold(request.body.eventId, request.body.seats, holder);
      void reply.header('cache-control', 'no-store');
      return reply.code(created ? 201 : 200).send(hold);
    },
  );

  app.post(
    '/api/seat-holds/:id/extend',
    { config: general, schema: { headers: holderHeaders, params: holdParams, response: { 200: seatHoldResponseSchema, ...errors } } },
    async (request) => service.extend(request.params.id, await holderFor(request, request.headers['x-ck-holder'], await service.eventIdOf(request.params.id))),
  );

  app.delete(
    '/api/seat-holds/:id',
    { config: general, schema: { headers: holderHeaders, params: holdParams, response: { 204: z.null(), ...errors } } },
    async (request, reply) => {
      await service.release(request.params.id, await holderFor(request, request.headers['x-ck-holder'], await service.eventIdOf(request.params.id)));
      return reply.code(204).send(null);
    },
  );
};

export default fp(seatRoutes, { name: 'ck-seats', dependencies: ['ck-storage', 'ck-commerce', 'ck-refunds'] });
