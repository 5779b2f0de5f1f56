import type { FastifyInstance, FastifyReply } from 'fastify';
import type { EmulatorContext } from '../context';
import { renderChallengeDone, renderChallengePage } from '../pages/challenge';
import { escapeHtml, pageCsp, renderDocument } from '../pages/layout';
import { returnUrl } from '../redirects';
import { settleOwner, str } from '../sessions';
import type { PaymentRecord } from '../store';

/**
 * The emulated ACS: GET /3ds/{pay_id} shows the challenge, POST answers it. A Flow payment's
 * challenge runs in an iframe inside the Flow frame and reports back by postMessage; HPP and API
 * payments return the browser to the merchant's success or failure URL.
 */

/**
 * frame-ancestors covers every ancestor, and inside Flow the challenge sits in the emulator's
 * frame on the merchant's page — whose origin the ACS cannot know. Real ACS pages are framed by
 * any merchant too.
 */
const ACS_FRAME_ANCESTORS = '*';

function localeOf(ctx: EmulatorContext, payment: PaymentRecord): { locale: string; merchant: string } {
  if (payment.channel.kind === 'flow') {
    const session = ctx.store.paymentSessions.get(payment.channel.paymentSessionId);
    return { locale: session?.locale ?? 'en-GB', merchant: str(session?.request.display_name) ?? 'Checkout Kit Emulator' };
  }
  if (payment.channel.kind === 'hpp') {
    const hpp = ctx.store.hostedPayments.get(payment.channel.hostedPaymentId);
    return { locale: hpp?.locale ?? 'en-GB', merchant: str(hpp?.request.display_name) ?? 'Checkout Kit Emulator' };
  }
  return { locale: 'en-GB', merchant: 'Checkout Kit Emulator' };
}

function finished(ctx: EmulatorContext, payment: PaymentRecord, reply: FastifyReply) {
  const { locale } = localeOf(ctx, payment);
  if (payment.channel.kind === 'flow') {
    return reply.type('text/html; charset=utf-8').header('content-security-policy', pageCsp(ACS_FRAME_ANCESTORS)).send(renderChallengeDone({ paymentId: payment.id, locale }));
  }
  const target = returnUrl(ctx, payment);
  if (target) return reply.redirect(target, 303);
  // An API payment without return URLs: nowhere to go, so say what happened.
  return reply
    .type('text/html; charset=utf-8')
    .send(
      renderDocument({
        title: 'Authentication finished',
        lang: 'en',
        dir: 'ltr',
        body: `<main class="ck-page"><h1>Authentication finished</h1><p role="status">Payment ${escapeHtml(payment.id)}: ${escapeHtml(payment.status)}</p></main>`,
      }),
    );
}

export function threeDsRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  app.get<{ Params: { id: string } }>('/3ds/:id', async (request, reply) => {
    const payment = ctx.store.payments.get(request.params.id);
    if (!payment || !payment.threeDs?.challenged) return reply.code(404).type('text/html; charset=utf-8').send(notFoundPage());
    if (payment.status !== 'Pending') return finished(ctx, payment, reply);
    const { locale, merchant } = localeOf(ctx, payment);
    return reply
      .type('text/html; charset=utf-8')
      .header('content-security-policy', pageCsp(ACS_FRAME_ANCESTORS))
      .header('cache-control', 'no-store')
      .send(renderChallengePage({ paymentId: payment.id, amount: payment.amount, currency: payment.currency, locale, merchant }));
  });

  app.post<{ Params: { id: string }; Body: Record<string, unknown> | undefined }>('/3ds/:id', async (request, reply) => {
    const payment = ctx.store.payments.get(request.params.id);
    if (!payment || !payment.threeDs?.challenged) return reply.code(404).type('text/html; charset=utf-8').send(notFoundPage());
    if (payment.status === 'Pending') {
      const body = request.body ?? {};
      // Cancel is an unauthenticated challenge, exactly like a wrong password.
      const password = body.cancel ? '' : typeof body.password === 'string' ? body.password : '';
      ctx.engine.completeChallenge(payment, password);
      settleOwner(ctx, payment);
    }
    return finished(ctx, payment, reply);
  });
}

function notFoundPage(): string {
  return renderDocument({ title: 'Not found', lang: 'en', dir: 'ltr', body: '<main class="ck-page"><h1>Authentication not found</h1></main>' });
}
