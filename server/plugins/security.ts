import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyBaseLogger, type FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { Redis } from 'ioredis';
import { HttpError } from '../errors';
import { clientNetwork } from '../privacy';

export interface RateTier {
  max: number;
  timeWindow: number;
}

export interface SecurityOptions {
  allowedOrigins: string[];
  /** Origins of Checkout.com (or the emulator) the pages load Flow from. */
  paymentOrigins: string[];
  rateLimits?: Partial<Record<'payments' | 'auth' | 'general', RateTier>>;
  /** REDIS_URL: every proxy given the same URL counts against the same rate-limit counters. */
  redisUrl?: string;
}

/** Where the rate-limit counters live, and (for Redis) whether it answers right now. */
export interface RateLimitStore {
  kind: 'memory' | 'redis';
  /** Readiness detail; the memory store is always fine. */
  check(): Promise<{ ok: boolean; detail: string }>;
}

export const DEFAULT_RATE_LIMITS: Record<'payments' | 'auth' | 'general', RateTier> = {
  payments: { max: 20, timeWindow: 60_000 },
  auth: { max: 10, timeWindow: 60_000 },
  general: { max: 300, timeWindow: 60_000 },
};

declare module 'fastify' {
  interface FastifyInstance {
    /** Per-route rate-limit settings: `config: { rateLimit: app.rateTiers.payments }`. */
    rateTiers: Record<'payments' | 'auth' | 'general', RateTier>;
    rateLimitStore: RateLimitStore;
  }
}

/** Keys in Redis: `checkout-kit:rate-limit:<ip>` (global tier) or `…:<METHOD><route>-<ip>` (route tiers). */
export const RATE_LIMIT_NAMESPACE = 'checkout-kit:rate-limit:';
/** How long a start waits for Redis, and how long a request waits for a counter, at most. */
const REDIS_CONNECT_TIMEOUT_MS = 1_000;
const REDIS_COMMAND_TIMEOUT_MS = 1_000;

/** A Redis URL fit for a log line: the password (if any) becomes `***`. */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '[unparseable REDIS_URL]';
  }
}

/**
 * The shared counter store. It connects in the background and the start waits for the first
 * outcome for at most REDIS_CONNECT_TIMEOUT_MS, so a wrong REDIS_URL never hangs a start. No
 * offline queue and a command timeout: while Redis is unreachable a request fails its counter
 * call at once and `skipOnError` serves it unlimited (a down Redis must not take the checkout
 * with it). Outages and recoveries are logged once each, never per request, never with the password.
 */
async function connectRedis(url: string, log: FastifyBaseLogger): Promise<{ client: Redis; close(): Promise<void> }> {
  const redis = redactRedisUrl(url);
  let password = '';
  try {
    password = decodeURIComponent(new URL(url).password);
  } catch {
    // config.ts validated the scheme only; ioredis reports an unusable URL itself
  }
  const clean = (text: string) => (password ? text.split(password).join('***') : text);
  const client = new Redis(url, {
    connectionName: 'checkout-kit-rate-limit',
    connectTimeout: REDIS_CONNECT_TIMEOUT_MS,
    commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    // Keep trying for as long as the proxy runs: counters are shared again as soon as it is back.
    retryStrategy: (attempt) => Math.min(attempt * 250, 5_000),
  });
  let state: 'connecting' | 'up' | 'down' | 'closing' = 'connecting';
  const wentDown = (error?: NodeJS.ErrnoException) => {
    if (state === 'down' || state === 'closing') return;
    state = 'down';
    log.warn(
      { redis, ...(error ? { error: { code: error.code, message: clean(error.message) } } : {}) },
      'Redis for rate limits is unreachable: requests are served without rate limits until it is back',
    );
  };
  client.on('ready', () => {
    if (state === 'closing') return;
    if (state === 'down') log.info({ redis }, 'Redis for rate limits is reachable again: rate-limit counters are shared again');
    else log.info({ redis }, 'rate-limit counters are kept in Redis, shared by every proxy using it');
    state = 'up';
  });
  client.on('error', (error: NodeJS.ErrnoException) => wentDown(error));
  // A dropped connection is an outage even when the first reconnect succeeds (requests in between ran unlimited).
  client.on('close', () => wentDown());
  await new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      client.off('ready', done);
      client.off('error', done);
      resolve();
    };
    const timer = setTimeout(done, REDIS_CONNECT_TIMEOUT_MS + 250);
    client.once('ready', done);
    client.once('error', done);
  });
  return {
    client,
    close: async () => {
      state = 'closing';
      if (client.status === 'ready') await client.quit().catch(() => client.disconnect());
      else client.disconnect();
    },
  };
}

/** Routes a merchant page calls cross-origin; everything else (kit, demo pages, webhooks) is not CORS-guarded. */
export function isApiRoute(url: string): boolean {
  return /^\/(api\/|create-payment-sessions|create-hosted-payment|card-metadata|tokenize-card)/.test(url);
}

/**
 * Whether a request is an API call, decided on the route the router matched — never on the
 * URL's spelling, since `/%61pi/catalog` is routed to `/api/catalog`. A request that matched
 * none of our routes, or only a static-file wildcard, is judged on its path read the lenient
 * way (decoded, slashes collapsed, any case): `/API/catalog` or `//api/catalog` from a foreign
 * origin is refused too, rather than left to whatever answers it.
 */
export function isApiRequest(request: FastifyRequest): boolean {
  const route = request.routeOptions.url;
  if (route && !route.endsWith('*')) return isApiRoute(route);
  let path = request.url.split('?')[0] ?? '';
  try {
    for (let i = 0; i < 3 && /%[0-9a-f]{2}/i.test(path); i++) path = decodeURIComponent(path);
  } catch {
    // malformed escapes: judge the text as it is
  }
  return isApiRoute(path.replace(/[\\/]+/g, '/').toLowerCase());
}

// DELETE: the seat map releases a hold (DELETE /api/seat-holds/:id) from the merchant's page.
const CORS_METHODS = ['GET', 'POST', 'DELETE'];
const CORS_HEADERS = ['content-type', 'idempotency-key', 'x-csrf-token', 'x-ck-order-token'];

/**
 * The headers helmet sets with `options`, worked out once at start: @fastify/helmet builds a new
 * helmet middleware on every request (parsing the CSP directives each time), which was a twentieth
 * of the proxy's CPU under BIN-lookup load. Helmet stays the one source of these headers: a private
 * instance with the plugin answers one request, and every header it added is kept.
 */
async function helmetHeaders(options: Parameters<typeof helmet>[1]): Promise<Array<[string, string | string[]]>> {
  const answer = async (withHelmet: boolean) => {
    const probe = Fastify({ logger: false });
    if (withHelmet) await probe.register(helmet, options);
    probe.get('/', async () => 'ok');
    const res = await probe.inject('/');
    await probe.close();
    return res.headers;
  };
  const [plain, helmeted] = await Promise.all([answer(false), answer(true)]);
  return Object.entries(helmeted)
    .filter(([name, value]) => value !== undefined && plain[name] === undefined)
    .map(([name, value]) => [name, Array.isArray(value) ? value : String(value)]);
}

const sameOrigin = (request: FastifyRequest, origin: string) => origin === `${request.protocol}://${request.host}`;

/**
 * CORS allowlist, security headers with a CSP that the kit and demo pages run under (no
 * inline script), and rate limits by tier. A browser on a disallowed origin gets, on API
 * routes, a 403 in our error shape that it is allowed to read, so a misconfigured embed fails
 * loudly in the element instead of as an opaque network error.
 */
export default fp<SecurityOptions>(
  async function securityPlugin(app, opts) {
    const allowed = new Set(opts.allowedOrigins);
    const tiers = { ...DEFAULT_RATE_LIMITS, ...opts.rateLimits };
    app.decorate('rateTiers', tiers);

    app.addHook('onRequest', async (request, reply) => {
      const origin = request.headers.origin;
      if (!origin || !isApiRequest(request)) return;
      if (allowed.has(origin) || sameOrigin(request, origin)) return;
      // The refusal itself is readable by the refused origin: without CORS headers the browser
      // hides our 403 and the element could only say "network error". This leaks nothing — every
      // real request from that origin is still refused right here, before any route runs, and
      // the only body it can ever read is this fixed message. Allow-Credentials is needed because
      // the kit's fetch sends `credentials: 'include'` (the browser otherwise hides the body too).
      const refusal = { 'access-control-allow-origin': origin, 'access-control-allow-credentials': 'true', vary: 'Origin' };
      if (request.method === 'OPTIONS') {
        return reply
          .code(204)
          .headers({ ...refusal, 'access-control-allow-methods': CORS_METHODS.join(', '), 'access-control-allow-headers': CORS_HEADERS.join(', '), 'access-control-max-age': '600' })
          .send();
      }
      request.log.warn({ origin }, 'API call from an origin that is not allowed');
      throw new HttpError(403, 'origin_not_allowed', `The origin ${origin} is not allowed to use this checkout API. The shop must add it to ALLOWED_ORIGINS.`, undefined, refusal);
    });

    await app.register(cors, {
      // The kit's static files set their own wide-open CORS headers; this covers the API.
      origin: (origin, callback) => callback(null, !origin || allowed.has(origin)),
      methods: CORS_METHODS,
      allowedHeaders: CORS_HEADERS,
      exposedHeaders: ['retry-after'],
      credentials: true,
      maxAge: 600,
    });

    const pay = opts.paymentOrigins;
    const securityHeaders = await helmetHeaders({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          'default-src': ["'self'"],
          'script-src': ["'self'", ...pay],
          // Flow and the emulated Flow set inline style attributes on their own elements.
          'style-src': ["'self'", "'unsafe-inline'", ...pay],
          'img-src': ["'self'", 'data:', ...pay],
          'font-src': ["'self'", 'data:', ...pay],
          'connect-src': ["'self'", ...pay],
          'frame-src': ["'self'", ...pay],
          'form-action': ["'self'", ...pay],
          'frame-ancestors': ["'self'"],
          'base-uri': ["'self'"],
          'object-src': ["'none'"],
        },
      },
      // The kit is loaded cross-origin by merchant pages; static.ts sets CORP cross-origin on it.
      crossOriginResourcePolicy: { policy: 'same-site' },
      crossOriginEmbedderPolicy: false,
    });
    app.addHook('onRequest', (_request, reply, done) => {
      for (const [name, value] of securityHeaders) reply.raw.setHeader(name, value);
      done();
    });

    const shared = opts.redisUrl ? await connectRedis(opts.redisUrl, app.log) : undefined;
    if (shared) app.addHook('onClose', shared.close);
    const redis = shared?.client;
    app.decorate<RateLimitStore>('rateLimitStore', {
      kind: redis ? 'redis' : 'memory',
      check: async () => {
        if (!redis) return { ok: true, detail: 'in-process counters' };
        const down = { ok: false, detail: 'Redis unreachable: requests are served without rate limits' };
        if (redis.status !== 'ready') return down;
        return redis.ping().then(() => ({ ok: true, detail: 'shared counters in Redis' }), () => down);
      },
    });

    await app.register(rateLimit, {
      global: true,
      // Shared counters when REDIS_URL is set; otherwise @fastify/rate-limit's in-process LRU.
      ...(redis ? { redis, nameSpace: RATE_LIMIT_NAMESPACE, skipOnError: true } : {}),
      max: tiers.general.max,
      timeWindow: tiers.general.timeWindow,
      // One client per IPv4 address or IPv6 /64 (server/privacy.ts).
      keyGenerator: (request) => clientNetwork(request.ip),
      addHeadersOnExceeding: { 'x-ratelimit-limit': false, 'x-ratelimit-remaining': false, 'x-ratelimit-reset': false },
      addHeaders: { 'x-ratelimit-limit': true, 'x-ratelimit-remaining': true, 'x-ratelimit-reset': true, 'retry-after': true },
      errorResponseBuilder: (_request, context) =>
        new HttpError(429, 'rate_limited', `Too many requests. Retry in ${Math.ceil(context.ttl / 1000)} s.`, undefined, { 'retry-after': String(Math.ceil(context.ttl / 1000)) }),
    });
  },
  { name: 'ck-security' },
);

/** Checkout.com's hosts a page needs for Flow (docs/checkout-api-facts.md §0.1). */
export const CHECKOUT_ORIGINS = ['https://checkout-web-components.checkout.com', 'https://*.checkout.com'];
