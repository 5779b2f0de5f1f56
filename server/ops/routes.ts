/**
 * Liveness (/healthz), readiness (/readyz: storage + upstream, and the rate-limit Redis when
 * REDIS_URL is set) and Prometheus metrics (/metrics). A down Redis is reported but does not make the proxy
 * unready: requests are then served without rate limits (skipOnError), not refused.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

const check = z.strictObject({ ok: z.boolean(), detail: z.string().optional() });

/**
 * One upstream probe answers readiness for a short while: load balancers poll every few
 * seconds from every node, and each probe is a request to Checkout.com. A failure is kept for
 * less, so a recovery shows quickly, and no success is believed for longer than PROBE_OK_MS.
 */
export const PROBE_OK_MS = 5_000;
export const PROBE_FAILED_MS = 1_000;

export interface ReadinessOptions {
  /** The probe cache's clock (tests). */
  now?: () => number;
}

const routes: FastifyPluginAsyncZod<ReadinessOptions> = async (app, opts) => {
  const now = opts.now ?? Date.now;
  let probe: { result: Promise<boolean>; until: number } | undefined;
  const upstreamReachable = (): Promise<boolean> => {
    if (probe && probe.until > now()) return probe.result;
    // Until it settles, concurrent readiness checks share this probe.
    const current: { result: Promise<boolean>; until: number } = { result: app.checkout.reachable(), until: Number.POSITIVE_INFINITY };
    probe = current;
    void current.result.then((ok) => (current.until = now() + (ok ? PROBE_OK_MS : PROBE_FAILED_MS)));
    return current.result;
  };

  app.get(
    '/healthz',
    { schema: { response: { 200: z.object({ status: z.literal('ok'), uptime: z.number() }) } } },
    async () => ({ status: 'ok' as const, uptime: Math.round(process.uptime()) }),
  );

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
        upstreamReachable().then((ok) => ({ ok, detail: ok ? `circuit ${app.checkout.breaker.state}` : 'upstream unreachable' })),
        app.rateLimitStore.kind === 'redis' ? app.rateLimitStore.check() : undefined,
      ]);
      // A proxy shutting down says so first, so the load balancer stops sending before it closes.
      const shutdown = app.lifecycle.draining ? { ok: false, detail: 'shutting down: draining' } : undefined;
      const ok = storage.ok && upstream.ok && !shutdown;
      return reply.code(ok ? 200 : 503).send({ status: ok ? ('ready' as const) : ('not_ready' as const), checks: { storage, upstream, ...(redis ? { redis } : {}), ...(shutdown ? { shutdown } : {}) } });
    },
  );

  app.get('/metrics', { config: { rateLimit: false } }, async (_request, reply) =>
    reply.header('content-type', app.metrics.contentType).send(await app.metrics.render()),
  );
};

export default routes;
