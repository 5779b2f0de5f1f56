import type { FastifyInstance } from 'fastify';
import { requireKey } from '../auth';
import type { EmulatorContext } from '../context';
import { compact } from '../engine';
import { notFound } from '../errors';
import { newHostedPaymentId } from '../ids';
import { hostedPaymentSchema, parseBody } from '../schemas';
import { LIFETIMES_MS, type HostedPaymentRecord, type HostedPaymentStatus } from '../store';

/** POST /hosted-payments and GET /hosted-payments/{id} (secret key). The page is in pages.ts. */

export function hostedPaymentStatus(ctx: EmulatorContext, hpp: HostedPaymentRecord): HostedPaymentStatus {
  if (hpp.approvedPaymentId) return 'Payment Received';
  return hpp.expiresAt <= ctx.now() ? 'Expired' : 'Payment Pending';
}

export function hostedPaymentRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  app.post('/hosted-payments', { preHandler: requireKey('secret') }, async (request, reply) => {
    const body = parseBody(hostedPaymentSchema, request.body);
    const base = ctx.baseUrl(request);
    const now = ctx.now();
    // Without an amount the page charges the sum of the products.
    const amount = body.amount ?? (body.products ?? []).reduce((sum, p) => sum + p.price * p.quantity, 0);
    const record: HostedPaymentRecord = {
      id: newHostedPaymentId(),
      request: body,
      amount,
      currency: body.currency,
      locale: body.locale ?? 'en-GB',
      createdAt: now,
      expiresAt: now + LIFETIMES_MS.hostedPayment,
      apiBase: base,
      paymentIds: [],
    };
    ctx.store.hostedPayments.set(record.id, record);
    return reply.code(201).send(
      compact({
        id: record.id,
        reference: body.reference,
        _links: {
          self: { href: `${base}/hosted-payments/${record.id}` },
          redirect: { href: `${base}/page/${record.id}` },
        },
      }),
    );
  });

  app.get<{ Params: { id: string } }>('/hosted-payments/:id', { preHandler: requireKey('secret') }, async (request) => {
    const hpp = ctx.store.hostedPayments.get(request.params.id);
    if (!hpp) throw notFound();
    const r = hpp.request;
    return compact({
      id: hpp.id,
      status: hostedPaymentStatus(ctx, hpp),
      payment_id: hpp.approvedPaymentId ?? hpp.paymentIds.at(-1),
      amount: hpp.amount,
      currency: hpp.currency,
      reference: r.reference,
      description: r.description,
      customer: r.customer,
      billing: r.billing,
      products: r.products,
      metadata: r.metadata,
      amount_allocations: r.amount_allocations,
      success_url: r.success_url,
      cancel_url: r.cancel_url,
      failure_url: r.failure_url,
      _links: {
        self: { href: `${hpp.apiBase}/hosted-payments/${hpp.id}` },
        redirect: { href: `${hpp.apiBase}/page/${hpp.id}` },
      },
    });
  });
}
