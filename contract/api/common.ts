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

/** Free text a shopper typed: trimmed, required, at most `max` characters. */
export const text = (max: number) => z.string().trim().min(1).max(max);
export const emailSchema = z.email('must be a valid email address').max(FIELD_MAX.email);
export const phoneSchema = z.string().trim().regex(PHONE_PATTERN, 'must be a phone number');
