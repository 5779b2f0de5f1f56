/**
 * Orders: what the kit sends to price and pay an order, and the priced order, payment session and hosted payment it gets back.
 *
 * Part of the proxy's HTTP contract (contract/api): zod schemas the server validates with;
 * the kit imports their types only.
 */
import { z } from 'zod';
import { BIN_PATTERN, FIELD_MAX } from '../fields';
import { ORDER_LIMITS } from '../limits';
import { countrySchema, currencySchema, emailSchema, freeText, minorAmount, NO_CONTROL_CHARACTERS, phoneSchema, text } from './common';
import { giftCardAppliedSchema, giftCardCodeSchema } from './gift-cards';

export const addressSchema = z.strictObject({
  line1: text(FIELD_MAX.line1),
  line2: z.string().trim().max(FIELD_MAX.line2).regex(NO_CONTROL_CHARACTERS, 'must not contain control characters').optional(),
  city: text(FIELD_MAX.city),
  state: z.string().trim().max(FIELD_MAX.state).regex(NO_CONTROL_CHARACTERS, 'must not contain control characters').optional(),
  zip: z.string().trim().max(FIELD_MAX.zip).regex(NO_CONTROL_CHARACTERS, 'must not contain control characters').optional(),
  country: countrySchema,
});
export type Address = z.infer<typeof addressSchema>;


export const customerSchema = z.strictObject({
  email: emailSchema,
  name: text(FIELD_MAX.name),
  phone: phoneSchema.optional(),
});
export type Customer = z.infer<typeof customerSchema>;

export const giftCardOrderSchema = z.strictObject({
  design: z.string().min(1).max(64),
  /** Face value in minor units of the order currency; checked against the catalog bounds. */
  amount: minorAmount,
  quantity: z.number().int().min(1).max(ORDER_LIMITS.maxGiftCards).default(1),
  recipientName: text(FIELD_MAX.name),
  recipientEmail: emailSchema,
  senderName: text(FIELD_MAX.name),
  message: freeText(FIELD_MAX.giftMessage).optional(),
  sendToSelf: z.boolean().default(false),
  deliveryDate: z.iso.date().optional(),
});
export type GiftCardOrder = z.infer<typeof giftCardOrderSchema>;

export const orderRequestSchema = z
  .strictObject({
    items: z
      .array(z.strictObject({ reference: z.string().min(1).max(64), quantity: z.number().int().min(1).max(ORDER_LIMITS.maxQuantity) }))
      .max(ORDER_LIMITS.maxLines)
      .default([]),
    giftCard: giftCardOrderSchema.optional(),
    seatHoldId: z.string().min(1).max(64).optional(),
    insuranceQuoteId: z.string().min(1).max(64).optional(),
    /** First 6–8 digits of the card, for presale eligibility (never a full number). */
    bin: z.string().regex(BIN_PATTERN, 'must be the first 6–8 digits of the card').optional(),
    currency: currencySchema,
    country: countrySchema,
    coupon: z.string().trim().min(1).max(FIELD_MAX.coupon).optional(),
    /** A gift card to pay with: it pays what its balance covers, the card the rest (nothing when it covers all). */
    giftCardCode: giftCardCodeSchema.optional(),
    shippingMethod: z.string().min(1).max(64).optional(),
    customer: customerSchema,
    shippingAddress: addressSchema.optional(),
    billingAddress: addressSchema.optional(),
    locale: z.string().max(35).regex(NO_CONTROL_CHARACTERS, 'must not contain control characters').optional(),
  })
  .refine((o) => o.items.length > 0 || o.giftCard || o.seatHoldId || o.insuranceQuoteId, {
    message: 'the order is empty: add items, a gift card, held seats or an insurance quote',
    path: ['items'],
  });
export type OrderRequest = z.input<typeof orderRequestSchema>;

export const orderLineSchema = z.strictObject({
  reference: z.string(),
  name: z.string(),
  quantity: z.number().int(),
  unitAmount: minorAmount,
  amount: minorAmount,
});

export const pricedOrderSchema = z.strictObject({
  id: z.string(),
  currency: currencySchema,
  lines: z.array(orderLineSchema),
  subtotal: minorAmount,
  discount: minorAmount,
  shipping: minorAmount,
  tax: minorAmount,
  /** What the shopper pays: subtotal − discount + shipping + tax, less what a gift card pays (`giftCard`). */
  amount: minorAmount,
  /**
   * The gift card redeemed on the order and what it pays: on a created order its balance is held;
   * on a quote with `giftCardCode`, what it would pay now (held only when the order is created).
   */
  giftCard: giftCardAppliedSchema.optional(),
  coupon: z.string().optional(),
  /** The shipping method charged (the cheapest one serving the country when none was chosen). */
  shippingMethod: z.string().optional(),
  /** Tax rate applied, in percent, and its local name (VAT, GST …). */
  taxRate: z.number().optional(),
  taxName: z.string().optional(),
  fx: z.strictObject({ rate: z.number(), date: z.string(), source: z.string() }).optional(),
});
export type PricedOrder = z.infer<typeof pricedOrderSchema>;

/** `POST /create-payment-sessions` → 201 */
/**
 * The order's payment-detail token: only the browser holding it (sent back as `X-Ck-Order-Token`)
 * reads the order's amount, card and order id from `GET /api/payments/:id`.
 */
const orderTokenSchema = z.string().min(32).max(128);
/**
 * A gift card covered the whole order: it is paid already (no card payment, no Checkout.com
 * call). `paymentId` (gcp_…) is verified like any payment; `redirectUrl` is the success page.
 */
const paidByGiftCardSchema = z.strictObject({ paymentId: z.string(), redirectUrl: z.string() });

export const paymentSessionResponseSchema = z.strictObject({
  order: pricedOrderSchema,
  orderToken: orderTokenSchema,
  /** Checkout.com's create response, unmodified, as Flow requires. Absent when a gift card paid it all (`paidByGiftCard`). */
  paymentSession: z.looseObject({ id: z.string(), payment_session_secret: z.string(), payment_session_token: z.string() }).optional(),
  paidByGiftCard: paidByGiftCardSchema.optional(),
  /** The shopper is past the soft payment-velocity threshold: their bank was asked to challenge them (3DS). */
  threeDsChallenge: z.literal(true).optional(),
});
export type PaymentSessionResponse = z.infer<typeof paymentSessionResponseSchema>;

/** `POST /create-hosted-payment` → 201 */
export const hostedPaymentResponseSchema = z.strictObject({
  order: pricedOrderSchema,
  orderToken: orderTokenSchema,
  hostedPayment: z.strictObject({ id: z.string(), redirectUrl: z.string() }).optional(),
  paidByGiftCard: paidByGiftCardSchema.optional(),
  /** The shopper is past the soft payment-velocity threshold: their bank was asked to challenge them (3DS). */
  threeDsChallenge: z.literal(true).optional(),
});
export type HostedPaymentResponse = z.infer<typeof hostedPaymentResponseSchema>;

/** `POST /api/orders/quote`: price an order without creating a payment (order summary, coupon check). */
export const quoteResponseSchema = z.strictObject({ order: pricedOrderSchema.omit({ id: true }) });
export type QuoteResponse = z.infer<typeof quoteResponseSchema>;
