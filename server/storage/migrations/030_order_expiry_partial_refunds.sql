-- Partial refunds and the pending-order expiry sweep (server/storage/orders.ts).
--
-- An order refunded in part is 'partially_refunded' until its refunds add up to its amount,
-- then 'refunded'; refunded_amount is the running total (minor units), never above the amount.
-- Orders refunded before this migration were refunded in full.

ALTER TABLE orders DROP CONSTRAINT orders_status_check;
ALTER TABLE orders ADD CONSTRAINT orders_status_check
  CHECK (status IN ('pending', 'paid', 'declined', 'canceled', 'expired', 'partially_refunded', 'refunded'));
ALTER TABLE orders ADD COLUMN refunded_amount bigint NOT NULL DEFAULT 0;
UPDATE orders SET refunded_amount = amount WHERE status = 'refunded';
ALTER TABLE orders ADD CONSTRAINT orders_refunded_amount_check CHECK (refunded_amount >= 0 AND refunded_amount <= amount);

-- The expiry sweep audits its own moves: the proxy, not Checkout.com or a shopper, decided them.
ALTER TABLE payment_events DROP CONSTRAINT payment_events_source_check;
ALTER TABLE payment_events ADD CONSTRAINT payment_events_source_check
  CHECK (source IN ('session', 'hpp', 'verify', 'webhook', 'expiry'));
