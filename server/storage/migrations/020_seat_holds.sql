-- Seat holds and sales. A seat is taken while a row for it exists in seat_claims: its primary
-- key (event_id, seat_id) is what gives concurrent requests for one seat exactly one winner,
-- in one process or many sharing this database. Released and expired holds delete their
-- claims; a paid order turns its claims into sales (state 'sold', no expiry).

CREATE TABLE seat_holds (
  id          text PRIMARY KEY,                 -- sh_…
  event_id    text NOT NULL,
  -- SHA-256 of the buyer's holder token (X-Ck-Holder); the token itself is never stored.
  holder      text NOT NULL,
  status      text NOT NULL DEFAULT 'held' CHECK (status IN ('held', 'released', 'expired', 'sold')),
  -- [{ "seatId", "categoryId" }] as held: what the order is priced from.
  seats       jsonb NOT NULL,
  expires_at  timestamptz NOT NULL,
  extended    boolean NOT NULL DEFAULT false,
  order_id    text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
-- One active hold per buyer and event: a new hold request replaces the buyer's seats.
CREATE UNIQUE INDEX seat_holds_active_holder ON seat_holds (event_id, holder) WHERE status = 'held';
CREATE INDEX seat_holds_expiry ON seat_holds (expires_at) WHERE status = 'held';

CREATE TABLE seat_claims (
  event_id    text NOT NULL,
  seat_id     text NOT NULL,
  hold_id     text NOT NULL REFERENCES seat_holds (id),
  state       text NOT NULL CHECK (state IN ('held', 'sold')),
  expires_at  timestamptz,                      -- null once sold
  PRIMARY KEY (event_id, seat_id)
);
CREATE INDEX seat_claims_hold ON seat_claims (hold_id);

-- Per-event availability version. Every change to an event's seats locks and bumps this row
-- in its transaction: changes are serialised per event (no deadlocks between multi-seat
-- holds) and versions follow commit order, so a live map can detect a missed message.
CREATE TABLE seat_versions (
  event_id    text PRIMARY KEY,
  version     bigint NOT NULL DEFAULT 0
);
