-- Who may read an order's payment detail, repeatable session binding, webhook events kept for
-- later, and the indexes the retention sweep (server/plugins/retention.ts) deletes by.

-- SHA-256 of the order's payment-detail token. The token goes to the browser that made the
-- order (in the session creation's answer) and comes back as X-Ck-Order-Token; anyone else
-- holding a payment id learns its status only.
ALTER TABLE orders ADD COLUMN access_hash text;

-- The (derived, opaque) Idempotency-Key that created the order and the hash of its request:
-- a retry with the same key after a failed session binding finds this order and binds the
-- session Checkout.com replays to it, instead of making a second order.
ALTER TABLE orders ADD COLUMN idempotency_key text;
ALTER TABLE orders ADD COLUMN request_hash text;
CREATE UNIQUE INDEX orders_idempotency_key ON orders (idempotency_key) WHERE idempotency_key IS NOT NULL;

-- Webhook events that arrived before their order could take them (a refund before the
-- approval: Checkout.com does not promise order). Applied, in the order they came, in the
-- transaction that makes the order paid; deleted once applied.
CREATE TABLE webhook_kept (
  event_id    text PRIMARY KEY,
  order_id    text NOT NULL REFERENCES orders (id),
  type        text NOT NULL,
  data        jsonb NOT NULL,
  -- Why it could not apply when it came (e.g. transition_refused from pending).
  reason      text NOT NULL,
  kept_at     timestamptz NOT NULL DEFAULT now(),
  seq         bigserial
);
CREATE INDEX webhook_kept_order ON webhook_kept (order_id, seq);

CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
CREATE INDEX seat_holds_finished ON seat_holds (updated_at) WHERE status IN ('released', 'expired');
CREATE INDEX insurance_quotes_unpaid_expiry ON insurance_quotes (expires_at) WHERE paid_at IS NULL;
