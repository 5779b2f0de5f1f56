/**
 * Readiness (storage + upstream, and the rate-limit Redis when REDIS_URL is set) and Prometheus
 * metrics. Liveness stays in health.ts. A down Redis is reported but does not make the proxy
 * unready: requests are then served without rate limits (skipOnError), not refused.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

const check = z.strictObject({ ok: z.boolean(), detail: z.string().optional() });

const routes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/readyz',
    {
      config: { rateLimit: false },
      schema: {
        response: {
          200: z.strictObject({ status: z.literal('ready'), checks: z.record(z.string(), check) }),
          503: z.strictObject({ status: z.literal('not_ready'), checks: z.record(z.string(), check) }),
        },
      },
    },
    async (_request, reply) => {
      const [storage, upstream, redis] = await Promise.all([
        app.orders.ping().then(() => ({ ok: true, detail: app.db.kind }), () => ({ ok: false, detail: 'storage query failed' })),
        app.checkout.reachable().then((ok) => ({ ok, detail: ok ? `circuit ${app.checkout.breaker.state}` : 'upstream unreachable' })),
        app.rateLimitStore.kind === 'redis' ? app.rateLimitStore.check() : undefined,
      ]);
      const ok = storage.ok && upstream.ok;
      return reply.code(ok ? 200 : 503).send({ status: ok ? ('ready' as const) : ('not_ready' as const), checks: { storage, upstream, ...(redis ? { redis } : {}) } });
    },
  );

  app.get('/metrics', { config: { rateLimit: false } }, async (_request, reply) =>
    reply.header('content-type', 'text/plain; version=0.0.4; charset=utf-8').send(app.metrics.render()),
  );
};

export default routes;
