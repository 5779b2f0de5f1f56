/**
 * `/api/auth/signup` and `/api/account/*`: thin routes over `app.accounts` (./store.ts) and
 * `app.auth` (the session, its CSRF check). Every `/api/account` route needs an account's
 * session: 401 logged out, 403 for a session of the users file (staff, the demo user).
 */
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ACCOUNT_ORDERS_PAGE_SIZE,
  accountOrderDetailSchema,
  accountOrdersQuerySchema,
  accountOrdersResponseSchema,
  accountProfileSchema,
  errorResponseSchema,
  meResponseSchema,
  newSavedAddressSchema,
  savedAddressesResponseSchema,
  savedAddressSchema,
  signupRequestSchema,
} from '../../contract/api';
import type { Clock } from '../auth/db';
import { hashPassword } from '../auth/password';
import { meOf } from '../auth/routes';
import { HttpError } from '../errors';
import { passwordProblem } from './passwords';
import type { SignupLimiter } from './signup-limiter';
import { accountIdOf, accountUser, MAX_SAVED_ADDRESSES, sessionNameOf } from './store';

const errors = { 400: errorResponseSchema, 401: errorResponseSchema, 403: errorResponseSchema, 404: errorResponseSchema, 409: errorResponseSchema, 429: errorResponseSchema };

/** What an order id may look like (server/orders/payments.ts `newOrderId`, and older ids); anything else is just not found. */
const ORDER_ID = /^[A-Za-z0-9_-]{1,64}$/;

const EMAIL_TAKEN = 'An account with this email already exists. Log in instead, or use another email.';

const routes: FastifyPluginAsyncZod<{ clock: Clock; limiter: SignupLimiter }> = async (app, { clock, limiter }) => {
  // Answers about an account are per shopper: never cached by the browser or anything between.
  app.addHook('onSend', async (_request, reply) => {
    void reply.header('cache-control', 'no-store');
  });

  const rateLimit = app.hasDecorator('rateTiers') ? { config: { rateLimit: app.rateTiers.auth } } : {};

  /** The account of the request's session (CSRF-checked on state-changing methods). */
  async function accountOf(request: FastifyRequest): Promise<string> {
    const session = await app.auth.requireSession(request);
    const id = accountIdOf(session.username);
    if (!id) throw new HttpError(403, 'account_required', 'This is for shopper accounts: log in with the email of your account.');
    return id;
  }

  app.post(
    '/api/auth/signup',
    { ...rateLimit, schema: { body: signupRequestSchema, response: { 201: meResponseSchema, ...errors } } },
    async (request, reply) => {
      // Sign-up CSRF (logging a victim into an attacker's new account) is stopped like login CSRF.
      app.auth.assertOrigin(request);
      const { email, password, name, phone } = request.body;
      // A password refused by its rules says nothing about the email: the shopper may try again.
      const problem = passwordProblem(password, { email, name });
      if (problem) throw new HttpError(400, problem.code, problem.message, [{ path: 'password', message: problem.message }]);
      // Every try that reaches the email counts, made or refused as taken: no bulk accounts, no bulk probing.
      const blocked = await limiter.take(request.ip);
      if (blocked) {
        const minutes = Math.ceil(blocked.retryAfter / 60);
        throw new HttpError(429, 'too_many_signups', `Too many accounts were created from this network. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`, undefined, {
          'retry-after': String(blocked.retryAfter),
        });
      }
      const taken = () => new HttpError(409, 'email_taken', EMAIL_TAKEN, [{ path: 'email', message: EMAIL_TAKEN }]);
      // A login name of the users file (staff) is taken too: the file would answer its logins.
      if (app.auth.isFileUser(email)) throw taken();
      const row = await app.accounts.create({ email, name, ...(phone ? { phone } : {}), passwordHash: await hashPassword(password) }, clock());
      if (!row) throw taken();
      request.log.info({ event: 'account_created' }, 'account created');
      const session = await app.auth.startSession(request, reply, sessionNameOf(row.id), accountUser(row));
      return reply.code(201).send(meOf(session));
    },
  );

  app.get('/api/account', { schema: { response: { 200: accountProfileSchema, ...errors } } }, async (request) => {
    const row = await app.accounts.byId(await accountOf(request));
    if (!row) throw new HttpError(401, 'login_required', 'Please log in to continue.');
    return app.accounts.profile(row);
  });

  app.get('/api/account/addresses', { schema: { response: { 200: savedAddressesResponseSchema, ...errors } } }, async (request) => ({
    addresses: await app.accounts.addresses(await accountOf(request)),
  }));

  app.post(
    '/api/account/addresses',
    { schema: { body: newSavedAddressSchema, response: { 201: savedAddressSchema, ...errors } } },
    async (request, reply) => {
      const saved = await app.accounts.addAddress(app.db, await accountOf(request), request.body, clock());
      if (!saved) throw new HttpError(409, 'too_many_addresses', `An account keeps at most ${MAX_SAVED_ADDRESSES} addresses.`);
      return reply.code(201).send(saved);
    },
  );

  app.get(
    '/api/account/orders',
    { schema: { querystring: accountOrdersQuerySchema, response: { 200: accountOrdersResponseSchema, ...errors } } },
    async (request) => {
      const { page } = request.query;
      const { orders, total } = await app.accounts.orders(await accountOf(request), page);
      return { orders, page, pageSize: ACCOUNT_ORDERS_PAGE_SIZE, total, pages: Math.ceil(total / ACCOUNT_ORDERS_PAGE_SIZE) };
    },
  );

  app.get(
    '/api/account/orders/:id',
    { schema: { params: z.strictObject({ id: z.string().min(1).max(64) }), response: { 200: accountOrderDetailSchema, ...errors } } },
    async (request) => {
      const accountId = await accountOf(request);
      const { id } = request.params;
      const order = ORDER_ID.test(id) ? await app.accounts.order(accountId, id) : undefined;
      // Another account's order answers as a missing one: its existence is not revealed.
      if (!order) throw new HttpError(404, 'order_not_found', 'No such order in your account.');
      return order;
    },
  );
};

export default routes;
