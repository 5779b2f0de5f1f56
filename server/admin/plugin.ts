/**
 * The staff console: its API under /api/admin/ (./routes.ts, ./reconciliation-routes.ts), every
 * route behind the one guard (./guard.ts: own origin, session + CSRF, the role's rights from
 * ./rights.ts). The console's page is served at /admin/ by the static plugin.
 */
import { readFileSync } from 'node:fs';
import fp from 'fastify-plugin';
import type { FastifyRequest } from 'fastify';
import type { Config } from '../config';
import { intervalSweeper } from '../plugins/sweeper';
import { HttpError } from '../errors';
import { clientNetwork } from '../privacy';
import { AnalyticsStore } from './analytics';
import { SecurityAudit } from './audit';
import { adminGuard } from './guard';
import { Reconciler } from './reconciliation';
import { reconciliationRoutes } from './reconciliation-routes';
import { analyticsRoutes, auditRoutes, orderRoutes } from './routes';

export interface AdminOptions {
  config: Pick<Config, 'publicBaseUrl' | 'reconciliationHour' | 'session'>;
  /** How often the proxy checks whether yesterday's reconciliation is due (ms, default 10 min; 0: tests run it by hand), and its clock. */
  reconciliationEvery?: number;
  now?: () => Date;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Reconciliation of the orders with Checkout.com (./reconciliation.ts). */
    reconciler: Reconciler;
    /** The security and staff audit log (./audit.ts). */
    securityAudit: SecurityAudit;
  }
}

/** The shop's checkout routes whose quotes, orders and coupons the audit log records. */
const CHECKOUT_ROUTES = new Set(['/api/orders/quote', '/create-payment-sessions', '/create-hosted-payment']);

const PAGE = readFileSync(new URL('./console.html', import.meta.url), 'utf8');

/** The page's language: the first language the browser asks for, if it is a well-formed tag (the elements pick their strings from it). */
function pageLanguage(request: FastifyRequest): string {
  const first = String(request.headers['accept-language'] ?? '').split(',')[0]?.split(';')[0]?.trim() ?? '';
  return /^[a-z]{2,3}(-[a-z0-9]{2,8}){0,3}$/i.test(first) ? first : 'en';
}

export default fp<AdminOptions>(
  async function adminPlugin(app, opts) {
    // The console's page: public (it holds no data; every call it makes is guarded), never cached.
    app.get('/admin', async (_request, reply) => reply.redirect('/admin/', 301));
    app.get('/admin/', async (request, reply) =>
      reply.header('cache-control', 'no-store').header('vary', 'Accept-Language').type('text/html; charset=utf-8').send(PAGE.replace('{{lang}}', pageLanguage(request))),
    );

    const now = opts.now ?? (() => new Date());
    const reconciler = new Reconciler(app.db, app.checkout, app.metrics, app.log.child({ feature: 'reconciliation' }));
    app.decorate('reconciler', reconciler);
    // Daily, once the configured UTC hour has passed: yesterday, claimed by one proxy (the others find it done).
    const hour = opts.config.reconciliationHour;
    intervalSweeper(app, {
      name: 'reconciliation',
      every: hour === undefined ? 0 : (opts.reconciliationEvery ?? 600_000),
      runAtStart: true,
      sweep: async () => {
        if (hour === undefined || now().getUTCHours() < hour) return;
        await reconciler.run(Reconciler.yesterday(now()), 'schedule');
      },
    });

    // The security and staff audit log: logins, refusals, rate limiting (sampled), staff actions.
    const audit = new SecurityAudit(app.db, opts.config.session.secret, app.log.child({ feature: 'audit' }));
    app.decorate('securityAudit', audit);
    app.addHook('onClose', async () => audit.flush());
    /** The logged-in shopper's username, or null for a guest (the session is read once per request and cached). */
    const shopperOf = async (request: FastifyRequest): Promise<string | null> => {
      try {
        return (await app.auth.session(request))?.username ?? null;
      } catch {
        return null;
      }
    };
    const REFUSALS: Record<string, string> = { origin_not_allowed: 'origin_refused', csrf_token_invalid: 'csrf_refused', staff_only: 'staff_only_refused', not_allowed: 'staff_not_allowed' };
    // A flood of refusals must not become a flood of writes: one entry per kind, address (an IPv6 /64) and route a minute.
    const recent = new Map<string, number>();
    const sampled = (request: FastifyRequest, type: string): boolean => {
      const key = `${type}\n${clientNetwork(request.ip)}\n${request.method} ${request.routeOptions.url ?? ''}`;
      const now = Date.now();
      if ((recent.get(key) ?? 0) > now) return false;
      if (recent.size > 10_000) recent.clear();
      recent.set(key, now + 60_000);
      return true;
    };
    app.addHook('onError', async (request, _reply, error) => {
      if (!(error instanceof HttpError)) return;
      const type = REFUSALS[error.code];
      if (type && sampled(request, type)) await audit.record(request, type, null, { code: error.code, origin: request.headers.origin ?? null });
      // A coupon refused at a quote or an order: sampled like the refusals (guessing codes is one entry a minute).
      if (error.code.startsWith('coupon_') && CHECKOUT_ROUTES.has(request.routeOptions.url ?? '') && sampled(request, 'coupon_refused')) {
        const coupon = (request.body as { coupon?: unknown } | undefined)?.coupon;
        audit.queue(request, 'coupon_refused', await shopperOf(request), { code: error.code, coupon: typeof coupon === 'string' ? coupon.trim().slice(0, 32) : null });
      }
    });
    // What the shopper did, from the proxy's own answer: a quote priced, an order made (not a replay), a coupon it applied.
    // Read from the answer as the route returned it, before it is serialized (no second JSON.parse of our own JSON).
    app.addHook('preSerialization', async (request, reply, payload: unknown) => {
      const route = request.routeOptions.url ?? '';
      if (!CHECKOUT_ROUTES.has(route) || reply.statusCode >= 300 || typeof payload !== 'object' || payload === null || reply.getHeader('idempotent-replayed')) return payload;
      const order = (payload as { order?: { id?: string; amount: number; currency: string; discount: number; coupon?: string } }).order;
      if (!order) return payload;
      const actor = await shopperOf(request);
      const priced = { amount: order.amount, currency: order.currency, coupon: order.coupon ?? null };
      if (route === '/api/orders/quote') {
        audit.queue(request, 'order_quoted', actor, priced);
      } else {
        audit.queue(request, 'session_created', actor, { orderId: order.id, channel: route === '/create-hosted-payment' ? 'hpp' : 'flow', ...priced });
        if (order.coupon && order.discount > 0) audit.queue(request, 'coupon_applied', actor, { orderId: order.id, coupon: order.coupon, discount: order.discount, currency: order.currency });
      }
      return payload;
    });
    app.addHook('onResponse', async (request, reply) => {
      if (request.routeOptions.url === '/api/auth/login') {
        const type = reply.statusCode === 200 ? 'login_succeeded' : reply.statusCode === 401 ? 'login_failed' : reply.statusCode === 429 ? 'login_throttled' : undefined;
        const username = (request.body as { username?: unknown } | undefined)?.username;
        // Failures are few (the login throttle answers 429 past them); throttled tries are sampled.
        if (type && (type !== 'login_throttled' || sampled(request, type))) await audit.record(request, type, typeof username === 'string' ? username.normalize('NFKC').trim().toLowerCase() : null);
        return;
      }
      if (reply.statusCode === 429 && sampled(request, 'rate_limited')) await audit.record(request, 'rate_limited', null);
    });

    // The funnel's first step: a quote priced (the orders feature stores none).
    const analytics = new AnalyticsStore(app.db);
    app.addHook('onResponse', async (request, reply) => {
      if (request.routeOptions.url === '/api/orders/quote' && reply.statusCode === 200) {
        await analytics.countQuote().catch((error: unknown) => request.log.warn({ err: error }, 'quote not counted'));
      }
    });

    // One encapsulated context: the guard is a hook of every route registered inside it, and of no other.
    await app.register(async (console) => {
      console.addHook('onRequest', async (_request, reply) => {
        void reply.header('cache-control', 'no-store');
      });
      console.addHook('onRequest', adminGuard(opts.config, (request) => app.auth.session(request)));
      await console.register(orderRoutes);
      await console.register(reconciliationRoutes(reconciler, now));
      await console.register(analyticsRoutes(analytics, now));
      await console.register(auditRoutes(audit));
    });
  },
  { name: 'ck-admin', dependencies: ['ck-auth-sessions', 'ck-orders', 'ck-upstream-actions', 'ck-checkout', 'ck-metrics', 'ck-outbox', 'ck-mail', 'ck-receipts'] },
);
