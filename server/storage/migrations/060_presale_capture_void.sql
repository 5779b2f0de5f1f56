-- Presale orders are authorised without capture; the card that paid is checked on the server,
-- then the payment is captured (eligible) or voided (not eligible). server/payments.ts.
--
-- card_rule: the presale rule the order was priced under ({ eventId, eventName, rules }), null
-- for orders without one. The card that paid must pass it before the order is paid.
ALTER TABLE orders ADD COLUMN card_rule jsonb;

-- voided: the authorisation was voided (today: the card that paid failed the presale rule), so
-- nothing was charged and the order's seats went back on sale.
ALTER TABLE orders DROP CONSTRAINT orders_status_check;
ALTER TABLE orders ADD CONSTRAINT orders_status_check
  CHECK (status IN ('pending', 'paid', 'declined', 'canceled', 'expired', 'partially_refunded', 'refunded', 'voided'));

-- The refund queue becomes the queue of every call the proxy owes Checkout.com after a commit:
-- refunds, captures and voids (server/storage/upstream-actions.ts). Same rows, same lease and
-- idempotency-key rules; `kind` says which call. A void records the amount it releases.
ALTER TABLE refund_requests RENAME TO upstream_actions;
ALTER INDEX refund_requests_due RENAME TO upstream_actions_due;
ALTER INDEX refund_requests_order RENAME TO upstream_actions_order;
ALTER TABLE upstream_actions ADD COLUMN kind text NOT NULL DEFAULT 'refund';
ALTER TABLE upstream_actions ALTER COLUMN kind DROP DEFAULT;
ALTER TABLE upstream_actions ADD CONSTRAINT upstream_actions_kind_check CHECK (kind IN ('refund', 'capture', 'void'));
-- A refund of a payment waits for that payment's capture: the claim looks them up by payment.
CREATE INDEX upstream_actions_payment ON upstream_actions (payment_id) WHERE status = 'pending';

-- Captures and voids are audited under their own source, like refunds.
ALTER TABLE payment_events DROP CONSTRAINT payment_events_source_check;
ALTER TABLE payment_events ADD CONSTRAINT payment_events_source_check
  CHECK (source IN ('session', 'hpp', 'verify', 'webhook', 'expiry', 'refund', 'capture', 'void'));
