-- An order sells exactly the seats it priced, and one client cannot hold a venue.
--
-- order_seats: the seat ids an order priced, written in the same transaction as the order.
-- A paid order sells these seats and no others (server/seats/holds.ts `sell`), whatever its hold
-- holds by then. Rows go with their order (a retention purge deletes both).
CREATE TABLE order_seats (
  order_id     text NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  event_id     text NOT NULL,
  seat_id      text NOT NULL,
  category_id  text NOT NULL,
  PRIMARY KEY (order_id, seat_id)
);
CREATE INDEX order_seats_seat ON order_seats (event_id, seat_id);
-- "Does this hold have a live order?" is asked on every hold change and every new order.
CREATE INDEX orders_seat_hold ON orders (seat_hold_id) WHERE seat_hold_id IS NOT NULL;

-- Orders from before this migration priced their hold's seats as they were then: the best record left.
INSERT INTO order_seats (order_id, event_id, seat_id, category_id)
SELECT o.id, h.event_id, s ->> 'seatId', s ->> 'categoryId'
FROM orders o JOIN seat_holds h ON h.id = o.seat_hold_id, jsonb_array_elements(h.seats) AS s
ON CONFLICT DO NOTHING;

-- The order a sold seat was sold to: a second order paid for the same seat finds it taken and is refunded.
ALTER TABLE seat_claims ADD COLUMN order_id text;
UPDATE seat_claims c SET order_id = h.order_id FROM seat_holds h WHERE c.hold_id = h.id AND c.state = 'sold';

-- HMAC (keyed with SESSION_SECRET) of the client address that made or last changed the hold:
-- the per-address cap on seats held at once (SEAT_HOLDS_PER_IP) counts by it. Never the address itself.
ALTER TABLE seat_holds ADD COLUMN client text;
CREATE INDEX seat_holds_client ON seat_holds (event_id, client) WHERE status = 'held';
