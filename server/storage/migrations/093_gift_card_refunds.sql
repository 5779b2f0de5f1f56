-- Refunds that go back to a gift card (server/gift-cards/refunds.ts). A refund of an order a gift
-- card paid in part or in full goes to the payment card first, up to what Checkout.com captured
-- and is not refunded yet; the rest is credited back to the gift card, in the same transaction as
-- the refund's record (the upstream action for the card's part, when there is one).
--
-- `refunded_amount` on the redemption is what went back to the card from this order: what the
-- redemption still spends of the card's balance is `amount - refunded_amount`, so a credit
-- restores the balance, and never more than the card paid for this order (the CHECK).
ALTER TABLE gift_card_redemptions ADD COLUMN refunded_amount bigint NOT NULL DEFAULT 0;
ALTER TABLE gift_card_redemptions ADD CONSTRAINT gift_card_redemptions_refunded_check CHECK (refunded_amount >= 0 AND refunded_amount <= amount);

-- One row per credit: its id is the refund's own id (the staff request's action id, or the
-- automatic refund's key), so a replayed refund credits once.
CREATE TABLE gift_card_refunds (
  id text PRIMARY KEY,
  order_id text NOT NULL REFERENCES orders (id),
  gift_card_id text NOT NULL REFERENCES gift_cards (id),
  amount bigint NOT NULL CHECK (amount > 0),
  currency text NOT NULL,
  reason text NOT NULL,
  detail jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX gift_card_refunds_order ON gift_card_refunds (order_id);
