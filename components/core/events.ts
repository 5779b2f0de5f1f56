/**
 * Every `ck-*` event the kit fires, with its typed `detail`. Elements fire them
 * bubbling and composed so a host page can listen anywhere above the element.
 */
import type { CartItem } from './store';
import type { InsuranceQuoteResponse } from '../../contract/api';

export interface CkCartChangeDetail {
  /** The cart after the change. */
  items: readonly CartItem[];
  /** What the shopper did. */
  reason: 'quantity' | 'remove' | 'add' | 'clear';
  /** The product reference the change was about, when there is one. */
  reference?: string;
}

export interface CkCurrencyChangeDetail {
  /** The currency the shopper chose (ISO 4217). */
  currency: string;
  /** The currency shown before, when there was one. */
  previous?: string;
}

export interface CkCouponChangeDetail {
  /** The code the server accepted, or null when the shopper removed it. */
  coupon: string | null;
  /** The discount it gives on the current cart, in minor units of `currency`. */
  discount: number;
  currency: string;
}

export type CkCheckoutStep = 'contact' | 'shipping' | 'billing' | 'delivery' | 'review' | 'pay' | 'confirmation';

export interface CkCheckoutStepDetail {
  step: CkCheckoutStep;
  previous: CkCheckoutStep;
}

export interface CkPaymentStartDetail {
  mode: 'flow' | 'hpp';
  /** Idempotency key of this attempt: one payment session per click. */
  idempotencyKey: string;
}

export interface CkPaymentSuccessDetail {
  /** Checkout.com payment id (pay_…), verified with the proxy. */
  paymentId: string;
  orderId?: string;
  /** Checkout.com's status, e.g. "Authorized" or "Captured". */
  status: string;
  amount: number;
  currency: string;
}

export interface CkPaymentErrorDetail {
  /** Machine-readable: the proxy's error code, Flow's error code, or the kit's (`network_error`, `timeout`, `declined`). */
  code: string;
  /** The localized message shown to the shopper. */
  message: string;
  /** HTTP status when the proxy answered. */
  status?: number;
  /** Per-field problems reported by the proxy (paths such as `customer.email`). */
  fields?: ReadonlyArray<{ path: string; message: string }>;
  /** Seconds to wait before retrying, after a 429. */
  retryAfter?: number;
}

/** One seat the shopper selected on a `ck-seat-map`. */
export interface CkSelectedSeat {
  /** Seat id `${section}:${row}:${number}`, as the proxy's holds take it. */
  id: string;
  section: string;
  sectionName: string;
  row: string;
  number: number;
  category: string;
  categoryName: string;
  /** The category price, in minor units of `currency`. */
  amount: number;
  currency: string;
}

export interface CkSeatSelectDetail {
  seats: readonly CkSelectedSeat[];
  /** Sum of the seats' prices (display only: the proxy prices the order). */
  total: { amount: number; currency: string };
}

/** A server-side seat hold (`seatHoldResponseSchema`). */
export interface CkSeatHold {
  id: string;
  eventId: string;
  seats: string[];
  expiresAt: string;
  extended: boolean;
  status: 'held' | 'released' | 'expired' | 'sold';
}

export interface CkSeatHoldDetail {
  hold: CkSeatHold;
}

export interface CkBinResultDetail {
  /** Whether the card may buy in the event's presale (true when no event or no presale rules apply). */
  eligible: boolean;
  /** The BIN lookup as the proxy answered it. */
  metadata: {
    bin: string;
    scheme?: string;
    cardType?: string;
    cardCategory?: string;
    issuer?: string;
    issuerCountry?: string;
    issuerCountryName?: string;
    productType?: string;
    eligibility?: { eventId: string; eligible: boolean; reasons: string[] };
  };
}

export interface CkOnsaleRequestDetail {
  eventId?: string;
}

export interface CkLoginSuccessDetail {
  user: { username: string; name: string; email?: string };
}

export interface CkLoginErrorDetail {
  /** The proxy's code (`invalid_credentials`, `too_many_attempts`…) or the kit's (`network_error`, `timeout`). */
  code: string;
  /** The localized message shown. */
  message: string;
  status?: number;
  /** Seconds before another try is accepted, after too many attempts. */
  retryAfter?: number;
}

export interface CkLogoutDetail {
  username: string;
}

export interface CkGiftCardDraft {
  design: string;
  /** Face value in minor units of `currency` (NaN while the custom amount is not a number). */
  amount: number;
  quantity: number;
  recipientName: string;
  recipientEmail: string;
  senderName: string;
  message?: string;
  sendToSelf: boolean;
  /** YYYY-MM-DD; absent means "send now". */
  deliveryDate?: string;
}

export interface CkGiftCardChangeDetail {
  giftCard: CkGiftCardDraft;
  currency: string;
  /** Whether the card passes every rule the proxy checks. */
  valid: boolean;
}

export type CkInsuranceStep = 'plan' | 'details' | 'coverage' | 'quote';

export interface CkInsuranceStepDetail {
  step: CkInsuranceStep;
  previous: CkInsuranceStep;
}

export interface CkInsuranceQuoteDetail {
  /** The proxy's quote: id (for `insuranceQuoteId`), premium, lines and expiry. */
  quote: InsuranceQuoteResponse;
}

/** A gift card's balance as the proxy answered it (never the code). */
export interface CkGiftCardBalanceDetail {
  balance: number;
  currency: string;
  expiresAt: string;
  expired: boolean;
  last4: string;
}

/** A gift-card code the shopper applied in the pay button's field (empty: cleared). Never sent anywhere by the event itself. */
export interface CkGiftCardApplyDetail {
  code: string;
}

export interface CkReceiptDownloadDetail {
  orderId: string;
}

export interface CkEventMap {
  'ck-insurance-step': CustomEvent<CkInsuranceStepDetail>;
  'ck-insurance-quote': CustomEvent<CkInsuranceQuoteDetail>;
  'ck-gift-card-change': CustomEvent<CkGiftCardChangeDetail>;
  'ck-gift-card-balance': CustomEvent<CkGiftCardBalanceDetail>;
  'ck-gift-card-apply': CustomEvent<CkGiftCardApplyDetail>;
  'ck-receipt-download': CustomEvent<CkReceiptDownloadDetail>;
  'ck-login-success': CustomEvent<CkLoginSuccessDetail>;
  'ck-login-error': CustomEvent<CkLoginErrorDetail>;
  'ck-logout': CustomEvent<CkLogoutDetail>;
  'ck-cart-change': CustomEvent<CkCartChangeDetail>;
  'ck-seat-select': CustomEvent<CkSeatSelectDetail>;
  'ck-seat-hold': CustomEvent<CkSeatHoldDetail>;
  'ck-seat-hold-expired': CustomEvent<CkSeatHoldDetail>;
  'ck-bin-result': CustomEvent<CkBinResultDetail>;
  'ck-onsale-request': CustomEvent<CkOnsaleRequestDetail>;
  'ck-currency-change': CustomEvent<CkCurrencyChangeDetail>;
  'ck-coupon-change': CustomEvent<CkCouponChangeDetail>;
  'ck-checkout-step': CustomEvent<CkCheckoutStepDetail>;
  'ck-payment-start': CustomEvent<CkPaymentStartDetail>;
  'ck-payment-success': CustomEvent<CkPaymentSuccessDetail>;
  'ck-payment-error': CustomEvent<CkPaymentErrorDetail>;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface HTMLElementEventMap extends CkEventMap {}
}
