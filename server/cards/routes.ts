/** BIN lookups (with presale eligibility) and the sandbox-only tokenization seed endpoint. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { toHttpError, UpstreamFailure } from '../checkout/client';
import type { Config } from '../config';
import { HttpError } from '../errors';
import { cardMetadata } from './metadata';
import { cardMetadataRequestSchema, cardMetadataResponseSchema, errorResponseSchema } from '../../contract/api';

export const tokenizeRequestSchema = z.strictObject({
  number: z.string().regex(/^\d{12,19}$/, 'must be 12–19 digits'),
  expiryMonth: z.number().int().min(1).max(12),
  expiryYear: z.number().int().min(2000).max(2100),
  cvv: z.string().regex(/^\d{3,4}$/).optional(),
  name: z.string().max(100).optional(),
});

export const tokenizeResponseSchema = z.strictObject({
  token: z.string(),
  expiresOn: z.string().optional(),
  scheme: z.string().optional(),
  last4: z.string().optional(),
  bin: z.string().optional(),
});

const errors = { 400: errorResponseSchema, 403: errorResponseSchema, 404: errorResponseSchema, 429: errorResponseSchema, 502: errorResponseSchema, 503: errorResponseSchema, 504: errorResponseSchema };

const routes: FastifyPluginAsyncZod<{ config: Config }> = async (app, { config }) => {
  // A full card number must never be parsed into a log line or an error message: the body
  // is checked for a PAN-sized digit run before zod, with a message that does not echo it.
  app.addHook('preValidation', async (request) => {
    if (request.routeOptions.url !== '/card-metadata') return;
    const number = (request.body as { number?: unknown } | undefined)?.number;
    const digits = typeof number === 'string' ? number.replace(/[\s-]/g, '') : typeof number === 'number' ? String(number) : '';
    if (/^\d{9,}$/.test(digits)) {
      throw new HttpError(400, 'full_card_number_refused', 'Send only the first 6–8 digits of the card (the BIN). A full card number is never accepted here.', [
        { path: 'number', message: 'must be the first 6–8 digits only' },
      ]);
    }
  });

  app.post(
    '/card-metadata',
    { bodyLimit: 1024, config: { rateLimit: app.rateTiers.payments }, schema: { body: cardMetadataRequestSchema, response: { 200: cardMetadataResponseSchema, ...errors } } },
    async (request) => cardMetadata(app, request.body.number, request.body.eventId),
  );

  app.post(
    '/tokenize-card',
    { bodyLimit: 1024, config: { rateLimit: app.rateTiers.payments }, schema: { body: tokenizeRequestSchema, response: { 201: tokenizeResponseSchema, ...errors } } },
    async (request, reply) => {
      // Card data must only ever be typed into Flow in production; this seed endpoint exists
      // for sandbox test cards and is refused outright against the live environment.
      if (config.checkout.environment === 'production' || !app.checkout.environmentIsSandbox) {
        throw new HttpError(403, 'sandbox_only', 'Card tokenization through the proxy is available only against a sandbox. In production cards are entered in Flow.');
      }
      const b = request.body;
      try {
        const t = await app.checkout.tokenize({ number: b.number, expiry_month: b.expiryMonth, expiry_year: b.expiryYear, ...(b.cvv ? { cvv: b.cvv } : {}), ...(b.name ? { name: b.name } : {}) });
        return reply.code(201).send({ token: t.token, ...(t.expires_on ? { expiresOn: t.expires_on } : {}), ...(t.scheme ? { scheme: t.scheme } : {}), ...(t.last4 ? { last4: t.last4 } : {}), ...(t.bin ? { bin: t.bin } : {}) });
      } catch (error) {
        if (error instanceof UpstreamFailure) throw toHttpError(error, 'tokenize');
        throw error;
      }
    },
  );
};

export default routes;
