/**
 * Insurance quotes' routes (encapsulated; the feature's plugin is ./plugin.ts).
 *
 *   POST /api/insurance/quotes       price an application on the server, store it, 201 with id + expiry
 *   GET  /api/insurance/quotes/:id   a stored quote (its owner only, when it was made logged in)
 *
 * A quote made in a journey that requires login (the page says so with `requireLogin`, or the
 * plan itself has `requiresLogin` in the catalog) needs the session — with its CSRF check —
 * and is bound to that user.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { systemClock, type Clock } from '../auth/db';
import { HttpError } from '../errors';
import { priceInsurance } from './pricing';
import type { StoredQuote } from './quotes';
import { errorResponseSchema, insuranceQuoteRequestSchema, insuranceQuoteResponseSchema, type InsuranceQuoteResponse } from '../../contract/api';

const errors = { 400: errorResponseSchema, 401: errorResponseSchema, 403: errorResponseSchema, 404: errorResponseSchema, 429: errorResponseSchema };

function publicQuote({ username: _username, ...quote }: StoredQuote): InsuranceQuoteResponse {
  return quote;
}

const routes: FastifyPluginAsyncZod<{ clock?: Clock }> = async (app, opts) => {
  const clock = opts.clock ?? systemClock;
  const quotes = app.insuranceQuotes;
  // A quote is an applicant's (their age; a logged-in one's own): never cached by the browser or
  // anything between, where it could be served to whoever asks for its id next.
  app.addHook('onSend', async (_request, reply) => {
    void reply.header('cache-control', 'no-store');
  });

  app.post(
    '/api/insurance/quotes',
    { schema: { body: insuranceQuoteRequestSchema, response: { 201: insuranceQuoteResponseSchema, ...errors } } },
    async (request, reply) => {
      const body = request.body;
      const plan = app.catalog.data.insurancePlans.find((p) => p.id === body.planId);
      const requiresLogin = body.requireLogin || plan?.requiresLogin === true;
      const session = requiresLogin ? await app.auth.requireSession(request) : null;
      const priced = priceInsurance(body, { catalog: app.catalog, fx: await app.fx.current(), now: clock() });
      const quote = await quotes.create(priced, body.applicant, { requiresLogin, username: session?.user.username ?? null });
      request.log.info({ event: 'insurance_quote', quoteId: quote.id, planId: quote.planId }, 'insurance quote created');
      return reply.code(201).send(publicQuote(quote));
    },
  );

  app.get(
    '/api/insurance/quotes/:id',
    {
      schema: {
        params: z.strictObject({ id: z.string().regex(/^iq_[\w-]{10,40}$/, 'must be an insurance quote id (iq_…)') }),
        response: { 200: insuranceQuoteResponseSchema, ...errors },
      },
    },
    async (request) => {
      const quote = await quotes.find(request.params.id);
      // Someone else's quote is "not found": its existence is nobody else's business.
      if (quote?.username) {
        const session = await app.auth.session(request);
        if (session?.user.username !== quote.username) throw notFound();
      }
      if (!quote) throw notFound();
      return publicQuote(quote);
    },
  );
};

const notFound = () => new HttpError(404, 'quote_not_found', 'No such insurance quote.');

export default routes;
