/**
 * Seat availability (with a live SSE stream) and server-side seat holds: the seats feature's
 * routes (encapsulated; the feature's plugin, with its order reactions, is ./plugin.ts).
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
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { cookieSettings } from '../auth/plugin';
import type { Config } from '../config';
import { ConnectionCap } from '../connection-cap';
import { HttpError } from '../errors';
import { errorResponseSchema, seatAvailabilityResponseSchema, seatHoldRequestSchema, seatHoldResponseSchema } from '../../contract/api';
import { clientHash, holderHash, userHolder, type SeatNotification } from './holds';

export interface SeatRoutesOptions {
  /** The holder cookie's policy and signing key. */
  config: Pick<Config, 'publicBaseUrl' | 'allowedOrigins' | 'session'>;
  /** SSE keep-alive comment interval (ms). */
  heartbeatEvery?: number;
  /** Caps on open seat streams of this proxy, per client address and in total (0: none). */
  streams?: { perIp: number; total: number };
}

/**
 * What a seat stream may have waiting for its client (bytes) before it stops queueing changes.
 * Node buffers whatever a client does not read: a client that opened streams and never read
 * them held every change of a busy sale in the proxy's memory, stream after stream. Past this, a
 * stream sends nothing more until its client has read what waits, then one fresh snapshot (the
 * changes it skipped are in it): memory stays bounded, and a slow reader still ends up current.
 */
export const STREAM_BACKLOG_MAX = 1024 * 1024;

/** A holder token's shape (what the proxy mints: 32 random bytes, base64url). */
const HOLDER_TOKEN = /^[\w-]{43}$/;
const HOLDER_MAX_AGE_S = 24 * 60 * 60;
const holdParams = z.strictObject({ id: z.string().regex(/^sh_[\w-]{10,40}$/, 'must be a seat hold id (sh_…)') });
const eventParams = z.strictObject({ id: z.string().min(1).max(64) });
const errors = { 400: errorResponseSchema, 401: errorResponseSchema, 403: errorResponseSchema, 404: errorResponseSchema, 409: errorResponseSchema, 429: errorResponseSchema };

const routes: FastifyPluginAsyncZod<SeatRoutesOptions> = async (app, opts) => {
  const { config } = opts;
  const service = app.seatHolds;
  const feed = app.seatFeed;
  const holderCookie = cookieSettings(config, 'ck_holder');

  const streams = new Set<ServerResponse>();
  const streamCap = new ConnectionCap(opts.streams?.perIp ?? 20, opts.streams?.total ?? 5_000);
  // Open streams end before the app closes (the feed they listen to stops with the seats plugin).
  app.addHook('preClose', async () => {
    for (const res of streams) res.end();
    streams.clear();
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
    /** Over STREAM_BACKLOG_MAX: changes are skipped until the client drains, then a snapshot. */
    let behind = false;
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
      if (behind) return;
      if ('reload' in n) return void sync();
      if (n.version <= version) return;
      if (res.writableLength > STREAM_BACKLOG_MAX) {
        behind = true;
        res.once('drain', () => {
          behind = false;
          void sync();
        });
        return;
      }
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

export default routes;
