/**
 * What the shopper's fields may hold: lengths and patterns. The proxy's zod schemas are built
 * from these and the checkout validates with the same values, so the browser never accepts what
 * the server refuses (or the reverse).
 *
 * Part of the contract both sides obey (contract/README.md): plain values, no zod, no DOM.
 */

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
  giftCardCode: 40,
} as const;

/** A gift-card code as shoppers type it: letters, digits, spaces and dashes (`7KQ4-M2XD-9HVT-P3CA`). */
export const GIFT_CARD_CODE_PATTERN = /^[A-Za-z0-9 -]+$/;

/** zod 4's email pattern (what `z.email()` checks on the server), for the browser's own check. */
export const EMAIL_PATTERN = /^(?!\.)(?!.*\.\.)([A-Za-z0-9_'+\-.]*)[A-Za-z0-9_+-]@([A-Za-z0-9][A-Za-z0-9-]*\.)+[A-Za-z]{2,}$/;
/** A phone number as shoppers type it: digits, spaces, brackets and dashes, an optional leading +. */
export const PHONE_PATTERN = /^\+?[0-9 ()-]{6,20}$/;
/** ISO 3166-1 alpha-2 shape; `isKnownCountry` checks the code exists. */
export const COUNTRY_PATTERN = /^[A-Z]{2}$/;
/** The first 6–8 digits of a card: all of a card number the proxy ever accepts. */
export const BIN_PATTERN = /^\d{6,8}$/;

/** The answers of `isKnownCountry` (at most 26 × 26 keys: only two capital letters get this far). */
const knownCountries = new Map<string, boolean>();
let regionNames: Intl.DisplayNames | undefined;

/** A two-letter code that Intl knows as a region ("XX" is not one). Validated on every order and address: worked out once per code. */
export function isKnownCountry(code: string): boolean {
  if (!COUNTRY_PATTERN.test(code)) return false;
  let known = knownCountries.get(code);
  if (known === undefined) {
    try {
      regionNames ??= new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
      const name = regionNames.of(code);
      known = Boolean(name) && name !== code;
    } catch {
      known = false;
    }
    knownCountries.set(code, known);
  }
  return known;
}

/**
 * A shopper account's password: at least 8 characters (NIST SP 800-63B's floor, and what
 * server/auth/hash-password.ts asks of staff), at most 128 (it is hashed with scrypt, not
 * truncated). Common and guessable passwords are refused on the server (server/accounts/).
 */
export const PASSWORD_LENGTH = { min: 8, max: 128 } as const;
