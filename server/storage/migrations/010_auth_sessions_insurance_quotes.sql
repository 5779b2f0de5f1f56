-- Sessions, login throttling and insurance quotes (server/auth, server/insurance).

CREATE TABLE IF NOT EXISTS auth_sessions (
  -- SHA-256 of the session id: the cookie's value never rests in the database.
  id_hash     text PRIMARY KEY,
  username    text NOT NULL,
  csrf_token  text NOT NULL,
  created_at  timestamptz NOT NULL,
  expires_at  timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS auth_sessions_expires_at ON auth_sessions (expires_at);

CREATE TABLE IF NOT EXISTS auth_login_failures (
  id        bigserial PRIMARY KEY,
  username  text NOT NULL,
  ip        text NOT NULL,
  at        timestamptz NOT NULL,
  -- Set by a successful login: the failure stops counting against the account, but still
  -- counts against the IP it came from.
  account_cleared boolean NOT NULL DEFAULT false
);
CREATE INDEX IF NOT EXISTS auth_login_failures_username ON auth_login_failures (username, at);
CREATE INDEX IF NOT EXISTS auth_login_failures_ip ON auth_login_failures (ip, at);
CREATE INDEX IF NOT EXISTS auth_login_failures_at ON auth_login_failures (at);

CREATE TABLE IF NOT EXISTS insurance_quotes (
  id                 text PRIMARY KEY,
  plan_id            text NOT NULL,
  plan_name          text NOT NULL,
  currency           text NOT NULL,
  amount             bigint NOT NULL,
  payment_frequency  text NOT NULL,
  lines              jsonb NOT NULL,
  age                integer NOT NULL,
  -- The applicant's details, kept with the quote they were underwritten on.
  applicant          jsonb NOT NULL,
  coverage_options   jsonb NOT NULL,
  -- Set when the quote was made in a journey that requires login: only that user may read it.
  username           text,
  requires_login     boolean NOT NULL,
  created_at         timestamptz NOT NULL,
  expires_at         timestamptz NOT NULL,
  paid_at            timestamptz
);
CREATE INDEX IF NOT EXISTS insurance_quotes_expires_at ON insurance_quotes (expires_at);
