/**
 * Seat availability (with a live SSE stream) and server-side seat holds.
 *
 *   GET    /api/events/:id/seats          held and sold seats, with the event's version
 *   GET    /api/events/:id/seats/stream   SSE: `availability` snapshot, then a `change` per commit
 *   POST   /api/seat-holds                hold seats for the buyer (the `ck_holder` cookie), all or none
 *   POST   /api/seat-holds/:id/extend     one more hold period, once
 *   DELETE /api/seat-holds/:id            release (409 `seat_hold_in_checkout` while a payment for it is open)
 *
 * The buyer is a random holder token the proxy issues per browser in a signed, HttpOnly cookie
 * (`ck_holder`; `__Host-ck_holder` over https), set by the first hold; only its hash is stored.
 * The client never chooses it: a cookie that is missing or not signed by this proxy (with
 * SESSION_SECRET) is no holder, and a hold request without one gets a new identity. The cookie
 * follows the session cookie's policy (auth/service.ts `cookieSettings`): SameSite=Lax over
 * http, where the demo's embed on another localhost port is still same-site; SameSite=None;
 * Secure; Partitioned over https with merchant origins, where the kit calls cross-site with
 * `credentials: 'include'` and the CORS allowlist answers with Allow-Credentials. A foreign page
 * cannot use the cookie: the security plugin refuses API calls whose Origin is not allowed.
 *
 * Identities cost nothing to mint, addresses do: one client address may hold at most
 * SEAT_HOLDS_PER_IP seats of an event at once, over all its identities (409 `seat_hold_limit`).
 * The address (request.ip, so TRUST_PROXY decides which hop counts) is stored only as an HMAC.
 *
 * For an event with `requiresLogin` (a presale for members), every hold route needs the login
 * session — with its CSRF check — and the hold belongs to the user instead: 401
 * `login_required` without one.
 */
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { cookieSettings } from '../auth/service';
import type { Config } from '../config';
import { ConnectionCap } from '../connection-cap';
import { HttpError } from '../errors';
import { upstreamKey } from '../orders/payments';
import { lostSeatsRefund, taxCountryOf } from '../orders/pricing';
import { errorResponseSchema, seatAvailabilityResponseSchema, seatHoldRequestSchema, seatHoldResponseSchema } from '../../contract/api';
import { SeatFeed } from './feed';
import { clientHash, holderHash, SeatHoldService, userHolder, type SeatNotification } from './holds';

declare module 'fastify' {
  interface FastifyInstance {
    seatHolds: SeatHoldService;
    seatFeed: SeatFeed;
  }
}

export interface SeatRoutesOptions {
  /** The holder cookie's policy and signing key, and SEAT_HOLDS_PER_IP. */
  config: Pick<Config, 'publicBaseUrl' | 'allowedOrigins' | 'session' | 'seatHoldsPerIp'>;
  /** How often expired holds are swept (ms); 0 turns the sweep off (tests sweep by hand). */
  sweepEvery?: number;
  /** SSE keep-alive comment interval (ms). */
  heartbeatEvery?: number;
  /** Caps on open seat streams of this proxy, per client address and in total (0: none). */
  streams?: { perIp: number; total: number };
}

/** A holder token's shape (what the proxy mints: 32 random bytes, base64url). */
const HOLDER_TOKEN = /^[\w-]{43}$/;
const HOLDER_MAX_AGE_S = 24 * 60 * 60;
const holdParams = z.strictObject({ id: z.string().regex(/^sh_[\w-]{10,40}$/, 'must be a seat hold id (sh_…)') });
const eventParams = z.strictObject({ id: z.string().min(1).max(64) });
const errors = { 400: errorResponseSchema, 401: errorResponseSchema, 403: errorResponseSchema, 404: errorResponseSchema, 409: errorResponseSchema, 429: errorResponseSchema };

const seatRoutes: FastifyPluginAsyncZod<SeatRoutesOptions> = async (app, opts) => {
  const { config } = opts;
  const service = new SeatHoldService({ db: app.db, catalog: app.catalog, perClient: config.seatHoldsPerIp });
  const holderCookie = cookieSettings(config, 'ck_holder');
  const feed = new SeatFeed();
  app.decorate('seatHolds', service);
  app.decorate('seatFeed', feed);
  // The one source of truth for held seats' prices and presale rules: the proxy's pricing.
  app.pricingExtensions.seatHolds = service;
  // A new order for a hold: the hold must still hold what was priced, with no other payment open.
  app.orders.beforeCreate.push(async (order, tx) => {
    if (order.seatHoldId && order.seats) await service.checkout(tx, order.seatHoldId, order.seats.seats);
  });
  // Paid: the seats the order priced become sold. Seats it paid for and cannot have (its expired
  // hold lost them to another buyer, or another order was paid for them first) are not
  // delivered: what the shopper paid for them is owed back. The refund is recorded here, in the
  // paid transaction (no network inside it), and asked of Checkout.com after the commit by the
  // upstream-action queue (server/upstream-actions/plugin.ts), under an idempotency key derived from the order
  // and the lost seats, so however often it is attempted it refunds once.
  app.orders.onPaid.push(async (order, tx, paidBy) => {
    if (!order.seat_hold_id) return;
    const { eventId, lost } = await service.sell(tx, order.seat_hold_id, order.id);
    if (!eventId || !lost.length) return;
    const seats = lost.map((s) => s.seatId);
    const soldTo = [...new Set(lost.flatMap((s) => (s.soldTo ? [s.soldTo] : [])))];
    const addresses = (order.addresses ?? {}) as { shipping?: { country: string }; billing?: { country: string } };
    const taxRule = app.catalog.data.tax.byCountry[taxCountryOf({ shippingAddress: addresses.shipping, billingAddress: addresses.billing, country: order.country })];
    const refund = lostSeatsRefund(order, eventId, lost.map(({ seatId, categoryId }) => ({ seatId, categoryId })), taxRule?.shipping ?? false);
    const base = { orderId: order.id, paymentId: paidBy.paymentId, source: paidBy.source, actor: 'seat-holds' } as const;
    await app.orders.audit({
      ...base,
      type: 'seats_lost',
      detail: {
        seats,
        refund: { amount: refund.amount, currency: order.currency },
        ...(soldTo.length ? { soldTo } : {}),
        ...(refund.unpriced.length ? { unpriced: refund.unpriced } : {}),
      },
    }, tx);
    if (refund.amount > 0) {
      await app.upstreamActions.request(tx, {
        ...base,
        kind: 'refund',
        id: upstreamKey('refunds', `${order.id}\nseats_lost\n${seats.join(',')}`),
        amount: refund.amount,
        currency: order.currency,
        reason: 'seats_lost',
        detail: { seats: refund.seats },
      });
    }
    app.log.warn(
      { orderId: order.id, seats: seats.length, soldToOtherOrders: soldTo.length, refund: refund.amount, currency: order.currency },
      refund.amount > 0 ? 'paid order cannot have seats it paid for; refund requested' : 'paid order cannot have seats no order line priced; nothing to refund',
    );
  });

  // Voided (a presale card that failed the rule: nothing charged): the order's seats go back on sale.
  app.orders.onVoided.push(async (order, tx) => {
    if (order.seat_hold_id) await service.releaseForOrder(tx, order.seat_hold_id, order.id);
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

  /** The browser's holder token: from its cookie, only when this proxy signed it. */
  function holderToken(request: FastifyRequest): string | undefined {
    const raw = request.cookies[holderCookie.name];
    if (!raw) return undefined;
    const unsigned = request.unsignCookie(raw);
    return unsigned.valid && unsigned.value && HOLDER_TOKEN.test(unsigned.value) ? unsigned.value : undefined;
  }

  /**
   * Who holds: the user for an event that requires login (401 without a session), else the
   * browser's holder token. With `reply` (a new hold) a browser without one is issued one;
   * without it (extend, release) it holds nothing, so the hold answers 404 like anyone else's.
   */
  async function holderFor(request: FastifyRequest, eventId: string | undefined, reply?: FastifyReply): Promise<string> {
    if (eventId && app.catalog.events.get(eventId)?.requiresLogin) {
      const session = await app.auth.requireSession(request);
      return userHolder(session.user.username);
    }
    let token = holderToken(request);
    if (!token) {
      if (!reply) throw new HttpError(404, 'not_found', 'No such seat hold.');
      token = randomBytes(32).toString('base64url');
      void reply.setCookie(holderCookie.name, token, { ...holderCookie.options, maxAge: HOLDER_MAX_AGE_S });
    }
    return holderHash(token);
  }

  const clientOf = (request: FastifyRequest) => clientHash(config.session.secret, request.ip);

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
    { config: general, schema: { body: seatHoldRequestSchema, response: { 200: seatHoldResponseSchema, 201: seatHoldResponseSchema, ...errors } } },
    async (request, reply) => {
      const holder = await holderFor(request, request.body.eventId, reply);
      const { hold, created } = await service.hold(request.body.eventId, request.body.seats, holder, clientOf(request));
      void reply.header('cache-control', 'no-store');
      return reply.code(created ? 201 : 200).send(hold);
    },
  );

  app.post(
    '/api/seat-holds/:id/extend',
    { config: general, schema: { params: holdParams, response: { 200: seatHoldResponseSchema, ...errors } } },
    async (request) => service.extend(request.params.id, await holderFor(request, await service.eventIdOf(request.params.id))),
  );

  app.delete(
    '/api/seat-holds/:id',
    { config: general, schema: { params: holdParams, response: { 204: z.null(), ...errors } } },
    async (request, reply) => {
      await service.release(request.params.id, await holderFor(request, await service.eventIdOf(request.params.id)));
      return reply.code(204).send(null);
    },
  );
};

export default fp(seatRoutes, { name: 'ck-seats', dependencies: ['ck-storage', 'ck-commerce', 'ck-upstream-actions', 'ck-auth'] });
