/**
 * Gift cards: the code a shopper types (balance check, checkout) and what a balance check answers.
 *
 * Part of the proxy's HTTP contract (contract/api): zod schemas the server validates with;
 * the kit imports their types only.
 */
import { z } from 'zod';
import { FIELD_MAX, GIFT_CARD_CODE_PATTERN } from '../fields';
import { currencySchema, minorAmount } from './common';

/** A code as typed: case, spaces and dashes do not matter. Travels in request bodies only, never in a URL. */
export const giftCardCodeSchema = z.string().trim().min(1).max(FIELD_MAX.giftCardCode).regex(GIFT_CARD_CODE_PATTERN, 'must be letters, digits, spaces or dashes');

/** `POST /api/gift-cards/balance` */
export const giftCardBalanceRequestSchema = z.strictObject({ code: giftCardCodeSchema });

export const giftCardBalanceResponseSchema = z.strictObject({
  /** What can still be spent: the face value less what paid orders took and open orders hold. */
  balance: minorAmount,
  currency: currencySchema,
  expiresAt: z.string(),
  expired: z.boolean(),
  last4: z.string(),
});
export type GiftCardBalanceResponse = z.infer<typeof giftCardBalanceResponseSchema>;

/** What a gift card paid of an order (the priced order, the payment status). */
export const giftCardAppliedSchema = z.strictObject({ last4: z.string(), amount: minorAmount });
export type GiftCardApplied = z.infer<typeof giftCardAppliedSchema>;
