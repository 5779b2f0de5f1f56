import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

const routes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/healthz',
    { schema: { response: { 200: z.object({ status: z.literal('ok'), uptime: z.number() }) } } },
    async () => ({ status: 'ok' as const, uptime: Math.round(process.uptime()) }),
  );
};

export default routes;
