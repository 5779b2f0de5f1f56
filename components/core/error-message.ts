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
  const giftCard = describeGiftCardError(t, error);
  if (giftCard) return giftCard;
  if (error.status === 429) return t.term('errorRateLimited', error.retryAfter ?? 0);
  if (error.status === 409) return t.term('errorConflict');
  if (error.status === 400 || error.status === 422) return t.term('errorInvalid');
  if (error.status >= 500) return t.term('errorUnavailable');
  return t.term('errorGeneric');
}

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
