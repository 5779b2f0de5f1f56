import type { FastifyInstance } from 'fastify';
import { requireKey } from '../auth';
import type { EmulatorContext } from '../context';
import { invalid, notFound } from '../errors';
import { newId, newPaymentSessionId, newPaymentSessionSecret } from '../ids';
import { paymentSessionSchema, parseBody, submitSchema } from '../schemas';
import { SESSION_ERROR_TYPE, submitPaymentSession } from '../sessions';
import { LIFETIMES_MS, type PaymentSessionRecord } from '../store';

/**
 * POST /payment-sessions and POST /payment-sessions/{id}/submit (Flow, secret key).
 *
 * The `payment_session_token` follows the observed format — `YmFzZTY0:` + base64(JSON) — and
 * carries what the emulated Flow needs (id, amount, currency, locale, secret), because the
 * official loader hands Flow the unmodified create response and nothing else.
 */

export const PAYMENT_SESSION_TOKEN_PREFIX = 'YmFzZTY0:';
const ENTITY_ID = newId('act').replace('act_', 'ent_');

export function paymentSessionRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  const idempotent = { preHandler: [requireKey('secret'), ctx.idempotency.preHandler], onSend: ctx.idempotency.onSend };

  app.post('/payment-sessions', idempotent, async (request, reply) => {
    const body = parseBody(paymentSessionSchema, request.body, SESSION_ERROR_TYPE);
    const base = ctx.baseUrl(request);
    const now = ctx.now();
    const id = newPaymentSessionId();
    const secret = newPaymentSessionSecret();
    const locale = body.locale ?? 'en-GB';
    const expiresAt = body.expires_on ? Date.parse(body.expires_on) : now + LIFETIMES_MS.paymentSession;
    if (expiresAt <= now) throw invalid(['expires_on_invalid'], SESSION_ERROR_TYPE);
    const tokenPayload = {
      id,
      entity_id: ENTITY_ID,
      experiments: {},
      ...(body.processing_channel_id ? { processing_channel_id: body.processing_channel_id } : {}),
      amount: body.amount,
      locale,
      currency: body.currency,
      payment_methods: [{ type: 'card', scheme_choice_enabled: false, store_payment_details: 'disabled' }],
      feature_flags: [],
      risk: { enabled: Boolean((body.risk as { enabled?: unknown } | undefined)?.enabled) },
      merchant_name: body.display_name ?? 'Checkout Kit Emulator',
      payment_session_secret: secret,
      payment_type: body.payment_type ?? 'Regular',
      integration_domain: new URL(base).host,
    };
    const responseBody = {
      id,
      payment_session_token: PAYMENT_SESSION_TOKEN_PREFIX + Buffer.from(JSON.stringify(tokenPayload)).toString('base64'),
      payment_session_secret: secret,
      _links: { self: { href: `${base}/payment-sessions/${id}` } },
    };
    const record: PaymentSessionRecord = {
      id,
      secret,
      request: body,
      amount: body.amount,
      currency: body.currency,
      locale,
      createdAt: now,
      expiresAt,
      apiBase: base,
      paymentIds: [],
      body: responseBody,
    };
    ctx.store.paymentSessions.set(id, record);
    return reply.code(201).send(responseBody);
  });

  app.post<{ Params: { id: string } }>('/payment-sessions/:id/submit', idempotent, async (request, reply) => {
    const session = ctx.store.paymentSessions.get(request.params.id);
    if (!session) throw notFound();
    // The submit endpoint rejects `locale` (Java SDK commit 362b153e).
    if (request.body && typeof request.body === 'object' && 'locale' in request.body) {
      throw invalid(['locale_invalid'], SESSION_ERROR_TYPE);
    }
    const body = parseBody(submitSchema, request.body, SESSION_ERROR_TYPE);
    await ctx.authorizationDelay();
    const result = submitPaymentSession(ctx, session, body);
    return reply.code(result.statusCode).send(result.body);
  });
}
