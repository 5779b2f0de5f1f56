import type { EmulatorContext } from './context';
import { challengeUrl } from './engine';
import { invalid } from './errors';
import type { SubmitRequest } from './schemas';
import type { CardData, HostedPaymentRecord, PaymentRecord, PaymentSessionRecord, TokenRecord } from './store';

/**
 * Paying a Flow payment session. `session_data` is what Flow hands to `handleSubmit`: an opaque
 * string the merchant forwards unchanged. Here it wraps the single-use card token the frame
 * created, so the merchant's server never sees card data and the token rules still apply.
 */

const SESSION_DATA_PREFIX = 'cko_sd_';

export function encodeSessionData(tokenId: string): string {
  return SESSION_DATA_PREFIX + Buffer.from(JSON.stringify({ v: 1, type: 'card', token: tokenId })).toString('base64url');
}

function decodeSessionData(value: string): string | undefined {
  if (!value.startsWith(SESSION_DATA_PREFIX)) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value.slice(SESSION_DATA_PREFIX.length), 'base64url').toString('utf8'));
    if (parsed && typeof parsed === 'object' && 'token' in parsed && typeof parsed.token === 'string') return parsed.token;
  } catch {
    // fall through: not ours
  }
  return undefined;
}

/** Consumes a token (single use, 15 minutes) and returns its card data, or throws the 422. */
export function consumeToken(ctx: EmulatorContext, tokenId: string, errorType = 'request_invalid'): { card: CardData; token: TokenRecord } {
  const token = ctx.store.tokens.get(tokenId);
  if (!token) throw invalid(['token_invalid'], errorType);
  if (token.expiresAt <= ctx.now()) throw invalid(['token_expired'], errorType);
  if (token.usedAt !== undefined) throw invalid(['token_used'], errorType);
  token.usedAt = ctx.now();
  return { card: token.card, token };
}

export const SESSION_ERROR_TYPE = 'validation_error';

export function assertSessionPayable(ctx: EmulatorContext, session: PaymentSessionRecord | HostedPaymentRecord): void {
  if (session.expiresAt <= ctx.now()) throw invalid(['payment_session_expired'], SESSION_ERROR_TYPE);
  if (session.approvedPaymentId) throw invalid(['payment_session_already_completed'], SESSION_ERROR_TYPE);
}

/** Flow's `decline_reason` / `requestErrorCodes` for an authorisation response code. */
export function declineReason(responseCode: string | undefined): string {
  switch (responseCode) {
    case '20051':
    case '20061':
      return 'not_enough_funds';
    case '20014':
    case '20054':
    case '200N7':
    case '20151':
    case '20154':
    case '20150':
      return 'invalid_customer_data';
    default:
      return 'try_again';
  }
}

/** The Submit Payment Session answer for a payment, in its current state. */
export function submitView(payment: PaymentRecord): { statusCode: 201 | 202; body: Record<string, unknown> } {
  if (payment.status === 'Pending') {
    return {
      statusCode: 202,
      body: { id: payment.id, status: 'Action Required', type: 'card', action: { type: 'redirect', url: challengeUrl(payment) } },
    };
  }
  if (payment.approved) return { statusCode: 201, body: { id: payment.id, status: 'Approved', type: 'card' } };
  return { statusCode: 201, body: { id: payment.id, status: 'Declined', type: 'card', decline_reason: declineReason(payment.responseCode) } };
}

export function submitPaymentSession(
  ctx: EmulatorContext,
  session: PaymentSessionRecord,
  body: SubmitRequest,
): { payment: PaymentRecord; statusCode: 201 | 202; body: Record<string, unknown> } {
  assertSessionPayable(ctx, session);
  const tokenId = decodeSessionData(body.session_data);
  if (!tokenId) throw invalid(['session_data_invalid'], SESSION_ERROR_TYPE);
  const { card } = consumeToken(ctx, tokenId, SESSION_ERROR_TYPE);
  const request = session.request;
  // "any value present in the submit body … would overwrite the value provided when the payment
  // session was created"
  const merged = { ...request, ...body } as Record<string, unknown>;
  const threeDs = (merged['3ds'] as Record<string, unknown> | undefined) ?? {};
  const { payment } = ctx.engine.create({
    card,
    amount: typeof body.amount === 'number' ? body.amount : session.amount,
    currency: session.currency,
    paymentType: str(merged.payment_type),
    reference: str(merged.reference),
    description: str(merged.description),
    customer: obj(merged.customer),
    shipping: obj(merged.shipping),
    billingDescriptor: obj(merged.billing_descriptor),
    metadata: { ...obj(merged.metadata), cko_payment_session_id: session.id },
    items: Array.isArray(merged.items) ? merged.items : undefined,
    processingChannelId: str(merged.processing_channel_id),
    capture: merged.capture !== false,
    // Flow authenticates card payments unless the merchant turned 3DS off (see README).
    threeDs: { run: threeDs.enabled !== false, requested: threeDs },
    channel: { kind: 'flow', paymentSessionId: session.id },
    apiBase: session.apiBase,
  });
  session.paymentIds.push(payment.id);
  if (payment.approved) session.approvedPaymentId = payment.id;
  return { payment, ...submitView(payment) };
}

/** After a 3DS challenge the owning session learns whether it is now paid. */
export function settleOwner(ctx: EmulatorContext, payment: PaymentRecord): void {
  if (!payment.approved) return;
  if (payment.channel.kind === 'flow') {
    const session = ctx.store.paymentSessions.get(payment.channel.paymentSessionId);
    if (session) session.approvedPaymentId = payment.id;
  } else if (payment.channel.kind === 'hpp') {
    const hpp = ctx.store.hostedPayments.get(payment.channel.hostedPaymentId);
    if (hpp) hpp.approvedPaymentId = payment.id;
  }
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function obj(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

