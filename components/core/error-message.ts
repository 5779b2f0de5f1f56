/**
 * The one mapping from a failed API call to a sentence a shopper can act on, in their language.
 */
import type { ApiError } from './api';
import type { LocalizeController } from './localize';

/** A shopper-facing, localized sentence for a failed API call. */
export function describeApiError(t: LocalizeController, error: ApiError): string {
  if (error.code === 'timeout') return t.term('errorTimeout');
  // A shop misconfiguration the shopper cannot fix: the proxy's message names the setting to change.
  if (error.code === 'origin_not_allowed') return error.message;
  if (error.status === 0) return t.term('errorNetwork');
  // Payment velocity: the wait is counted in minutes (server/risk/velocity.ts).
  if (error.code === 'too_many_payment_attempts') return t.term('errorTooManyPaymentAttempts', Math.max(1, Math.ceil((error.retryAfter ?? 60) / 60)));
  if (error.status === 429) return t.term('errorRateLimited', error.retryAfter ?? 0);
  if (error.code === 'out_of_stock') return t.term('errorOutOfStock');
  if (error.code === 'event_not_on_sale') return t.term('eventNotOnSale');
  if (error.code.startsWith('coupon_')) return couponErrorMessage(t, error.code);
  if (error.status === 409) return t.term('errorConflict');
  if (error.status === 400 || error.status === 422) return t.term('errorInvalid');
  if (error.status >= 500) return t.term('errorUnavailable');
  return t.term('errorGeneric');
}

/** Each refusal of a coupon (the proxy's `coupon_*` codes, server/coupons/) in the shopper's language. */
export function couponErrorMessage(t: LocalizeController, code: string): string {
  switch (code) {
    case 'coupon_expired':
      return t.term('couponExpired');
    case 'coupon_not_started':
      return t.term('couponNotStarted');
    case 'coupon_currency':
      return t.term('couponCurrency');
    case 'coupon_min_subtotal':
      return t.term('couponMinSubtotal');
    case 'coupon_not_applicable':
      return t.term('couponNotApplicable');
    case 'coupon_used_up':
      return t.term('couponUsedUp');
    case 'coupon_customer_limit':
      return t.term('couponCustomerLimit');
    case 'coupon_first_order_only':
      return t.term('couponFirstOrderOnly');
    default:
      return t.term('couponInvalid');
  }
}

/** What a product's `available` (GET /api/catalog) tells the shopper: "Sold out", "Only N left" (N ≤ 5), or nothing. */
export function stockLabel(t: LocalizeController, available: number | undefined): string | undefined {
  if (available === undefined) return undefined;
  if (available <= 0) return t.term('stockSoldOut');
  return available <= LOW_STOCK ? t.term('stockOnlyLeft', available) : undefined;
}

/** At most this many left reads as "Only N left". */
export const LOW_STOCK = 5;
