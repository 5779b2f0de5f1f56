/**
 * Payments: card metadata (BIN lookup) and the verified status of a payment.
 *
 * Part of the proxy's HTTP contract (contract/api): zod schemas the server validates with;
 * the kit imports their types only.
 */
import { z } from 'zod';
import { BIN_PATTERN } from '../fields';
import { minorAmount } from './common';
import { giftCardAppliedSchema } from './gift-cards';

export const cardMetadataRequestSchema = z.strictObject({
  number: z.string().regex(BIN_PATTERN, 'must be the first 6–8 digits of the card (a BIN), never the full number'),
  type: z.literal('bin', { error: 'must be "bin": only BIN lookups are accepted' }).default('bin'),
  /** When set, the answer says whether the card is eligible for this event's presale. */
  eventId: z.string().min(1).max(64).optional(),
});

export const cardMetadataResponseSchema = z.strictObject({
  bin: z.string(),
  scheme: z.string().optional(),
  cardType: z.string().optional(),
  cardCategory: z.string().optional(),
  issuer: z.string().optional(),
  issuerCountry: z.string().optional(),
  issuerCountryName: z.string().optional(),
  productType: z.string().optional(),
  eligibility: z
    .strictObject({ eventId: z.string(), eligible: z.boolean(), reasons: z.array(z.string()) })
    .optional(),
});
export type CardMetadataResponse = z.infer<typeof cardMetadataResponseSchema>;

// ── Payment status ───────────────────────────────────────────────────────────

export const paymentIdSchema = z.string().regex(/^(pay|sid|gcp)_\w{20,40}$/, 'must be a Checkout.com payment id (pay_…), session id (sid_…) or a gift-card payment (gcp_…)');

/**
 * `GET /api/payments/:id`. A payment id travels in URLs (the success page's), so whoever holds
 * one learns only `id`, `status`, `approved` and `outcome`; the rest goes to the browser that
 * made the order, which sends its `orderToken` back as `X-Ck-Order-Token`.
 */
export const paymentStatusResponseSchema = z.strictObject({
  id: z.string(),
  /** Checkout.com's status, e.g. Authorized, Captured, Declined, Pending. */
  status: z.string(),
  approved: z.boolean(),
  /** Our reading of it for a result page. */
  outcome: z.enum(['succeeded', 'failed', 'pending']),
  amount: minorAmount.optional(),
  currency: z.string().optional(),
  reference: z.string().optional(),
  orderId: z.string().optional(),
  responseSummary: z.string().optional(),
  card: z.strictObject({ scheme: z.string().optional(), last4: z.string().optional() }).optional(),
  /** What a gift card paid of the order (the card paid `amount`, the rest). */
  giftCard: giftCardAppliedSchema.optional(),
  /**
   * Set when the order was voided instead of paid (outcome `failed`): the card that paid was not
   * eligible for the event's presale, so the authorisation was released (nothing charged) and the
   * seats went back on sale. `generalSaleAt` is when anyone may buy (the event's `onSaleAt`).
   */
  voided: z
    .strictObject({
      reason: z.enum(['presale_card_ineligible']),
      eventId: z.string(),
      eventName: z.string(),
      generalSaleAt: z.string().optional(),
    })
    .optional(),
  /**
   * What the shop owes back on this order, and how far it got: today, seats an expired hold lost
   * to another buyer before the payment completed (refunded automatically, see server/upstream-actions/plugin.ts).
   */
  refunds: z
    .array(
      z.strictObject({
        reason: z.enum(['seats_lost']),
        /** How many seats the refund is for. */
        seats: z.number().int().nonnegative(),
        amount: minorAmount,
        currency: z.string(),
        /** Of `amount`, what was credited back to the gift card that paid the order (the rest goes to the payment card). */
        giftCard: minorAmount.optional(),
        /** pending: being asked of Checkout.com; accepted: Checkout.com took it; failed: the shop will be in touch. */
        status: z.enum(['pending', 'accepted', 'failed']),
      }),
    )
    .optional(),
});
export type PaymentStatusResponse = z.infer<typeof paymentStatusResponseSchema>;
