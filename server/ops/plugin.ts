/**
 * The ops feature: what operators run and watch. The retention purge (`app.retention`,
 * ./retention.ts) and the health, readiness and metrics routes, encapsulated (./routes.ts).
 */
import fp from 'fastify-plugin';
import type { Config } from '../config';
import retention from './retention';
import routes, { type ReadinessOptions } from './routes';

declare module 'fastify' {
  interface FastifyInstance {
    /** Set by the shutdown (server/shutdown.ts): while draining, /readyz answers 503 and everything else is still served. */
    lifecycle: { draining: boolean };
  }
}

export interface OpsOptions {
  retention: Config['retention'];
  /** How often records past their retention are purged (ms, default 1 h; 0: tests purge by hand). */
  retentionEvery?: number;
  readiness?: ReadinessOptions;
}

export default fp<OpsOptions>(
  async function opsPlugin(app, opts) {
    app.decorate('lifecycle', { draining: false });
    await app.register(retention, { retention: opts.retention, every: opts.retentionEvery });
    await app.register(routes, opts.readiness ?? {});
  },
  { name: 'ck-ops', dependencies: ['ck-storage', 'ck-checkout', 'ck-metrics', 'ck-security'] },
);
