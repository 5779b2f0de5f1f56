/**
 * The gift-card emails (server/mail/, through the outbox):
 *
 *   gift_card_delivery  one per card, to its recipient, due on its delivery day (00:00 UTC; at
 *                       payment when none or past): the code, the amount, the expiry, the
 *                       sender's name and message. The payload holds the code sealed only
 *                       (./codes.ts); it is opened when the message is rendered, and the card is
 *                       marked delivered once the SMTP server has taken it. A card voided (or
 *                       expired, or already delivered) by then is skipped.
 *   gift_card_issued    one per order, to the buyer, at payment: a copy with no code — each
 *                       card's last four, amount, recipient and delivery day.
 *
 * `enqueueGiftCardMail` runs in the paid order's transaction, right after the cards are issued.
 */
import type { FastifyInstance } from 'fastify';
import { orderSnapshot } from '../mail/messages';
import type { MailTemplate } from '../mail/messages';
import { mailLocale, money, renderMail, type Block, type MailLocale } from '../mail/render';
import type { OrderRecord } from '../orders/store';
import type { Queryable } from '../storage/db';
import type { GiftCardStore } from './store';

export const GIFT_CARD_DELIVERY = 'gift_card_delivery';
export const GIFT_CARD_ISSUED = 'gift_card_issued';

interface CardSnapshot {
  cardId: string;
  last4: string;
  amount: number;
  currency: string;
  expiresAt: string;
  recipientName: string;
  recipientEmail: string;
  senderName: string;
  message: string | null;
  /** YYYY-MM-DD (UTC). */
  deliverOn: string;
}

export interface GiftCardDeliveryPayload {
  locale: string | null;
  card: CardSnapshot;
  /** The code under AES-GCM (never the plain code): opened at send time only. */
  codeSealed: string;
}

export interface GiftCardIssuedPayload {
  locale: string | null;
  orderId: string;
  buyerEmail: string;
  buyerName: string | null;
  cards: CardSnapshot[];
}

const date = (loc: MailLocale, iso: string) => new Intl.DateTimeFormat(loc.format, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(iso));

/** In the paid transaction: the recipient's message per card (scheduled) and the buyer's copy (now). */
export async function enqueueGiftCardMail(app: FastifyInstance, order: OrderRecord, tx: Queryable): Promise<void> {
  const rows = (await tx.query<{ id: string; last4: string; amount: number | string; currency: string; expires_at: Date; recipient_name: string; recipient_email: string; sender_name: string; message: string | null; deliver_day: string; code_sealed: string }>(
    `SELECT id, last4, amount, currency, expires_at, recipient_name, recipient_email, sender_name, message, to_char(deliver_on, 'YYYY-MM-DD') AS deliver_day, code_sealed
     FROM gift_cards WHERE order_id = $1 ORDER BY seq`,
    [order.id],
  )).rows;
  if (!rows.length) return;
  const locale = order.locale ?? null;
  const cards: CardSnapshot[] = rows.map((r) => ({
    cardId: r.id,
    last4: r.last4,
    amount: Number(r.amount),
    currency: r.currency,
    expiresAt: new Date(r.expires_at).toISOString(),
    recipientName: r.recipient_name,
    recipientEmail: r.recipient_email,
    senderName: r.sender_name,
    message: r.message,
    deliverOn: r.deliver_day,
  }));
  const today = new Date().toISOString().slice(0, 10);
  for (const [i, card] of cards.entries()) {
    const payload: GiftCardDeliveryPayload = { locale, card, codeSealed: rows[i]!.code_sealed };
    await app.outbox.enqueue(tx, {
      type: GIFT_CARD_DELIVERY,
      key: `${GIFT_CARD_DELIVERY}:${card.cardId}`,
      orderId: order.id,
      payload: { ...payload },
      ...(card.deliverOn > today ? { deliverAfter: new Date(`${card.deliverOn}T00:00:00Z`) } : {}),
    });
  }
  const buyer = orderSnapshot(order);
  if (buyer.email) {
    const copy: GiftCardIssuedPayload = { locale, orderId: order.id, buyerEmail: buyer.email, buyerName: buyer.name, cards };
    await app.outbox.enqueue(tx, { type: GIFT_CARD_ISSUED, key: `${GIFT_CARD_ISSUED}:${order.id}`, orderId: order.id, payload: { ...copy } });
  }
}

/** The two messages; `reveal` opens a sealed code (the store's `revealCode`). */
export function giftCardTemplates(reveal: (sealed: string) => string): Record<typeof GIFT_CARD_DELIVERY | typeof GIFT_CARD_ISSUED, MailTemplate> {
  return {
    [GIFT_CARD_DELIVERY]: (event, theme) => {
      const { locale, card, codeSealed } = event.payload as unknown as GiftCardDeliveryPayload;
      const loc = mailLocale(locale);
      const { t } = loc;
      const amount = money(loc, card.amount, card.currency);
      const blocks: Block[] = [{ kind: 'p', text: t.giftCardText(card.senderName, amount, theme.merchantName) }];
      if (card.message) blocks.push({ kind: 'h2', text: t.giftCardMessageFrom(card.senderName) }, { kind: 'p', text: card.message });
      blocks.push(
        { kind: 'h2', text: t.giftCardYourCard },
        { kind: 'facts', rows: [[t.giftCardCode, reveal(codeSealed)], [t.amount, amount], [t.giftCardValidUntil, date(loc, card.expiresAt)]] },
        { kind: 'p', text: t.giftCardHowTo },
      );
      return {
        to: card.recipientEmail,
        locale: loc.locale,
        ...renderMail(loc, theme, {
          subject: t.giftCardSubject(card.senderName, theme.merchantName),
          heading: t.giftCardHeading,
          greeting: t.greeting(card.recipientName),
          blocks,
        }),
      };
    },

    [GIFT_CARD_ISSUED]: (event, theme) => {
      const p = event.payload as unknown as GiftCardIssuedPayload;
      const loc = mailLocale(p.locale);
      const { t } = loc;
      const first = p.cards[0]!;
      return {
        to: p.buyerEmail,
        locale: loc.locale,
        ...renderMail(loc, theme, {
          subject: t.giftCardCopySubject(theme.merchantName, first.recipientName),
          heading: t.giftCardCopyHeading,
          ...(p.buyerName ? { greeting: t.greeting(p.buyerName) } : {}),
          blocks: [
            { kind: 'p', text: t.giftCardCopyText },
            ...p.cards.flatMap((c): Block[] => [
              { kind: 'h2', text: t.giftCardEnding(c.last4) },
              {
                kind: 'facts',
                rows: [
                  [t.amount, money(loc, c.amount, c.currency)],
                  [t.giftCardRecipient, `${c.recipientName} <${c.recipientEmail}>`],
                  [t.giftCardDeliveryDate, date(loc, `${c.deliverOn}T00:00:00Z`)],
                  [t.giftCardValidUntil, date(loc, c.expiresAt)],
                ],
              },
            ]),
            { kind: 'facts', rows: [[t.orderNumber, p.orderId]] },
          ],
        }),
      };
    },
  };
}

/** The two templates, the recipient's due check and the delivered mark (registered by ./plugin.ts). */
export function registerGiftCardMail(app: FastifyInstance, store: GiftCardStore): void {
  const templates = giftCardTemplates((sealed) => store.revealCode({ code_sealed: sealed }));
  app.mail.templates.register(GIFT_CARD_DELIVERY, templates[GIFT_CARD_DELIVERY], {
    // Not for a card voided with its order, expired, or delivered by an attempt whose record was lost.
    stillDue: async (event) => {
      const { card } = event.payload as unknown as GiftCardDeliveryPayload;
      return (await app.db.query('SELECT 1 FROM gift_cards WHERE id = $1 AND delivered_at IS NULL AND expires_at > now()', [card.cardId])).rows.length === 1;
    },
    sent: (event) => store.markDelivered((event.payload as unknown as GiftCardDeliveryPayload).card.cardId),
  });
  app.mail.templates.register(GIFT_CARD_ISSUED, templates[GIFT_CARD_ISSUED]);
}
