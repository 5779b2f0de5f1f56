import fp from 'fastify-plugin';
import { Registry } from '../metrics';

declare module 'fastify' {
  interface FastifyInstance {
    metrics: Registry;
  }
}

/** Request count and latency by route pattern (never the raw URL: ids would explode cardinality). */
export default fp(
  async function metricsPlugin(app) {
    const registry = new Registry();
    app.decorate('metrics', registry);
    app.addHook('onResponse', async (request, reply) => {
      const route = request.routeOptions.url ?? (reply.statusCode === 404 ? 'unmatched' : 'static');
      const labels = { method: request.method, route, status: String(reply.statusCode) };
      registry.httpRequests.inc(labels);
      registry.httpDuration.observe(labels, reply.elapsedTime / 1000);
    });
  },
  { name: 'ck-metrics' },
);
