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
  if (error.status === 429) return t.term('errorRateLimited', error.retryAfter ?? 0);
  if (error.status === 409) return t.term('errorConflict');
  if (error.status === 400 || error.status === 422) return t.term('errorInvalid');
  if (error.status >= 500) return t.term('errorUnavailable');
  return t.term('errorGeneric');
}
