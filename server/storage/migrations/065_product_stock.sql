-- Stock of catalog products with a count (server/stock/): the count the catalog gives (upserted
-- at start), and what each order took. What is reserved or sold is derived from the orders'
-- statuses: an order awaiting payment (pending, declined) reserves its units, a paid or refunded
-- one sold them, an expired, canceled or voided one gave them back — so expiry, decline and void
-- release stock with no step of their own. A new order checks and takes under the product's row
-- lock (SELECT … FOR UPDATE), so proxies sharing one database never sell more than the count.
CREATE TABLE product_stock (
  reference text PRIMARY KEY,
  stock integer NOT NULL CHECK (stock >= 0),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Written in the order's own transaction before its row (hence the deferred key).
CREATE TABLE order_stock (
  order_id text NOT NULL REFERENCES orders (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
  reference text NOT NULL,
  quantity integer NOT NULL CHECK (quantity > 0),
  PRIMARY KEY (order_id, reference)
);
CREATE INDEX order_stock_reference ON order_stock (reference);
