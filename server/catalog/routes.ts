/** Read-only shop data: checkout config, catalog, FX rates (the selling rates), venue layouts. */
import { gzipSync } from 'node:zlib';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { toWireLayout } from './venues';
import type { Config } from '../config';
import { HttpError } from '../errors';
import { pricingRates } from './fx';
import {
  catalogResponseSchema,
  checkoutConfigResponseSchema,
  errorResponseSchema,
  fxRatesResponseSchema,
  SUPPORTED_CURRENCIES,
  venueLayoutResponseSchema,
} from '../../contract/api';

const routes: FastifyPluginAsyncZod<{ config: Config }> = async (app, { config }) => {
  app.get(
    '/api/checkout-config',
    { schema: { response: { 200: checkoutConfigResponseSchema } } },
    async () => ({
      publicKey: config.checkout.publicKey!,
      environment: config.checkout.environment,
      ...(config.checkout.mode === 'emulator' ? { flowScriptUrl: `${config.checkout.apiUrl}/flow.js` } : {}),
      currencies: app.catalog.data.currencies,
      defaultCurrency: app.catalog.baseCurrency,
    }),
  );

  app.get('/api/catalog', { schema: { response: { 200: catalogResponseSchema } } }, async (_request, reply) => {
    // Sale phases and stock move: revalidated on every use (the proxy decides at payment either way).
    void reply.header('cache-control', 'no-cache');
    const available = app.hasDecorator('stock') ? await app.stock.available() : new Map<string, number>();
    return app.catalog.publicView(app.clock.now(), (reference) => available.get(reference));
  });

  // The shop's selling rates from its base currency: the market rate with the catalog's markup,
  // exactly the rate an order is priced at (pricingRates), so the price the kit shows on the
  // shelf is the price the proxy charges.
  app.get('/api/fx-rates', { schema: { response: { 200: fxRatesResponseSchema } } }, async () => {
    const table = await app.fx.current();
    const base = app.catalog.baseCurrency;
    const markup = app.catalog.data.fx.markupPercent;
    const known = (c: string) => c === table.base || table.rates[c] !== undefined;
    const rates = Object.fromEntries(
      SUPPORTED_CURRENCIES.filter((c) => known(c) && known(base)).map((c) => [c, c === base ? 1 : pricingRates(table, base, c, markup).rates[c]!]),
    );
    return { base, rates, date: table.date, source: table.source, fetchedAt: table.fetchedAt };
  });

  // 100,000 seats: validated and serialised once, gzipped once, then served from memory.
  const venues = new Map<string, { json: Buffer; gzip: Buffer; etag: string }>();
  app.get(
    '/api/events/:id/venue',
    { schema: { params: z.strictObject({ id: z.string().min(1).max(64) }), response: { 200: venueLayoutResponseSchema, 404: errorResponseSchema } } },
    async (request, reply) => {
      const event = app.catalog.events.get(request.params.id);
      if (!event) throw new HttpError(404, 'event_not_found', `No event "${request.params.id}".`);
      let cached = venues.get(event.id);
      if (!cached) {
        const wire = venueLayoutResponseSchema.parse(toWireLayout(app.catalog.venue(event.venueId)!, event));
        const json = Buffer.from(JSON.stringify(wire));
        cached = { json, gzip: gzipSync(json), etag: `"${event.id}-${json.length}"` };
        venues.set(event.id, cached);
      }
      // Pre-serialised bytes: Fastify skips the serializer for Buffers, so the typed reply is widened.
      const raw = reply as unknown as FastifyReply;
      void raw.header('content-type', 'application/json; charset=utf-8').header('cache-control', 'public, max-age=300').header('etag', cached.etag).header('vary', 'accept-encoding');
      if (request.headers['if-none-match'] === cached.etag) return raw.code(304).send();
      if (/\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''))) return raw.header('content-encoding', 'gzip').send(cached.gzip);
      return raw.send(cached.json);
    },
  );
};

export default routes;
