/**
 * The one guard of the staff console's API: every route of the admin plugin (./plugin.ts) runs
 * it as an `onRequest` hook of that encapsulated context, so it runs for every path the router
 * sends to those routes however the path is spelled (`/api/%61dmin/orders` is the same route),
 * and before the body is even parsed or validated: a caller who may not use the route learns
 * nothing about its fields.
 *
 * 1. Origin: the console is served by the proxy itself (/admin/), so an admin call comes from
 *    the proxy's own origin — never from a shop page, not even one on ALLOWED_ORIGINS (a script
 *    injected into a shop page must not reach refunds). A request whose `Origin` (or
 *    `Sec-Fetch-Site`) says otherwise is refused, whatever its method; a state-changing one must
 *    say where it came from.
 * 2. Session: logged in (401 otherwise), with the CSRF token on state-changing requests (the
 *    session's usual check, server/auth/csrf.ts).
 * 3. Role: the user's role must hold the route's right (./rights.ts): a shopper gets 403
 *    `staff_only`, a staff member without the right 403 `not_allowed`.
 */
import type { FastifyRequest } from 'fastify';
import type { Config } from '../config';
import { isSafeMethod, requestOrigin } from '../auth/csrf';
import type { AuthenticatedSession } from '../auth/service';
import { HttpError } from '../errors';
import { mayDo, type Right, type StaffRole } from './rights';

export interface StaffMember {
  username: string;
  name: string;
  role: StaffRole;
}

const staffOf = new WeakMap<FastifyRequest, StaffMember>();

/** The staff member the guard let through (only inside admin routes). */
export function staffMember(request: FastifyRequest): StaffMember {
  const staff = staffOf.get(request);
  if (!staff) throw new HttpError(401, 'login_required', 'Please log in to continue.');
  return staff;
}

function assertOwnOrigin(request: FastifyRequest, publicBaseUrl: string): void {
  const own = new Set([`${request.protocol}://${request.host}`, new URL(publicBaseUrl).origin]);
  const origin = requestOrigin(request);
  const site = request.headers['sec-fetch-site'];
  const foreign = (origin !== undefined && !own.has(origin)) || site === 'cross-site' || site === 'same-site';
  if (foreign || (!origin && !isSafeMethod(request.method))) {
    throw new HttpError(403, 'origin_not_allowed', 'The console API answers the console served by this proxy only.');
  }
}

export function adminGuard(config: Pick<Config, 'publicBaseUrl'>, session: (request: FastifyRequest) => Promise<AuthenticatedSession | null>) {
  return async function guard(request: FastifyRequest): Promise<void> {
    assertOwnOrigin(request, config.publicBaseUrl);
    const current = await session(request);
    if (!current) throw new HttpError(401, 'login_required', 'Please log in to continue.');
    const role = current.user.role;
    if (!role) throw new HttpError(403, 'staff_only', 'Only the shop’s staff may use the console.');
    if (!mayDo(role, request.routeOptions.config.right)) {
      request.log.warn({ event: 'admin_refused', username: current.user.username, role, right: request.routeOptions.config.right ?? null }, 'console action refused for this role');
      throw new HttpError(403, 'not_allowed', 'Your role may not do this.');
    }
    staffOf.set(request, { username: current.user.username, name: current.user.name, role });
  };
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The console right a `/api/admin/…` route needs (server/admin/rights.ts). */
    right?: Right;
  }
}
