-- What a customer must hear about (an order paid, a payment declined, a refund, a voided order,
-- insurance cover, a gift card) is written as an event in the SAME transaction as the change: a
-- transactional outbox (server/outbox/). Nothing is sent inside that transaction; a worker any
-- proxy may run delivers it after the commit, so a crash between the commit and the send loses
-- nothing, and a rolled back change sends nothing.
--
-- The language a shopper ordered in: the messages about the order are written in it.
ALTER TABLE orders ADD COLUMN locale text;

CREATE TABLE outbox_events (
  id             text PRIMARY KEY,                 -- evt_… ; the mail's Message-ID derives from it
  type           text NOT NULL,                    -- order_paid, payment_failed, refund_made, order_voided, insurance_cover_confirmed, gift_card_issued …
  -- The change it reports, once: enqueueing the same key again (a replayed webhook, a retried
  -- transaction) records nothing new.
  key            text NOT NULL UNIQUE,
  order_id       text REFERENCES orders (id) ON DELETE CASCADE,
  payload        jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- Scheduled messages (a gift card's delivery date) are not delivered before this time.
  deliver_after  timestamptz NOT NULL DEFAULT now(),
  created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX outbox_events_order ON outbox_events (order_id);

-- One row per event and channel (email today): the idempotency record of its delivery. It is
-- claimed for one attempt at a time (FOR UPDATE SKIP LOCKED, a lease in claimed_until that a
-- crashed worker's successor retakes), retried with exponential backoff (next_attempt_at), and
-- dead after the attempt limit. `sent` is final: nothing sends it again. `skipped`: no longer worth
-- sending when it came due (a payment-failed notice for an order paid since), also final.
CREATE TABLE outbox_deliveries (
  event_id         text NOT NULL REFERENCES outbox_events (id) ON DELETE CASCADE,
  channel          text NOT NULL,
  status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'dead', 'skipped')),
  attempts         integer NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz NOT NULL,
  claimed_until    timestamptz,
  claimed_by       text,
  last_error       text,
  message_id       text,
  sent_at          timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (event_id, channel)
);
CREATE INDEX outbox_deliveries_due ON outbox_deliveries (next_attempt_at) WHERE status = 'pending';
