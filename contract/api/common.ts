/**
 * What every part of the contract shares: currencies, countries, money, the shopper's text fields.
 *
 * Part of the proxy's HTTP contract (contract/api): zod schemas the server validates with;
 * the kit imports their types only.
 */
import { z } from 'zod';
import { COUNTRY_PATTERN, FIELD_MAX, isKnownCountry, PHONE_PATTERN } from '../fields';
import { SUPPORTED_CURRENCIES } from '../limits';

export { SUPPORTED_CURRENCIES };
export const currencySchema = z.enum(SUPPORTED_CURRENCIES, {
  error: `must be one of ${SUPPORTED_CURRENCIES.join(', ')}`,
});
export type Currency = z.infer<typeof currencySchema>;

/** ISO 3166-1 alpha-2, checked against Intl's region names so "XX" is refused. */
export const countrySchema = z
  .string()
  .regex(COUNTRY_PATTERN, 'must be a two-letter ISO 3166-1 country code')
  .refine(isKnownCountry, 'is not a known country code');

/** Amount in minor units of its currency (JPY 0 digits, USD 2, KWD 3). */
export const minorAmount = z.number().int().nonnegative();
export const moneySchema = z.strictObject({ amount: minorAmount, currency: currencySchema });
export type Money = z.infer<typeof moneySchema>;

/**
 * No control characters but tab and line breaks: a NUL cannot be stored (PostgreSQL's text and
 * jsonb refuse it) and none belongs in a name, an address or a message.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
export const NO_CONTROL_CHARACTERS = /^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]*$/;
const noControl = 'must not contain control characters';

/** Free text a shopper typed: trimmed, required, at most `max` characters, no control characters. */
export const text = (max: number) => z.string().trim().min(1).max(max).regex(NO_CONTROL_CHARACTERS, noControl);
/** Optional longer text (a gift message): at most `max` characters, no control characters. */
export const freeText = (max: number) => z.string().max(max).regex(NO_CONTROL_CHARACTERS, noControl);
export const emailSchema = z.email('must be a valid email address').max(FIELD_MAX.email);
export const phoneSchema = z.string().trim().regex(PHONE_PATTERN, 'must be a phone number');
