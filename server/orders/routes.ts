/** Order quotes, payment creation (Flow session, HPP) and verified payment status: thin routes over ./payments.ts. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../config';
import { addressHash } from '../privacy';
import { createFlowSession, createHostedPayment, quote, requestDeps, verifyPayment } from './payments';
import { toPricedOrder } from './pricing';
import { errorResponseSchema, hostedPaymentResponseSchema, orderRequestSchema, paymentIdSchema, paymentSessionResponseSchema, paymentStatusResponseSchema, quoteResponseSchema } from '../../contract/api';

const idempotencyHeaders = z.looseObject({
  'idempotency-key': z.string().regex(/^[\w-]{8,128}$/, 'must be 8–128 letters, digits, "-" or "_" (a UUID is ideal)').optional(),
});

const orderTokenHeaders = z.looseObject({ 'x-ck-order-token': z.string().max(128).optional() });

const errors = { 400: errorResponseSchema, 401: errorResponseSchema, 403: errorResponseSchema, 409: errorResponseSchema, 429: errorResponseSchema, 502: errorResponseSchema, 503: errorResponseSchema, 504: errorResponseSchema };

const routes: FastifyPluginAsyncZod<{ config: Config }> = async (app, { config }) => {
  const deps = { app, config };
  const payments = { rateLimit: app.rateTiers.payments };

  app.post(
    '/api/orders/quote',
    { schema: { body: orderRequestSchema, response: { 200: quoteResponseSchema, 404: errorResponseSchema, ...errors } } },
    async (request) => {
      const q = await quote(requestDeps(deps, request), request.body);
      // With a gift-card code: what it would pay now and the rest to pay, found through the same guessing budget as at checkout.
      const code = request.body.giftCardCode;
      const giftCard = code ? await app.giftCards.preview(await app.giftCards.forOrder(code, request.ip, { ...q, presale: !!q.presale }), q.amount) : undefined;
      const { id: _id, ...order } = toPricedOrder('quote', { ...q, ...(giftCard ? { amount: q.amount - giftCard.amount, giftCard } : {}) });
      return { order };
    },
  );


  app.post(
    '/create-payment-sessions',
    { config: payments, schema: { headers: idempotencyHeaders, body: orderRequestSchema, response: { 201: paymentSessionResponseSchema, ...errors } } },
    async (request, reply) => {
      const result = await createFlowSession(requestDeps(deps, request), request.body, request.headers['idempotency-key'], `shopper ${addressHash(config.session.secret, request.ip)}`);
      if ('replayed' in result && result.replayed) void reply.header('idempotent-replayed', 'true');
      return reply.code(201).send(result.body as z.infer<typeof paymentSessionResponseSchema>);
    },
  );

  app.post(
    '/create-hosted-payment',
    { config: payments, schema: { headers: idempotencyHeaders, body: orderRequestSchema, response: { 201: hostedPaymentResponseSchema, ...errors } } },
    async (request, reply) => {
      const result = await createHostedPayment(requestDeps(deps, request), request.body, request.headers['idempotency-key'], `shopper ${addressHash(config.session.secret, request.ip)}`);
      if ('replayed' in result && result.replayed) void reply.header('idempotent-replayed', 'true');
      return reply.code(201).send(result.body as z.infer<typeof hostedPaymentResponseSchema>);
    },
  );

  app.get(
    '/api/payments/:id',
    { schema: { params: z.strictObject({ id: paymentIdSchema }), headers: orderTokenHeaders, response: { 200: paymentStatusResponseSchema, 404: errorResponseSchema, ...errors } } },
    async (request, reply) => {
      void reply.header('cache-control', 'no-store');
      const payment = await verifyPayment(deps, request.params.id, `verify ${addressHash(config.session.secret, request.ip)}`);
      // Anyone may ask (the outcome is verified and applied either way); only the browser that
      // made the order, holding its token, reads the amount, card and order id. Why a presale
      // payment was voided (the event and when its general sale opens) is no secret: anyone is told.
      if (payment.orderId && (await app.orders.grantsAccess(payment.orderId, request.headers['x-ck-order-token']))) return payment;
      return { id: payment.id, status: payment.status, approved: payment.approved, outcome: payment.outcome, ...(payment.voided ? { voided: payment.voided } : {}) };
    },
  );
};

export default routes;
