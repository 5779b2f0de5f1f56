/**
 * The locale Checkout.com's Flow and Hosted Payments Page get for a shopper: the proxy puts it
 * on the payment session, the pay button gives it to Flow. Apart from locales.ts so the kit's
 * elements do not carry it; only the lazily loaded payment code does.
 */
import { chineseVariant, parseLocale } from './locales';

/** Checkout.com's Flow/HPP locales (Java SDK LocaleType; docs/checkout-api-facts.md §1.1). */
export const CHECKOUT_LOCALES = [
  'ar', 'da-DK', 'de-DE', 'el', 'en-GB', 'es-ES', 'fi-FI', 'fil-PH', 'fr-FR', 'hi-IN', 'id-ID', 'it-IT', 'ja-JP',
  'ko-KR', 'ms-MY', 'nb-NO', 'nl-NL', 'pt-PT', 'sv-SE', 'th-TH', 'vi-VN', 'zh-CN', 'zh-HK', 'zh-TW',
] as const;
export type CheckoutLocale = (typeof CHECKOUT_LOCALES)[number];

/**
 * A shopper's locale (any BCP 47 tag) → the closest locale Checkout.com accepts: the same
 * language and region, else the same language in the region Checkout.com offers (pt-BR →
 * pt-PT, es-MX → es-ES), else en-GB.
 */
export function checkoutLocale(tag: string | undefined): CheckoutLocale {
  const locale = parseLocale(tag);
  if (!locale) return 'en-GB';
  if (locale.language === 'zh') return chineseVariant(locale);
  const exact = `${locale.language}-${locale.region ?? ''}`.toLowerCase();
  return (
    CHECKOUT_LOCALES.find((l) => l.toLowerCase() === exact) ??
    CHECKOUT_LOCALES.find((l) => l.split('-')[0] === locale.language) ??
    'en-GB'
  );
}
