import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fp from 'fastify-plugin';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { errorResponseSchema } from '../../contract/api';

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route as registered (method, URL, hidden from the document or not): what the OpenAPI test checks the document against. */
    registeredRoutes: Array<{ method: string; url: string; hidden: boolean }>;
  }
}

export interface OpenApiOptions {
  /** Serve the reader at /docs (and the document at /docs/json). Off in production. */
  ui: boolean;
}

/** The document's fixed head; the paths come from the routes' zod schemas. */
export const OPENAPI_INFO = {
  title: 'checkout-kit proxy',
  version: '1',
  description:
    'The Fastify proxy behind the checkout-kit elements: catalog, pricing, orders and Checkout.com payment sessions, seat holds, login, webhooks and operations. Generated from the routes\' zod schemas (npm run openapi); every error answers `{ error: { code, message, fields } }`.',
};

/** Routes that answer text, not JSON (no zod schema: the serializer is not theirs): their 200 in the document only. */
const TEXT_RESPONSES: Record<string, Record<string, unknown>> = {
  '/metrics': { 200: { description: 'Prometheus text exposition format 0.0.4.', content: { 'text/plain': { schema: { type: 'string' } } } } },
  '/api/events/:id/seats/stream': {
    200: { description: 'Server-sent events: `seats` with the changed seats on every hold, release or sale.', content: { 'text/event-stream': { schema: { type: 'string' } } } },
  },
};

/**
 * OpenAPI 3.1 for every route, generated from the zod schemas the routes validate with
 * (`app.swagger()`, committed as openapi.json by scripts/openapi.ts), and outside production
 * a reader at /docs. Registered before the routes: @fastify/swagger collects them as they are added.
 * The reader's page loads only its own scripts and styles from /docs, which the CSP
 * (plugins/security.ts, script-src 'self') allows; its online validator badge is off
 * (it would load an image from validator.swagger.io).
 */
export default fp<OpenApiOptions>(
  async function openApiPlugin(app, opts) {
    const registered: Array<{ method: string; url: string; hidden: boolean }> = [];
    app.decorate('registeredRoutes', registered);
    app.addHook('onRoute', (route) => {
      const hidden = Boolean((route.schema as { hide?: boolean } | undefined)?.hide);
      for (const method of [route.method].flat()) registered.push({ method, url: route.url, hidden });
    });
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: OPENAPI_INFO,
        tags: [],
      },
      // Any route can answer an error (a bad URL, a rate limit, a fault): each operation lists the
      // error shape as its `default` response next to the statuses its schema names.
      transform: (input) => {
        const out = jsonSchemaTransform({ ...input, schema: { ...input.schema, response: { default: errorResponseSchema, ...(input.schema?.response as object | undefined) } } });
        const text = TEXT_RESPONSES[input.url];
        return text ? { ...out, schema: { ...out.schema, response: { ...(out.schema.response as object), ...text } } } : out;
      },
      transformObject: jsonSchemaTransformObject,
    });
    if (opts.ui) {
      await app.register(swaggerUi, {
        routePrefix: '/docs',
        uiConfig: { validatorUrl: null, deepLinking: true },
      });
    }
  },
  { name: 'ck-openapi' },
);
