-- Orders, payments, the payment audit log, webhook de-duplication and idempotency keys.
-- Plain PostgreSQL: the same file runs on PGlite (embedded) and on a real server.

CREATE TABLE orders (
  id            text PRIMARY KEY,
  status        text NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'paid', 'declined', 'canceled', 'expired', 'refunded')),
  channel       text NOT NULL CHECK (channel IN ('flow', 'hpp')),
  amount        bigint NOT NULL CHECK (amount >= 0),
  currency      char(3) NOT NULL,
  subtotal      bigint NOT NULL,
  discount      bigint NOT NULL,
  shipping      bigint NOT NULL,
  tax           bigint NOT NULL,
  coupon        text,
  country       char(2) NOT NULL,
  lines         jsonb NOT NULL,
  customer      jsonb NOT NULL,
  addresses     jsonb NOT NULL DEFAULT '{}'::jsonb,
  fx            jsonb,
  -- Checkout.com payment session (ps_…) or hosted payment (hpp_…) that pays this order.
  session_id    text UNIQUE,
  -- Seat holds are added by a later migration (seat_holds table + FK); kept here so an
  -- order can point at its hold from day one.
  seat_hold_id  text,
  insurance_quote_id text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX orders_status_idx ON orders (status, created_at);

CREATE TABLE payments (
  id             text PRIMARY KEY,               -- pay_…
  order_id       text NOT NULL REFERENCES orders (id),
  session_id     text,
  status         text NOT NULL,                  -- Checkout.com's status (Authorized, Captured, Declined …)
  amount         bigint NOT NULL,
  currency       char(3) NOT NULL,
  response_code  text,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX payments_order_idx ON payments (order_id);

-- Audit log: every change to an order's payment state and every refusal to change it.
CREATE TABLE payment_events (
  id          bigserial PRIMARY KEY,
  order_id    text,
  payment_id  text,
  source      text NOT NULL CHECK (source IN ('session', 'hpp', 'verify', 'webhook')),
  type        text NOT NULL,
  actor       text NOT NULL,                    -- who: 'checkout.com', 'shopper', request ip …
  detail      jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX payment_events_order_idx ON payment_events (order_id, id);

-- One row per Checkout.com event id: a replayed delivery finds its row and changes nothing.
CREATE TABLE webhook_events (
  event_id     text PRIMARY KEY,
  type         text NOT NULL,
  payment_id   text,
  outcome      text NOT NULL,
  received_at  timestamptz NOT NULL DEFAULT now()
);

-- Idempotency-Key of session creation. The primary key is what makes N proxies sharing one
-- database agree on a single owner per key.
CREATE TABLE idempotency_keys (
  scope         text NOT NULL,
  key           text NOT NULL,
  request_hash  text NOT NULL,
  state         text NOT NULL CHECK (state IN ('in_flight', 'done')),
  status_code   integer,
  response      jsonb,
  locked_until  timestamptz NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (scope, key)
);
