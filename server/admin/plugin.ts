/**
 * The staff console: its API under /api/admin/ (./routes.ts, ./reconciliation-routes.ts), every
 * route behind the one guard (./guard.ts: own origin, session + CSRF, the role's rights from
 * ./rights.ts). The console's page is served at /admin/ by the static plugin.
 */
import fp from 'fastify-plugin';
import type { Config } from '../config';
import { adminGuard } from './guard';
import { orderRoutes } from './routes';

export interface AdminOptions {
  config: Pick<Config, 'publicBaseUrl'>;
}

export default fp<AdminOptions>(
  async function adminPlugin(app, opts) {
    // One encapsulated context: the guard is a hook of every route registered inside it, and of no other.
    await app.register(async (console) => {
      console.addHook('onRequest', async (_request, reply) => {
        void reply.header('cache-control', 'no-store');
      });
      console.addHook('onRequest', adminGuard(opts.config, (request) => app.auth.session(request)));
      await console.register(orderRoutes);
    });
  },
  { name: 'ck-admin', dependencies: ['ck-auth-sessions', 'ck-orders', 'ck-upstream-actions'] },
);
