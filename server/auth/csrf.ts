/**
 * CSRF defence for requests that rely on the session cookie. The kit is embedded on other
 * origins, so a cookie alone proves nothing about who made a request. Two checks, both needed:
 *
 * 1. Origin: the request's `Origin` (or, failing that, `Referer`) must be the proxy itself or an
 *    origin of the ALLOWED_ORIGINS allowlist. Browsers always send `Origin` on cross-origin and
 *    on same-origin non-GET fetches, and a page cannot forge it.
 * 2. Token: the `X-CSRF-Token` header must equal the session's own token (synchronizer token),
 *    which only a script the allowlist lets read `/api/auth/me` can learn.
 */
import type { FastifyRequest } from 'fastify';
import { CSRF_HEADER } from '../../contract/api';
import { HttpError } from '../errors';
import { tokensEqual, type Session } from './sessions';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isSafeMethod(method: string): boolean {
  return SAFE_METHODS.has(method.toUpperCase());
}

/** The origin a browser says the request came from, or undefined when it said nothing usable. */
export function requestOrigin(request: FastifyRequest): string | undefined {
  const origin = request.headers.origin;
  if (origin && origin !== 'null') return origin;
  const referer = request.headers.referer;
  if (!referer) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return undefined;
  }
}

/** Whether an origin may act on a session: the proxy's own origin or one on the allowlist. */
export function isTrustedOrigin(request: FastifyRequest, origin: string, allowed: readonly string[]): boolean {
  if (allowed.includes(origin)) return true;
  // Same origin as the request itself (the demo pages, however the proxy is reached). A victim's
  // browser always sets Host to the real target, so a foreign page cannot make these equal.
  return origin === `${request.protocol}://${request.host}`;
}

/**
 * Refuses (403) a state-changing request on a session unless its origin is trusted and it
 * carries the session's CSRF token. Safe methods pass: they must not change state.
 */
export function assertCsrf(request: FastifyRequest, session: Session, allowed: readonly string[]): void {
  if (isSafeMethod(request.method)) return;
  const origin = requestOrigin(request);
  if (!origin || !isTrustedOrigin(request, origin, allowed)) {
    throw new HttpError(403, 'origin_not_allowed', 'This request did not come from an allowed origin.');
  }
  const header = request.headers[CSRF_HEADER];
  const token = Array.isArray(header) ? header[0] : header;
  if (!token || !tokensEqual(token, session.csrfToken)) {
    throw new HttpError(403, 'csrf_token_invalid', 'The security token is missing or out of date. Reload the page and try again.');
  }
}
