/**
 * The auth feature: `app.auth` (./service.ts: users, server-side sessions, login throttle, CSRF)
 * and its routes, encapsulated (./routes.ts: /api/auth/login|logout|me).
 */
import fp from 'fastify-plugin';
import routes from './routes';
import service, { type AuthOptions } from './service';

export type { AuthenticatedSession, AuthOptions, SessionUser, UserSource } from './service';
export { cookieSettings } from './service';

export default fp<AuthOptions>(
  async function authPlugin(app, opts) {
    await app.register(service, opts);
    await app.register(routes);
  },
  { name: 'ck-auth' },
);
