import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { HttpError } from '../errors';

export interface RateTier {
  max: number;
  timeWindow: number;
}

export interface SecurityOptions {
  allowedOrigins: string[];
  /** Origins of Checkout.com (or the emulator) the pages load Flow from. */
  paymentOrigins: string[];
  rateLimits?: Partial<Record<'payments' | 'auth' | 'general', RateTier>>;
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
  }
}

/** Routes a merchant page calls cross-origin; everything else (kit, demo pages, webhooks) is not CORS-guarded. */
export function isApiRoute(url: string): boolean {
  return /^\/(api\/|create-payment-sessions|create-hosted-payment|card-metadata|tokenize-card)/.test(url);
}

const CORS_METHODS = ['GET', 'POST'];
const CORS_HEADERS = ['content-type', 'idempotency-key', 'x-csrf-token', 'x-ck-holder'];

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
      if (!origin || !isApiRoute(request.url)) return;
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
    await app.register(helmet, {
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

    await app.register(rateLimit, {
      global: true,
      max: tiers.general.max,
      timeWindow: tiers.general.timeWindow,
      keyGenerator: (request) => request.ip,
      addHeadersOnExceeding: { 'x-ratelimit-limit': false, 'x-ratelimit-remaining': false, 'x-ratelimit-reset': false },
      addHeaders: { 'x-ratelimit-limit': true, 'x-ratelimit-remaining': true, 'x-ratelimit-reset': true, 'retry-after': true },
      errorResponseBuilder: (_request, context) =>
        new HttpError(429, 'rate_limited', `Too many requests. Retry in ${Math.ceil(context.ttl / 1000)} s.`, undefined, { 'retry-after': String(Math.ceil(context.ttl / 1000)) }),
    });
  },
  { name: 'ck-security' },
);

/** Checkout.com's hosts a page needs for Flow (CHECKOUT-API-FACTS §0.1). */
export const CHECKOUT_ORIGINS = ['https://checkout-web-components.checkout.com', 'https://*.checkout.com'];
