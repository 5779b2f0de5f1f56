import type { FastifyInstance } from 'fastify';
import { requireKey } from '../auth';
import { validateCard } from '../cards';
import type { EmulatorContext } from '../context';
import { invalid, notFound } from '../errors';
import { parseBody, paymentSchema } from '../schemas';
import { consumeToken, obj } from '../sessions';
import type { CardData } from '../store';

/** POST /payments, GET /payments/{id} (pay_ or sid_), GET /payments/{id}/actions. */
export function paymentRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  app.post(
    '/payments',
    { preHandler: [requireKey('secret'), ctx.idempotency.preHandler], onSend: ctx.idempotency.onSend },
    async (request, reply) => {
      const body = parseBody(paymentSchema, request.body);
      let card: CardData;
      if (body.source.type === 'card') {
        const { type: _type, ...raw } = body.source;
        const problems = validateCard(raw, ctx.now());
        if (problems.length > 0) throw invalid(problems);
        card = raw as CardData;
      } else {
        const { card: tokenCard } = consumeToken(ctx, body.source.token);
        // Billing details sent with the token source override the token's.
        card = {
          ...tokenCard,
          ...(body.source.billing_address ? { billing_address: body.source.billing_address } : {}),
          ...(body.source.phone ? { phone: body.source.phone } : {}),
        };
      }
      const threeDs = obj(body['3ds']) ?? {};
      await ctx.authorizationDelay();
      const { response, httpStatus } = ctx.engine.create({
        card,
        amount: body.amount,
        currency: body.currency,
        paymentType: body.payment_type,
        reference: body.reference,
        description: body.description,
        customer: body.customer,
        shipping: body.shipping,
        billingDescriptor: body.billing_descriptor,
        metadata: body.metadata,
        items: body.items,
        processingChannelId: body.processing_channel_id,
        capture: body.capture !== false,
        // On the payments API 3DS runs only when asked for.
        threeDs: { run: threeDs.enabled === true, requested: threeDs },
        channel: {
          kind: 'api',
          ...(body.success_url ? { successUrl: body.success_url } : {}),
          ...(body.failure_url ? { failureUrl: body.failure_url } : {}),
        },
        apiBase: ctx.baseUrl(request),
      });
      return reply.code(httpStatus).send(response);
    },
  );

  app.get<{ Params: { id: string } }>('/payments/:id', { preHandler: requireKey('secret') }, async (request) => {
    if (!/^(pay|sid)_\w{26}$/.test(request.params.id)) throw notFound();
    const found = ctx.store.findPayment(request.params.id);
    if (!found) throw notFound();
    return ctx.engine.details(found.payment, found.viaSessionId);
  });

  app.get<{ Params: { id: string } }>('/payments/:id/actions', { preHandler: requireKey('secret') }, async (request) => {
    const found = ctx.store.findPayment(request.params.id);
    if (!found) throw notFound();
    return ctx.engine.actionsView(found.payment);
  });
}
