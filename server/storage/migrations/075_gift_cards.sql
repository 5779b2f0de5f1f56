-- Gift cards that exist (server/gift-cards/): issued when the order that bought them is paid,
-- spent at checkout by later orders.
--
-- gift_cards: one row per card. The code itself is never stored in the clear: `code_hash` is
-- HMAC-SHA256 of the normalised code under GIFT_CARD_SECRET (what a lookup compares), and
-- `code_sealed` is the code sealed with AES-256-GCM under a key derived from the same secret,
-- so the mail worker can send it to the recipient on `deliver_on` (then sets `delivered_at`).
-- `amount` is the face value (the balance it started with); what is left is `amount` less the
-- redemptions that hold or took part of it (see below).
CREATE TABLE gift_cards (
  id text PRIMARY KEY,
  code_hash text NOT NULL UNIQUE,
  code_sealed text NOT NULL,
  last4 text NOT NULL,
  order_id text NOT NULL REFERENCES orders (id),
  seq integer NOT NULL,
  design text NOT NULL,
  amount bigint NOT NULL CHECK (amount > 0),
  currency text NOT NULL,
  expires_at timestamptz NOT NULL,
  recipient_name text NOT NULL,
  recipient_email text NOT NULL,
  sender_name text NOT NULL,
  message text,
  send_to_self boolean NOT NULL DEFAULT false,
  deliver_on date NOT NULL,
  delivered_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (order_id, seq)
);
CREATE INDEX gift_cards_due ON gift_cards (deliver_on) WHERE delivered_at IS NULL;

-- What an order spends of a card: written with the order (in its create transaction, under a
-- row lock on the card). Held while the order may still be paid, taken (`taken_at`) when it is
-- paid, released by the order expiring, being declined past its retry window, or voided. The
-- order row is written after the redemption in that same transaction: the key is deferred.
-- One card once per order (the primary key).
CREATE TABLE gift_card_redemptions (
  order_id text NOT NULL REFERENCES orders (id) DEFERRABLE INITIALLY DEFERRED,
  gift_card_id text NOT NULL REFERENCES gift_cards (id),
  amount bigint NOT NULL CHECK (amount > 0),
  currency text NOT NULL,
  taken_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (order_id, gift_card_id)
);
CREATE INDEX gift_card_redemptions_card ON gift_card_redemptions (gift_card_id);

-- Wrong codes tried (balance checks and checkouts), per client address and in total: the
-- guessing budget (server/gift-cards/limiter.ts), shared by every proxy on this database.
CREATE TABLE gift_card_guess_failures (
  id bigserial PRIMARY KEY,
  ip text NOT NULL,
  at timestamptz NOT NULL
);
CREATE INDEX gift_card_guess_failures_ip ON gift_card_guess_failures (ip, at);
CREATE INDEX gift_card_guess_failures_at ON gift_card_guess_failures (at);
