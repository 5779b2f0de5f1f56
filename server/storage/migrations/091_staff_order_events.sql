-- What staff did to an order without moving money (a receipt sent again, server/admin/orders.ts)
-- is part of the order's own trail, under its own source.
ALTER TABLE payment_events DROP CONSTRAINT payment_events_source_check;
ALTER TABLE payment_events ADD CONSTRAINT payment_events_source_check
  CHECK (source IN ('session', 'hpp', 'verify', 'webhook', 'expiry', 'refund', 'capture', 'void', 'staff'));
