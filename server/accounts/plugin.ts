/**
 * The accounts feature: shoppers who sign up with an email and a password (kept in the
 * database; USERS_FILE stays for staff and the demo user), log in and out through the same
 * session cookie and CSRF design as every login (server/auth/), keep addresses, and find the
 * orders they made while logged in.
 *
 *   app.accounts   the store (./store.ts): accounts, saved addresses, the account's orders
 *
 * Accounts are a user source of `app.auth`: `POST /api/auth/login` takes an account's email as
 * its username. Orders are tied to their account by the order service from the session
 * (server/orders/payments.ts), never from the request body. Routes (encapsulated): ./routes.ts.
 */
import fp from 'fastify-plugin';
import { systemClock, type Clock } from '../auth/db';
import type { Config } from '../config';
import routes from './routes';
import { SignupLimiter } from './signup-limiter';
import { AccountStore, accountIdOf, accountUser, ownsSessionName, sessionNameOf } from './store';

declare module 'fastify' {
  interface FastifyInstance {
    accounts: AccountStore;
  }
}

export interface AccountsOptions {
  config: Pick<Config, 'signupMaxPerIp'>;
  clock?: Clock;
}

export default fp<AccountsOptions>(
  async function accountsPlugin(app, opts) {
    const clock = opts.clock ?? systemClock;
    const store = new AccountStore(app.db);
    app.decorate('accounts', store);

    app.auth.addUserSource({
      owns: ownsSessionName,
      async byLogin(login) {
        if (!login.includes('@')) return undefined;
        const row = await store.byEmail(login);
        return row && { sessionName: sessionNameOf(row.id), user: accountUser(row), passwordHash: row.password_hash };
      },
      async bySessionName(sessionName) {
        const id = accountIdOf(sessionName);
        const row = id ? await store.byId(id) : undefined;
        return row && accountUser(row);
      },
    });

    await app.register(routes, { clock, limiter: new SignupLimiter(app.db, clock, opts.config.signupMaxPerIp) });
  },
  { name: 'ck-accounts', dependencies: ['ck-auth', 'ck-storage'] },
);
