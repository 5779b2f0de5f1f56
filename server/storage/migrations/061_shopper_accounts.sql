-- Shopper accounts (server/accounts/): sign-up, saved addresses, the orders they made, and the
-- sign-up throttle. Staff and the demo user stay in the users file (USERS_FILE).

CREATE TABLE shopper_accounts (
  id             text PRIMARY KEY,
  email          text NOT NULL,
  -- The email as login names are compared (NFKC, trimmed, lower case): one account per address.
  email_key      text NOT NULL UNIQUE,
  name           text NOT NULL,
  phone          text,
  -- scrypt$N$r$p$salt$key (server/auth/password.ts); never the password.
  password_hash  text NOT NULL,
  created_at     timestamptz NOT NULL
);

CREATE TABLE shopper_addresses (
  id          text PRIMARY KEY,
  account_id  text NOT NULL REFERENCES shopper_accounts (id) ON DELETE CASCADE,
  address     jsonb NOT NULL,
  created_at  timestamptz NOT NULL
);
CREATE INDEX shopper_addresses_account ON shopper_addresses (account_id, created_at);

-- The account an order was made in, set by the proxy from the session (never from the request
-- body); NULL for a guest's order.
ALTER TABLE orders ADD COLUMN account_id text REFERENCES shopper_accounts (id);
CREATE INDEX orders_account ON orders (account_id, created_at) WHERE account_id IS NOT NULL;

-- Sign-ups per client IP in a sliding window (server/accounts/signup-limiter.ts), shared by every proxy.
CREATE TABLE account_signup_attempts (
  id  bigserial PRIMARY KEY,
  ip  text NOT NULL,
  at  timestamptz NOT NULL
);
CREATE INDEX account_signup_attempts_ip ON account_signup_attempts (ip, at);
-- Tries past the window are deleted by the next sign-up, whichever address it comes from.
CREATE INDEX account_signup_attempts_at ON account_signup_attempts (at);
