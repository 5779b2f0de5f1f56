-- Refunds the proxy owes a shopper and asks Checkout.com for (server/storage/refunds.ts,
-- server/plugins/refunds.ts): today, the seats a paid order's expired hold lost to another buyer.
--
-- A row is written in the same transaction as its reason (the order becoming paid), never by
-- the upstream call, so the debt survives a crash between that commit and the call. Its id is
-- the Cko-Idempotency-Key every attempt sends, from whichever proxy: Checkout.com refunds once
-- however often the call is repeated. An attempt claims the row by moving next_attempt_at
-- forward (a lease, SKIP LOCKED), so proxies sharing this database never call at the same time,
-- and a proxy that died mid-call is taken over once its lease runs out.

CREATE TABLE refund_requests (
  id               text PRIMARY KEY,                 -- ck-… : derived from the order id and the lost seats
  order_id         text NOT NULL REFERENCES orders (id),
  payment_id       text NOT NULL,                    -- pay_… being refunded
  amount           bigint NOT NULL CHECK (amount > 0),
  currency         char(3) NOT NULL,
  reason           text NOT NULL,                    -- 'seats_lost'
  detail           jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- pending: owed, not yet accepted upstream; accepted: Checkout.com took it (202, action_id);
  -- failed: refused for good or out of attempts — a person must look (audited, logged).
  status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'failed')),
  attempts         integer NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz NOT NULL DEFAULT now(),
  action_id        text,
  last_error       text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX refund_requests_due ON refund_requests (next_attempt_at) WHERE status = 'pending';
CREATE INDEX refund_requests_order ON refund_requests (order_id);

-- The proxy's own refund attempts are audited under their own source.
ALTER TABLE payment_events DROP CONSTRAINT payment_events_source_check;
ALTER TABLE payment_events ADD CONSTRAINT payment_events_source_check
  CHECK (source IN ('session', 'hpp', 'verify', 'webhook', 'expiry', 'refund'));
