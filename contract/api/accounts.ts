/**
 * Shopper accounts: sign-up, the profile, saved addresses and the account's orders.
 *
 * Part of the proxy's HTTP contract (contract/api): zod schemas the server validates with;
 * the kit imports their types only.
 */
import { z } from 'zod';
import { FIELD_MAX, PASSWORD_LENGTH } from '../fields';
import { currencySchema, emailSchema, minorAmount, phoneSchema, text } from './common';
import { addressSchema, orderLineSchema } from './orders';

/** `POST /api/auth/signup` (answers like the login: `meResponseSchema`, 201). */
export const signupRequestSchema = z.strictObject({
  email: emailSchema,
  password: z
    .string()
    .min(PASSWORD_LENGTH.min, `must be at least ${PASSWORD_LENGTH.min} characters`)
    .max(PASSWORD_LENGTH.max, `must be at most ${PASSWORD_LENGTH.max} characters`),
  name: text(FIELD_MAX.name),
  phone: phoneSchema.optional(),
});
export type SignupRequest = z.infer<typeof signupRequestSchema>;

/** `GET /api/account` → 200: the logged-in shopper's contact details. */
export const accountProfileSchema = z.strictObject({
  email: z.string(),
  name: z.string(),
  phone: z.string().optional(),
  createdAt: z.iso.datetime(),
});
export type AccountProfile = z.infer<typeof accountProfileSchema>;

/** `POST /api/account/addresses`: an address as the checkout collects it (`addressSchema`). */
export const newSavedAddressSchema = addressSchema;

export const savedAddressSchema = addressSchema.extend({ id: z.string(), createdAt: z.iso.datetime() });
export type SavedAddress = z.infer<typeof savedAddressSchema>;

/** `GET /api/account/addresses` → 200, newest first. */
export const savedAddressesResponseSchema = z.strictObject({ addresses: z.array(savedAddressSchema) });
export type SavedAddressesResponse = z.infer<typeof savedAddressesResponseSchema>;

/**
 * What the shopper sees of an order's state: paid, refunded (in part or whole), voided (the
 * authorisation was released, nothing charged), or pending (a payment was made and awaits its verdict).
 */
export const ACCOUNT_ORDER_STATUSES = ['pending', 'paid', 'partially_refunded', 'refunded', 'voided'] as const;
export type AccountOrderStatus = (typeof ACCOUNT_ORDER_STATUSES)[number];

export const accountOrderSummarySchema = z.strictObject({
  id: z.string(),
  createdAt: z.iso.datetime(),
  status: z.enum(ACCOUNT_ORDER_STATUSES),
  currency: currencySchema,
  amount: minorAmount,
  refundedAmount: minorAmount,
  lines: z.array(orderLineSchema),
  /** The reference Checkout.com holds for the payment (the order id) and its payment id, once paid. */
  reference: z.string(),
  paymentId: z.string().optional(),
  /**
   * A gift card that paid part or all of the order: its last four, what it paid and what went back
   * to it. `amount` and `refundedAmount` above are the payment card's; the order's total is both.
   */
  giftCard: z.strictObject({ last4: z.string(), amount: minorAmount, refunded: minorAmount }).optional(),
});
export type AccountOrderSummary = z.infer<typeof accountOrderSummarySchema>;

/** `GET /api/account/orders?page=` → 200, newest first. */
export const ACCOUNT_ORDERS_PAGE_SIZE = 10;
export const accountOrdersQuerySchema = z.strictObject({ page: z.coerce.number().int().min(1).max(10_000).default(1) });
export const accountOrdersResponseSchema = z.strictObject({
  orders: z.array(accountOrderSummarySchema),
  page: z.number().int(),
  pageSize: z.number().int(),
  total: z.number().int(),
  pages: z.number().int(),
});
export type AccountOrdersResponse = z.infer<typeof accountOrdersResponseSchema>;

/** `GET /api/account/orders/:id` → 200 (404 for an order of another account). */
export const accountOrderDetailSchema = accountOrderSummarySchema.extend({
  subtotal: minorAmount,
  discount: minorAmount,
  shipping: minorAmount,
  tax: minorAmount,
  coupon: z.string().optional(),
  shippingAddress: addressSchema.optional(),
  billingAddress: addressSchema.optional(),
});
export type AccountOrderDetail = z.infer<typeof accountOrderDetailSchema>;
