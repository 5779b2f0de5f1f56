import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { validateCard } from '../cards';
import type { EmulatorContext } from '../context';
import { challengeUrl } from '../engine';
import { invalid, notFound } from '../errors';
import { messagesFor } from '../pages/i18n';
import { renderHostedPaymentPage, renderHppMessage } from '../pages/hpp';
import { pageCsp } from '../pages/layout';
import { returnUrl } from '../redirects';
import { assertSessionPayable, obj, settleOwner, str } from '../sessions';
import { hostedPaymentStatus } from './hosted-payments';

/**
 * The hosted payment page at /page/{hpp_id} and the call its form makes. The page is public (the
 * id is the capability, as on pay.checkout.com) and may not be framed ("You cannot embed a Hosted
 * Payments Page within an iframe").
 */

const payBody = z.object({
  number: z.string(),
  expiry_month: z.number().int(),
  expiry_year: z.number().int(),
  cvv: z.string(),
  name: z.string().max(255).optional(),
});

export function pageRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  app.get<{ Params: { id: string } }>('/page/:id', async (request, reply) => {
    reply.type('text/html; charset=utf-8').header('content-security-policy', pageCsp("'none'")).header('cache-control', 'no-store');
    const hpp = ctx.store.hostedPayments.get(request.params.id);
    if (!hpp) return reply.code(404).send(renderHppMessage({ locale: 'en-GB', title: 'Payment page not found', message: 'Check the link you followed.' }));
    const m = messagesFor(hpp.locale);
    const status = hostedPaymentStatus(ctx, hpp);
    if (status === 'Expired') return reply.code(410).send(renderHppMessage({ locale: hpp.locale, title: m['emulator.expired']!, message: '' }));
    if (status === 'Payment Received') return reply.send(renderHppMessage({ locale: hpp.locale, title: m['emulator.paid']!, message: '' }));
    const r = hpp.request;
    const products = Array.isArray(r.products) ? (r.products as Array<{ name: string; quantity: number; price: number }>) : [];
    return reply.send(
      renderHostedPaymentPage({
        id: hpp.id,
        amount: hpp.amount,
        currency: hpp.currency,
        locale: hpp.locale,
        merchant: str(r.display_name) ?? 'Checkout Kit Emulator',
        description: str(r.description),
        products,
        cancelUrl: String(r.cancel_url),
        cardholderName: str(obj(r.customer)?.name),
      }),
    );
  });

  app.post<{ Params: { id: string } }>('/page/:id/pay', async (request) => {
    const hpp = ctx.store.hostedPayments.get(request.params.id);
    if (!hpp) throw notFound();
    assertSessionPayable(ctx, hpp);
    const parsed = payBody.safeParse(request.body);
    if (!parsed.success) throw invalid(['card_number_invalid']);
    const card = parsed.data;
    const problems = validateCard(card, ctx.now());
    if (problems.length > 0) throw invalid(problems);
    const r = hpp.request;
    const threeDs = obj(r['3ds']) ?? {};
    const { payment } = ctx.engine.create({
      card: { ...card, billing_address: obj(obj(r.billing)?.address) },
      amount: hpp.amount,
      currency: hpp.currency,
      paymentType: str(r.payment_type),
      reference: str(r.reference),
      description: str(r.description),
      customer: obj(r.customer),
      shipping: obj(r.shipping),
      billingDescriptor: obj(r.billing_descriptor),
      metadata: obj(r.metadata),
      processingChannelId: str(r.processing_channel_id),
      capture: r.capture !== false,
      threeDs: { run: threeDs.enabled !== false, requested: threeDs },
      channel: { kind: 'hpp', hostedPaymentId: hpp.id },
      apiBase: hpp.apiBase,
    });
    hpp.paymentIds.push(payment.id);
    settleOwner(ctx, payment);
    if (payment.status === 'Pending') return { redirect_url: challengeUrl(payment) };
    return { redirect_url: returnUrl(ctx, payment) };
  });
}
