/**
 * A gift card the proxy refused (balance check, checkout), in words that say what to do. Its own
 * module: only the elements that take a code (the balance check, the pay button's payment step)
 * carry it.
 */
import type { ApiError } from './api';
import type { LocalizeController } from './localize';

/** A gift card the proxy refused (balance check, checkout), in words that say what to do; undefined for other errors. */
export function describeGiftCardError(t: LocalizeController, error: ApiError): string | undefined {
  const field = error.fields.find((f) => f.path === 'giftCardCode' || f.path === 'code')?.message ?? '';
  switch (error.code) {
    case 'gift_card_not_found':
      return t.term('giftCardNotFound');
    case 'gift_card_empty':
      return t.term('giftCardEmpty');
    case 'gift_card_currency':
      return t.term('giftCardWrongCurrency', /\b[A-Z]{3}\b/.exec(field)?.[0] ?? '');
    case 'gift_card_expired': {
      const day = /\d{4}-\d{2}-\d{2}/.exec(error.message)?.[0];
      return t.term('giftCardExpired', day ? new Intl.DateTimeFormat(t.lang, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`)) : '');
    }
    default:
      return undefined;
  }
}
