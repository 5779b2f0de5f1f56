import type { FastifyInstance } from 'fastify';
import { requireKey } from '../auth';
import { validateCard } from '../cards';
import type { EmulatorContext } from '../context';
import { CkoError, invalid, notFound } from '../errors';
import { captureSchema, parseBody, paymentSchema, refundSchema, voidSchema } from '../schemas';
import { consumeToken, obj } from '../sessions';
import type { CardData } from '../store';

/**
 * POST /payments, GET /payments/{id} (pay_ or sid_), GET /payments/{id}/actions, and the actions
 * on a payment: POST /payments/{id}/captures, /voids and /refunds.
 */
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

  /**
   * GET /payments?reference=…&limit=…&skip=… (CHECKOUT-API-FACTS-2.md §5.1): the payments whose
   * `reference` is the one asked for, latest processed first, each in GET /payments/{id}'s shape;
   * `{ limit, skip, total_count, data }`. `reference` is required, `limit` 1–100 (default 10:
   * UNCONFIRMED, as is the error code of a missing reference), `skip` 0 or more.
   */
  app.get<{ Querystring: Record<string, string | undefined> }>('/payments', { preHandler: requireKey('secret') }, async (request) => {
    const { reference, limit: rawLimit, skip: rawSkip } = request.query;
    if (!reference) throw invalid(['reference_required']);
    const limit = rawLimit === undefined ? 10 : Number(rawLimit);
    const skip = rawSkip === undefined ? 0 : Number(rawSkip);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw invalid(['limit_invalid']);
    if (!Number.isInteger(skip) || skip < 0) throw invalid(['skip_invalid']);
    const matching = [...ctx.store.payments.values()]
      .filter((p) => p.reference === reference)
      .sort((a, b) => (b.processedOn ?? b.requestedOn).localeCompare(a.processedOn ?? a.requestedOn));
    return { limit, skip, total_count: matching.length, data: matching.slice(skip, skip + limit).map((p) => ctx.engine.details(p, false)) };
  });

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

  // The body is optional (the SDK's `refund(id)`, `capture(id)` and `void(id)` send none, with a
  // JSON content type): an empty body means "all of it", so these routes parse JSON by themselves.
  void app.register(async (scoped) => {
    scoped.removeContentTypeParser('application/json');
    scoped.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
      const text = String(body).trim();
      if (text === '') return done(null, {});
      try {
        done(null, JSON.parse(text));
      } catch {
        done(Object.assign(new Error('malformed JSON'), { statusCode: 400 }), undefined);
      }
    });

    /**
     * Refunds captured money, in full or in part, with `Cko-Idempotency-Key` (a documented
     * idempotent endpoint). 403 for a payment with nothing captured to refund, 422
     * `amount_exceeds_balance` for more than captured minus refunded so far.
     */
    const payable = { preHandler: [requireKey('secret'), ctx.idempotency.preHandler], onSend: ctx.idempotency.onSend };
    const paymentOf = (id: string) => {
      if (!/^pay_\w{26}$/.test(id)) throw notFound();
      const payment = ctx.store.payments.get(id);
      if (!payment) throw notFound();
      return payment;
    };

    /**
     * Captures an authorised payment (one requested with `capture: false`), in full or in part,
     * with `Cko-Idempotency-Key`. 403 when nothing is authorised and uncaptured (pending,
     * declined, captured, voided, refunded, a card verification); 422
     * `capture_value_greater_than_authorized` (…`_remaining_authorized` after a NonFinal
     * capture) for more than is left.
     */
    scoped.post<{ Params: { id: string } }>('/payments/:id/captures', payable, async (request, reply) => {
      const payment = paymentOf(request.params.id);
      const body = parseBody(captureSchema, request.body);
      if (!ctx.engine.capturable(payment)) throw new CkoError(403, 'action_not_allowed', ['capture_not_allowed']);
      const available = ctx.engine.balances(payment).available_to_capture;
      const amount = body.amount ?? available;
      if (amount > available) {
        const partlyCaptured = ctx.engine.balances(payment).total_captured > 0;
        throw new CkoError(422, 'processing_error', [partlyCaptured ? 'capture_value_greater_than_remaining_authorized' : 'capture_value_greater_than_authorized']);
      }
      return reply.code(202).send(ctx.engine.captureAuthorised(payment, { amount, final: body.capture_type !== 'NonFinal', reference: body.reference, metadata: body.metadata }));
    });

    /** Voids what is authorised and not captured, with `Cko-Idempotency-Key`. 403 when there is nothing to void. */
    scoped.post<{ Params: { id: string } }>('/payments/:id/voids', payable, async (request, reply) => {
      const payment = paymentOf(request.params.id);
      const body = parseBody(voidSchema, request.body);
      if (!ctx.engine.capturable(payment)) throw new CkoError(403, 'action_not_allowed', ['void_not_allowed']);
      return reply.code(202).send(ctx.engine.voidAuthorised(payment, { reference: body.reference, metadata: body.metadata }));
    });

    scoped.post<{ Params: { id: string } }>(
      '/payments/:id/refunds',
      { preHandler: [requireKey('secret'), ctx.idempotency.preHandler], onSend: ctx.idempotency.onSend },
      async (request, reply) => {
        if (!/^pay_\w{26}$/.test(request.params.id)) throw notFound();
        const payment = ctx.store.payments.get(request.params.id);
        if (!payment) throw notFound();
        const body = parseBody(refundSchema, request.body);
        if (!ctx.engine.refundable(payment)) throw new CkoError(403, 'action_not_allowed', ['refund_not_allowed']);
        const available = ctx.engine.balances(payment).available_to_refund;
        const amount = body.amount ?? available;
        if (amount > available) throw new CkoError(422, 'processing_error', ['amount_exceeds_balance']);
        return reply.code(202).send(ctx.engine.refund(payment, { amount, reference: body.reference, metadata: body.metadata }));
      },
    );
  });
}
