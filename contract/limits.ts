/**
 * The limits of an order, the currencies the proxy prices in and the headers the kit sends.
 *
 * Part of the contract both sides obey (contract/README.md): plain values, no zod, no DOM.
 */

/** The currencies the proxy prices orders in (and the currency picker offers). */
export const SUPPORTED_CURRENCIES = ['HKD', 'USD', 'EUR', 'GBP', 'AED', 'CNY', 'JPY', 'SGD'] as const;
export type SupportedCurrency = (typeof SUPPORTED_CURRENCIES)[number];

/** Headers of the proxy's API that the kit sets. */
export const HEADERS = {
  /** The session's CSRF token, on requests that rely on the session cookie. */
  csrf: 'x-csrf-token',
  /** One key per payment attempt: a retry replays the first answer instead of paying twice. */
  idempotencyKey: 'idempotency-key',
} as const;

/** Limits of one order. */
export const ORDER_LIMITS = {
  /** Units of one product in one line (the cart caps its quantity steppers here too). */
  maxQuantity: 99,
  /** Product lines in one order. */
  maxLines: 50,
  /** Gift cards of one design in one order. */
  maxGiftCards: 20,
} as const;
