import type { EmulatorContext } from './context';
import type { PaymentRecord } from './store';

/** Appends query parameters to a merchant URL, keeping the ones it already has. */
export function withParams(url: string, params: Record<string, string | undefined>): string {
  const target = new URL(url);
  for (const [key, value] of Object.entries(params)) if (value) target.searchParams.set(key, value);
  return target.toString();
}

/**
 * Where the browser goes once a redirect-based payment (HPP, or a 3DS payment made on the API
 * with success/failure URLs) is finished: success_url or failure_url with `cko-session-id` (the
 * documented parameter) and `cko-payment-id` (what Flow appends).
 */
export function returnUrl(ctx: EmulatorContext, payment: PaymentRecord): string | undefined {
  let success: string | undefined;
  let failure: string | undefined;
  if (payment.channel.kind === 'hpp') {
    const hpp = ctx.store.hostedPayments.get(payment.channel.hostedPaymentId);
    success = hpp?.request.success_url as string | undefined;
    failure = hpp?.request.failure_url as string | undefined;
  } else if (payment.channel.kind === 'api') {
    success = payment.channel.successUrl;
    failure = payment.channel.failureUrl;
  } else {
    const session = ctx.store.paymentSessions.get(payment.channel.paymentSessionId);
    success = session?.request.success_url as string | undefined;
    failure = session?.request.failure_url as string | undefined;
  }
  const base = payment.approved ? success : failure;
  return base ? withParams(base, { 'cko-session-id': payment.sessionId, 'cko-payment-id': payment.id }) : undefined;
}
