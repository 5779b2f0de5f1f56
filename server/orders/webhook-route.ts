/**
 * POST /webhooks/checkout: Checkout.com's event notifications. Thin: the signature is checked on
 * the raw bytes (re-serialising JSON can change them), the body is parsed, and the event is
 * applied by the orders service (./webhooks.ts `applyWebhookEvent`).
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { errorResponseSchema } from '../../contract/api';
import type { Config } from '../config';
import { HttpError } from '../errors';
import { applyWebhookEvent, eventSchema, verifySignature, type WebhookEvent } from './webhooks';

const routes: FastifyPluginAsync<{ config: Config }> = async (app, { config }) => {
  // buildApp's effective config already holds the emulator's secret in emulator mode.
  const secret = config.checkout.webhookSecret;

  // Raw bytes for the HMAC; this parser is scoped to this plugin only.
  app.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: 256 * 1024 }, (_request, body, done) => done(null, body));

  /** Whether the raw body carries Checkout.com's signature (the one check, for the rate limit and the route). */
  const signed = (request: FastifyRequest) => Boolean(secret) && Buffer.isBuffer(request.body) && verifySignature(request.body, request.headers['cko-signature'] as string | undefined, secret!);
  // Checkout.com sends a busy sale's events (a few per payment) from a handful of addresses: the
  // per-address budget, meant for browsers, would refuse them 429 and delay every order behind
  // them. So the limit runs once the body is read, and a signed event is never counted: only
  // what does not verify is limited (a forged flood gets 429 before any further work).
  const rateLimit = app.hasDecorator('rateTiers') ? { config: { rateLimit: { ...app.rateTiers.general, hook: 'preHandler' as const, allowList: signed } } } : {};

  const response = { 200: z.strictObject({ received: z.literal(true), outcome: z.string() }), 400: errorResponseSchema, 401: errorResponseSchema, 429: errorResponseSchema, 503: errorResponseSchema };
  app.post('/webhooks/checkout', { ...rateLimit, bodyLimit: 256 * 1024, schema: { response } }, async (request, reply) => {
    const metrics = app.metrics.webhooks;
    if (!secret) {
      request.log.error('CKO_WEBHOOK_SECRET is not set: webhooks cannot be verified and are refused');
      metrics.inc({ outcome: 'not_configured' });
      throw new HttpError(503, 'webhooks_not_configured', 'Webhook verification is not configured.');
    }
    const raw = request.body as Buffer;
    if (!signed(request)) {
      request.log.warn({ ip: request.ip }, 'webhook with a missing or wrong Cko-Signature refused');
      metrics.inc({ outcome: 'bad_signature' });
      throw new HttpError(401, 'invalid_signature', 'The Cko-Signature header does not match the body.');
    }
    let event: WebhookEvent;
    try {
      event = eventSchema.parse(JSON.parse(raw.toString('utf8')));
    } catch {
      metrics.inc({ outcome: 'invalid' });
      throw new HttpError(400, 'invalid_event', 'The webhook body is not a Checkout.com event.');
    }
    const outcome = await applyWebhookEvent({ app, config }, event, request.log);
    metrics.inc({ outcome });
    // 200 for everything verified, even when not applied: a retry would not change the answer.
    return reply.code(200).send({ received: true, outcome });
  });
};

export default routes;
