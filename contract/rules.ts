/**
 * The rules both sides obey, as plain values: what a field may hold, the limits of an order,
 * the currencies the proxy prices in, the headers the kit sends. The proxy's zod schemas
 * (contract/api) are built from these and the elements validate with the same values, so the
 * browser can never accept what the server refuses (or the reverse).
 *
 * No zod here and no DOM: the kit imports this without pulling a validator into its bundle.
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

/** Maximum lengths (characters) of the shopper's text fields. */
export const FIELD_MAX = {
  email: 254,
  name: 100,
  phone: 20,
  line1: 200,
  line2: 200,
  city: 100,
  state: 100,
  zip: 20,
  coupon: 40,
  giftMessage: 500,
} as const;

/** zod 4's email pattern (what `z.email()` checks on the server), for the browser's own check. */
export const EMAIL_PATTERN = /^(?!\.)(?!.*\.\.)([A-Za-z0-9_'+\-.]*)[A-Za-z0-9_+-]@([A-Za-z0-9][A-Za-z0-9-]*\.)+[A-Za-z]{2,}$/;
/** A phone number as shoppers type it: digits, spaces, brackets and dashes, an optional leading +. */
export const PHONE_PATTERN = /^\+?[0-9 ()-]{6,20}$/;
/** ISO 3166-1 alpha-2 shape; `isKnownCountry` checks the code exists. */
export const COUNTRY_PATTERN = /^[A-Z]{2}$/;
/** The first 6–8 digits of a card: all of a card number the proxy ever accepts. */
export const BIN_PATTERN = /^\d{6,8}$/;

/** A two-letter code that Intl knows as a region ("XX" is not one). */
export function isKnownCountry(code: string): boolean {
  if (!COUNTRY_PATTERN.test(code)) return false;
  try {
    const name = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' }).of(code);
    return Boolean(name) && name !== code;
  } catch {
    return false;
  }
}

/** Limits of one order. */
export const ORDER_LIMITS = {
  /** Units of one product in one line (the cart caps its quantity steppers here too). */
  maxQuantity: 99,
  /** Product lines in one order. */
  maxLines: 50,
  /** Gift cards of one design in one order. */
  maxGiftCards: 20,
} as const;

/** Who may apply for insurance cover: ages in whole years on the day of the quote. */
export const INSURANCE_AGE = { min: 18, max: 74 } as const;

/**
 * Whole years between a date of birth (YYYY-MM-DD) and a day, both as calendar dates in UTC —
 * the proxy's clock. The form shows the error the proxy would give, whatever the shopper's
 * time zone (in Auckland at 9 a.m. it is still yesterday in UTC).
 */
export function ageOn(dateOfBirth: string, on: Date): number {
  const [y, m, d] = dateOfBirth.split('-').map(Number) as [number, number, number];
  let age = on.getUTCFullYear() - y;
  const month = on.getUTCMonth() + 1;
  if (month < m || (month === m && on.getUTCDate() < d)) age--;
  return age;
}
