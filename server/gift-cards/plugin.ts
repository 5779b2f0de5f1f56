/**
 * The gift-card feature (./store.ts): cards issued when the order that bought them is paid, their
 * balance, and their redemption at checkout — all through the order feature registry, so they
 * change hands in the order's own transactions:
 *
 *   onCreate  a checkout that redeems a card holds what it pays (row lock on the card)
 *   onPaid    the holds are taken; each gift card the order bought is issued with its code
 *   onVoided  the holds are released; cards the order issued are expired
 *
 * Routes (encapsulated): POST /api/gift-cards/balance.
 *
 * Delivery (./mail.ts): in the paid transaction, next to the INSERTs, an outbox event per card
 * for its recipient (due on its delivery day, the code sealed) and a copy for the buyer (no
 * code); `revealCode(card)` opens the code for that one email, `markDelivered(card.id)` records
 * it sent. `dueForDelivery()` lists cards whose `deliver_on` has come and that were not sent.
 */
import fp from 'fastify-plugin';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { systemClock, type Clock } from '../auth/db';
import type { Config } from '../config';
import { errorResponseSchema, giftCardBalanceRequestSchema, giftCardBalanceResponseSchema } from '../../contract/api';
import { codeKeys } from './codes';
import { GuessLimiter } from './limiter';
import { enqueueGiftCardMail, registerGiftCardMail } from './mail';
import { GiftCardStore } from './store';
import { refuseLatePayment } from '../orders/late-payments';

declare module 'fastify' {
  interface FastifyInstance {
    giftCards: GiftCardStore;
  }
}

export interface GiftCardOptions {
  config: Config;
  clock?: Clock;
}

const routes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/gift-cards/balance',
    {
      config: { rateLimit: app.rateTiers.payments },
      schema: { body: giftCardBalanceRequestSchema, response: { 200: giftCardBalanceResponseSchema, 400: errorResponseSchema, 404: errorResponseSchema, 429: errorResponseSchema } },
    },
    async (request, reply) => {
      void reply.header('cache-control', 'no-store');
      return app.giftCards.balance(request.body.code, request.ip) as Promise<typeof giftCardBalanceResponseSchema._zod.output>;
    },
  );
};

export default fp<GiftCardOptions>(
  async function giftCardsPlugin(app, opts) {
    const clock = opts.clock ?? systemClock;
    const { config } = opts;
    const limiter = new GuessLimiter(app.db, config.giftCards.guessesPerIp, config.giftCards.guessesTotal, clock);
    // A declined order may still be paid with another card in its session: its hold lasts as long as a pending order's.
    const declinedHoldMs = (config.pendingOrderTtlMinutes || 60) * 60_000;
    const store = new GiftCardStore(app.db, codeKeys(config.giftCards.secret), app.orders, limiter, clock, declinedHoldMs, () => app.catalog.data.giftCards.validityMonths);
    app.decorate('giftCards', store);
    registerGiftCardMail(app, store);

    app.orders.features.register({
      name: 'gift-cards',
      onCreate: (order, tx) => store.hold(order, tx),
      // A late payment for an order whose card was spent again after it expired (../orders/late-payments.ts).
      refusePaid: refuseLatePayment(app, 'gift-cards', async (order, tx) => {
        const lacking = await store.shortfall(order, tx);
        return lacking && { type: 'gift_card_spent_meanwhile', detail: { giftCard: lacking.last4, short: lacking.short, currency: order.currency } };
      }),
      onPaid: async (order, tx, by) => {
        await store.take(order, tx, by);
        if ((await store.issue(order, tx)).length) await enqueueGiftCardMail(app, order, tx);
      },
      onVoided: async (order, tx) => {
        await store.release(order, tx);
        // Nothing was charged: cards it bought can no longer be spent.
        await tx.query('UPDATE gift_cards SET expires_at = LEAST(expires_at, now()) WHERE order_id = $1', [order.id]);
      },
      // A refund goes to the payment card first and the rest back to the gift card (./refunds.ts): the order is refunded once both are back.
      unrefunded: (order, tx) => store.unrefunded(order.id, tx),
    });

    await app.register(routes);
  },
  { name: 'ck-gift-cards', dependencies: ['ck-storage', 'ck-catalog', 'ck-orders', 'ck-outbox', 'ck-mail', 'ck-upstream-actions'] },
);
