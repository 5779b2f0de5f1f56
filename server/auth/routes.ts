/**
 * `/api/auth/login|logout|me`: thin routes over `app.auth` (server/auth/service.ts).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponseSchema, loginRequestSchema, meResponseSchema, type MeResponse } from '../../contract/api';
import type { AuthenticatedSession } from './service';

export function meOf(session: AuthenticatedSession | null): MeResponse {
  if (!session) return { authenticated: false };
  return {
    authenticated: true,
    user: session.user,
    csrfToken: session.csrfToken,
    expiresAt: session.expiresAt.toISOString(),
  };
}

const routes: FastifyPluginAsyncZod = async (app) => {
  // Session answers are per user: never cached by the browser or anything between.
  app.addHook('onSend', async (_request, reply) => {
    void reply.header('cache-control', 'no-store');
  });

  // Per-IP request tier of the proxy on top of the per-account/IP failure throttle.
  const rateLimit = app.hasDecorator('rateTiers') ? { config: { rateLimit: app.rateTiers.auth } } : {};

  app.post(
    '/api/auth/login',
    {
      ...rateLimit,
      schema: {
        body: loginRequestSchema,
        response: { 200: meResponseSchema, 401: errorResponseSchema, 403: errorResponseSchema, 429: errorResponseSchema },
      },
    },
    async (request, reply) => meOf(await app.auth.login(request, reply, request.body.username, request.body.password)),
  );

  app.post(
    '/api/auth/logout',
    { ...rateLimit, schema: { response: { 204: z.null(), 403: errorResponseSchema, 429: errorResponseSchema } } },
    async (request, reply) => {
      await app.auth.logout(request, reply);
      return reply.code(204).send(null);
    },
  );

  app.get('/api/auth/me', { schema: { response: { 200: meResponseSchema } } }, async (request) =>
    meOf(await app.auth.session(request)),
  );
};

export default routes;
