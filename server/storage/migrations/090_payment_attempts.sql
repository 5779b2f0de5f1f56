-- Payment velocity (server/risk/velocity.ts): every payment attempt and every payment result,
-- counted per customer email, per client address and per card over a sliding window, shared by
-- every proxy on this database. Keys are stored as keyed hashes, never in the clear.
--
-- kind 'session':  a payment session or hosted payment was asked for (weight 1, no card yet);
-- kind 'declined': Checkout.com declined a payment of the order (weight 1 more for its email and
--                  address: a declined attempt counts double; card_weight 2);
-- kind 'approved': a payment was approved (weight 0: already counted; card_weight 1).
CREATE TABLE payment_attempts (
  id bigserial PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('session', 'declined', 'approved')),
  order_id text,
  payment_id text,
  email_hash text,
  ip_hash text,
  card_hash text,
  weight integer NOT NULL,
  card_weight integer NOT NULL DEFAULT 0,
  at timestamptz NOT NULL
);
CREATE INDEX payment_attempts_email ON payment_attempts (email_hash, at);
CREATE INDEX payment_attempts_ip ON payment_attempts (ip_hash, at);
CREATE INDEX payment_attempts_card ON payment_attempts (card_hash, at) WHERE card_hash IS NOT NULL;
CREATE INDEX payment_attempts_order ON payment_attempts (order_id);
-- A result is counted once, however many times it is reported (webhook, status check, replay).
CREATE UNIQUE INDEX payment_attempts_result ON payment_attempts (payment_id, kind) WHERE payment_id IS NOT NULL;
