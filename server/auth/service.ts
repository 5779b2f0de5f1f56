/**
 * The auth service (`app.auth`; the feature's plugin, ./plugin.ts, adds the routes): users from the users file, server-side sessions behind a signed cookie,
 * throttled logins, and CSRF checks for every request that relies on the session.
 *
 * Routes that act on the session call `app.auth.session(request)` (optional) or
 * `app.auth.requireSession(request)`; both run the CSRF check on state-changing methods, so
 * no route that trusts the cookie can forget it.
 *
 * Cookie choice: `HttpOnly` (scripts never see the id), signed with SESSION_SECRET (HMAC-SHA256),
 * `Path=/`. SameSite depends on how the proxy is served:
 * - over http (local dev and the demo) it is `Lax`: cross-site requests never carry it, and
 *   `localhost:3000` → `localhost:4242` is still same-site (ports do not make sites), so
 *   local embeds work;
 * - over https with merchant origins on the allowlist, the kit calls the proxy from another
 *   site, which only `SameSite=None` allows, and browsers accept `None` only with `Secure`.
 *   `Partitioned` (CHIPS) keeps it working where third-party cookies are blocked: the
 *   session is then per embedding site, which is what a login inside that site means.
 *   The `__Host-` prefix pins it to the proxy's host (no Domain, Path=/, Secure).
 * With `None`, the Origin check and the CSRF token are what stop a foreign page, not SameSite.
 */
import fp from 'fastify-plugin';
import cookie from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CookieSerializeOptions } from '@fastify/cookie';
import type { Config } from '../config';
import { HttpError } from '../errors';
import { assertCsrf, isTrustedOrigin, requestOrigin } from './csrf';
import type { Database } from '../storage/db';
import { systemClock, type Clock } from './db';
import { LOGIN_MAX_FAILURES, LOGIN_MAX_FAILURES_PER_IP, LoginLimiter } from './login-limiter';
import { dummyHash, verifyPassword } from './password';
import { SESSION_TTL_MS, SessionStore, type Session } from './sessions';
import { normalizeUsername, publicUser, UserDirectory, type PublicUser, type User } from './users';

export interface AuthOptions {
  config: Pick<Config, 'publicBaseUrl' | 'allowedOrigins' | 'session' | 'usersFile'> & Partial<Pick<Config, 'loginMaxFailuresPerIp'>>;
  db: Database;
  users?: UserDirectory;
  clock?: Clock;
}

/** Who a session is: a user of the users file, or a shopper account (`account: true`). */
export type SessionUser = PublicUser & { account?: boolean };

export interface AuthenticatedSession extends Session {
  /** The session id from the cookie (never logged, never returned). */
  id: string;
  user: SessionUser;
}

/**
 * Users kept elsewhere than the users file (the shopper accounts of server/accounts/). A source
 * owns the session names (`Session.username`) it hands out; the users file never answers for them.
 */
export interface UserSource {
  owns(sessionName: string): boolean;
  /** The user a login name (normalized) names, with its password hash and the name its sessions carry. */
  byLogin(login: string): Promise<{ sessionName: string; user: SessionUser; passwordHash: string } | undefined>;
  /** The user behind a session name this source owns. */
  bySessionName(sessionName: string): Promise<SessionUser | undefined>;
}

export interface AuthService {
  readonly cookieName: string;
  /** The request's session, or null; on state-changing methods, only after the CSRF check passes. */
  session(request: FastifyRequest): Promise<AuthenticatedSession | null>;
  /** Like session(), but 401 without one. */
  requireSession(request: FastifyRequest): Promise<AuthenticatedSession>;
  login(request: FastifyRequest, reply: FastifyReply, username: string, password: string): Promise<AuthenticatedSession>;
  logout(request: FastifyRequest, reply: FastifyReply): Promise<void>;
  /** The origin check alone, for requests with no session yet (the login itself). */
  assertOrigin(request: FastifyRequest): void;
  /** Adds a source of users besides the users file (shopper accounts). */
  addUserSource(source: UserSource): void;
  /** Whether a login name belongs to a user of the users file (staff, the demo user). */
  isFileUser(login: string): boolean;
  /** A new session for a user who just proved who they are (a login, a sign-up): cookie set, old session ended. */
  startSession(request: FastifyRequest, reply: FastifyReply, sessionName: string, user: SessionUser): Promise<AuthenticatedSession>;
}

declare module 'fastify' {
  interface FastifyInstance {
    auth: AuthService;
  }
}

const sessionCache = new WeakMap<FastifyRequest, Promise<AuthenticatedSession | null>>();

/** The cookie name and options for a proxy cookie (the session's, or `ck_holder` for seat holds: one policy for both). */
export function cookieSettings(config: Pick<Config, 'publicBaseUrl' | 'allowedOrigins'>, base = 'ck_session'): { name: string; options: CookieSerializeOptions } {
  const secure = config.publicBaseUrl.startsWith('https:');
  const crossSite = config.allowedOrigins.some((origin) => origin !== config.publicBaseUrl);
  const options: CookieSerializeOptions = {
    httpOnly: true,
    path: '/',
    signed: true,
    secure,
    sameSite: secure && crossSite ? 'none' : 'lax',
    ...(secure && crossSite ? { partitioned: true } : {}),
  };
  return { name: secure ? `__Host-${base}` : base, options };
}

export default fp<AuthOptions>(
  async function authPlugin(app, options) {
    const { config, db } = options;
    const clock = options.clock ?? systemClock;
    // USERS_FILE=none: nobody can log in (a shop without accounts); unset: the demo users (sandbox only, see config.ts).
    const users = options.users ?? (config.usersFile === false ? new UserDirectory([]) : UserDirectory.fromFile(config.usersFile));
    const sessions = new SessionStore(db, clock);
    const limiter = new LoginLimiter(db, clock, LOGIN_MAX_FAILURES, config.loginMaxFailuresPerIp ?? LOGIN_MAX_FAILURES_PER_IP);
    const { name: cookieName, options: cookieOptions } = cookieSettings(config);
    const sources: UserSource[] = [];
    const sourceOf = (sessionName: string) => sources.find((s) => s.owns(sessionName));

    if (config.session.generated) {
      app.log.warn('SESSION_SECRET is not set: a random one signs session cookies, so logins end when the proxy restarts and are not shared between proxies');
    }

    if (!app.hasDecorator('parseCookie')) {
      await app.register(cookie, { secret: config.session.secret, algorithm: 'sha256' });
    }

    function sessionIdOf(request: FastifyRequest): string | undefined {
      const raw = request.cookies[cookieName];
      if (!raw) return undefined;
      const unsigned = request.unsignCookie(raw);
      return unsigned.valid && unsigned.value ? unsigned.value : undefined;
    }

    async function load(request: FastifyRequest): Promise<AuthenticatedSession | null> {
      const id = sessionIdOf(request);
      if (!id) return null;
      const session = await sessions.get(id);
      if (!session) return null;
      const source = sourceOf(session.username);
      const fileUser = source ? undefined : users.find(session.username);
      const user = source ? await source.bySessionName(session.username) : fileUser && publicUser(fileUser);
      return user ? { ...session, id, user } : null;
    }

    const service: AuthService = {
      cookieName,

      async session(request) {
        let pending = sessionCache.get(request);
        if (!pending) {
          pending = load(request);
          sessionCache.set(request, pending);
        }
        const session = await pending;
        if (session) assertCsrf(request, session, config.allowedOrigins);
        return session;
      },

      async requireSession(request) {
        const session = await service.session(request);
        if (!session) throw new HttpError(401, 'login_required', 'Please log in to continue.');
        return session;
      },

      assertOrigin(request) {
        // Login CSRF (logging a victim into the attacker's account) is stopped by the origin
        // check: a foreign page's Origin is never on the allowlist.
        const origin = requestOrigin(request);
        if (origin && !isTrustedOrigin(request, origin, config.allowedOrigins)) {
          throw new HttpError(403, 'origin_not_allowed', 'This request did not come from an allowed origin.');
        }
      },

      async login(request, reply, username, password) {
        service.assertOrigin(request);
        const account = normalizeUsername(username);
        const limit = await limiter.begin(account, request.ip);
        if (limit.blocked) {
          const minutes = Math.ceil(limit.retryAfter / 60);
          throw new HttpError(
            429,
            'too_many_attempts',
            `Too many login attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
            undefined,
            { 'retry-after': String(limit.retryAfter) },
          );
        }
        // The users file first (staff, the demo user), then the other sources (shopper accounts, by email).
        const fileUser: User | undefined = sourceOf(account) ? undefined : users.find(account);
        let found: { sessionName: string; user: SessionUser; passwordHash: string } | undefined = fileUser && { sessionName: account, user: publicUser(fileUser), passwordHash: fileUser.passwordHash };
        for (const source of sources) found ??= await source.byLogin(account);
        // An unknown user costs one scrypt too, so timing does not reveal which usernames exist.
        const ok = await verifyPassword(password, found?.passwordHash ?? (await dummyHash()));
        if (!found || !ok) {
          await limiter.failed(limit);
          request.log.info({ event: 'login_failed' }, 'login failed');
          throw new HttpError(401, 'invalid_credentials', 'The username or password is incorrect.', [
            { path: 'password', message: 'The username or password is incorrect.' },
          ]);
        }
        await limiter.succeeded(limit, account);
        const authenticated = await service.startSession(request, reply, found.sessionName, found.user);
        request.log.info({ event: 'login' }, 'login succeeded');
        return authenticated;
      },

      async startSession(request, reply, sessionName, user) {
        // A new id on every login: a session id planted before login (fixation) is worthless.
        const previous = sessionIdOf(request);
        if (previous) await sessions.destroy(previous);
        const { id, session } = await sessions.create(sessionName);
        void reply.setCookie(cookieName, id, { ...cookieOptions, maxAge: Math.floor(SESSION_TTL_MS / 1000) });
        const authenticated: AuthenticatedSession = { ...session, id, user };
        sessionCache.set(request, Promise.resolve(authenticated));
        return authenticated;
      },

      addUserSource(source) {
        sources.push(source);
      },

      isFileUser(login) {
        return users.find(login) !== undefined;
      },

      async logout(request, reply) {
        const session = await service.session(request);
        if (session) await sessions.destroy(session.id);
        void reply.clearCookie(cookieName, { ...cookieOptions, signed: false });
      },
    };

    app.decorate('auth', service);
  },
  { name: 'ck-auth-sessions', dependencies: [] },
);
