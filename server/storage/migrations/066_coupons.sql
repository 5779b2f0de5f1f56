-- Coupons in the database (server/coupons/): each code (upper case, the key shoppers' codes are
-- matched on) with its rule (the catalog's coupon object: kind, amounts, minimum, maximum,
-- validity, scope, limits). The demo catalog's coupons are upserted at start; a merchant may
-- add or deactivate rows here.
CREATE TABLE coupons (
  code text PRIMARY KEY CHECK (code = upper(code)),
  rule jsonb NOT NULL,
  active boolean NOT NULL DEFAULT true,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- A coupon's uses are the orders that carry it (orders.coupon) and still count: awaiting payment
-- (reserved) or paid (used); expired, canceled and voided orders give the use back. Counted
-- under the coupon's row lock when an order is created, so proxies sharing one database never
-- let more uses through than the limits.
CREATE INDEX orders_coupon ON orders (upper(coupon)) WHERE coupon IS NOT NULL;
-- Per-customer limits and first-order-only look orders up by customer email (case-insensitive).
CREATE INDEX orders_customer_email ON orders (lower(customer->>'email'));
