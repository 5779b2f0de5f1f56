/**
 * Login, logout and the current user; the CSRF header.
 *
 * Part of the proxy's HTTP contract (contract/api): zod schemas the server validates with;
 * the kit imports their types only.
 */
import { z } from 'zod';
import { FIELD_MAX } from '../fields';
import { HEADERS } from '../limits';

/** The header the kit sends the session's CSRF token in, on requests that rely on the session cookie. */
export const CSRF_HEADER = HEADERS.csrf;

export const loginRequestSchema = z.strictObject({
  /** A username of the users file, or a shopper account's email. */
  username: z.string().trim().min(1, 'is required').max(FIELD_MAX.email),
  password: z.string().min(1, 'is required').max(256),
});
export type LoginRequest = z.infer<typeof loginRequestSchema>;

export const authUserSchema = z.strictObject({
  username: z.string(),
  name: z.string(),
  email: z.string().optional(),
  /** A shopper account (server/accounts/): it has a profile, saved addresses and an order history. */
  account: z.boolean().optional(),
  /** Staff only (the console at /admin/): `staff` or `admin`. */
  role: z.enum(['staff', 'admin']).optional(),
});

/** `GET /api/auth/me` and `POST /api/auth/login` → 200. */
export const meResponseSchema = z.strictObject({
  authenticated: z.boolean(),
  user: authUserSchema.optional(),
  /** Send back in the `X-CSRF-Token` header on state-changing requests while logged in. */
  csrfToken: z.string().optional(),
  expiresAt: z.iso.datetime().optional(),
});
export type MeResponse = z.infer<typeof meResponseSchema>;
