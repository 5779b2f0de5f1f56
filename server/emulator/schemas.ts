import { z } from 'zod';
import { invalid, type CkoError } from './errors';

/**
 * Request bodies as the API reference documents them (docs/checkout-api-facts.md §1, §3–§6). Unknown
 * fields are ignored, as the real API does. Failures become 422 with error codes named the way
 * Checkout.com names them: `<field>_required` when absent, `<field>_invalid` otherwise, with a few
 * documented special names (payment_source_required, card_number_invalid, cvv_invalid…).
 */

const CURRENCY = z.string().regex(/^[A-Z]{3}$/);
const URL_SCHEMA = (max: number) => z.url({ protocol: /^https?$/ }).max(max);
const OBJECT = z.record(z.string(), z.unknown());
const PROCESSING_CHANNEL = z.string().regex(/^pc_\w{26}$/);

/** Locales of the Java SDK's LocaleType; the emulated Flow translates a subset (see i18n). */
export const LOCALES = [
  'ar', 'da-DK', 'de-DE', 'el', 'en-GB', 'es-ES', 'fi-FI', 'fil-PH', 'fr-FR', 'hi-IN', 'id-ID', 'it-IT', 'ja-JP',
  'ko-KR', 'ms-MY', 'nb-NO', 'nl-NL', 'pt-PT', 'sv-SE', 'th-TH', 'vi-VN', 'zh-CN', 'zh-HK', 'zh-TW',
] as const;

const ADDRESS = z
  .object({
    address_line1: z.string().max(200).optional(),
    address_line2: z.string().max(200).optional(),
    city: z.string().max(50).optional(),
    state: z.string().max(50).optional(),
    zip: z.string().max(50).optional(),
    country: z.string().regex(/^[A-Z]{2}$/).optional(),
  })
  .loose();

const PHONE = z.object({ country_code: z.string().max(7).optional(), number: z.string().max(25) }).loose();

const BILLING = z.object({ address: ADDRESS.optional(), phone: PHONE.optional() }).loose();

const CUSTOMER = z
  .object({
    id: z.string().regex(/^cus_\w{26}$/).optional(),
    email: z.email().max(255).optional(),
    name: z.string().max(255).optional(),
    phone: PHONE.optional(),
  })
  .loose();

const THREE_DS = z
  .object({
    enabled: z.boolean().optional(),
    attempt_n3d: z.boolean().optional(),
    challenge_indicator: z.enum(['no_preference', 'no_challenge_requested', 'challenge_requested', 'challenge_requested_mandate']).optional(),
    exemption: z.string().optional(),
    allow_upgrade: z.boolean().optional(),
  })
  .loose();

/**
 * `risk` (docs/checkout-api-facts-2.md §4): `enabled` (default true), the Risk.js device session,
 * and the device — the client address goes in `device.network` (`payment_ip` is deprecated).
 */
const RISK = z
  .object({
    enabled: z.boolean().optional(),
    device_session_id: z.string().regex(/^(dsid)_(\w{26})$/).optional(),
    device: z
      .object({
        user_agent: z.string().optional(),
        network: z.object({ ipv4: z.ipv4().optional(), ipv6: z.ipv6().optional(), tor: z.boolean().optional(), vpn: z.boolean().optional() }).loose().optional(),
      })
      .loose()
      .optional(),
  })
  .loose();

const PAYMENT_TYPE = z.enum(['Regular', 'Recurring', 'MOTO', 'Installment', 'Unscheduled', 'PayLater']);

const common = {
  reference: z.string().max(50).optional(),
  description: z.string().max(100).optional(),
  customer: CUSTOMER.optional(),
  shipping: z.object({ address: ADDRESS.optional(), phone: PHONE.optional() }).loose().optional(),
  billing_descriptor: z.object({ name: z.string().max(25).optional(), city: z.string().max(13).optional() }).loose().optional(),
  metadata: OBJECT.optional(),
  processing_channel_id: PROCESSING_CHANNEL.optional(),
  capture: z.boolean().optional(),
  capture_on: z.iso.datetime({ offset: true }).optional(),
  '3ds': THREE_DS.optional(),
  risk: RISK.optional(),
  items: z.array(OBJECT).optional(),
};

export const paymentSessionSchema = z
  .object({
    amount: z.number().int().min(0),
    currency: CURRENCY,
    billing: BILLING,
    success_url: URL_SCHEMA(1024),
    failure_url: URL_SCHEMA(1024),
    payment_type: PAYMENT_TYPE.optional(),
    locale: z.enum(LOCALES).optional(),
    expires_on: z.iso.datetime({ offset: true }).optional(),
    display_name: z.string().optional(),
    enabled_payment_methods: z.array(z.string()).optional(),
    disabled_payment_methods: z.array(z.string()).optional(),
    customer_retry: z.object({ max_attempts: z.number().int().min(0).max(5) }).loose().optional(),
    ...common,
  })
  .loose();
export type PaymentSessionRequest = z.infer<typeof paymentSessionSchema>;

export const submitSchema = z
  .object({
    session_data: z.string().min(1),
    amount: z.number().int().min(0).optional(),
    payment_type: PAYMENT_TYPE.optional(),
    billing: BILLING.optional(),
    ...common,
  })
  .loose();
export type SubmitRequest = z.infer<typeof submitSchema>;

const CARD_SOURCE = z
  .object({
    type: z.literal('card'),
    number: z.string(),
    expiry_month: z.number().int(),
    expiry_year: z.number().int(),
    name: z.string().max(255).optional(),
    cvv: z.string().optional(),
    billing_address: ADDRESS.optional(),
    phone: PHONE.optional(),
  })
  .loose();

const TOKEN_SOURCE = z
  .object({ type: z.literal('token'), token: z.string(), billing_address: ADDRESS.optional(), phone: PHONE.optional() })
  .loose();

export const paymentSchema = z
  .object({
    source: z.discriminatedUnion('type', [CARD_SOURCE, TOKEN_SOURCE]),
    amount: z.number().int().min(0),
    currency: CURRENCY,
    payment_type: PAYMENT_TYPE.optional(),
    success_url: URL_SCHEMA(1024).optional(),
    failure_url: URL_SCHEMA(1024).optional(),
    ...common,
  })
  .loose();
export type PaymentRequest = z.infer<typeof paymentSchema>;

export const tokenSchema = z
  .object({
    type: z.literal('card'),
    number: z.string(),
    expiry_month: z.number().int(),
    expiry_year: z.number().int(),
    name: z.string().max(255).optional(),
    cvv: z.string().optional(),
    billing_address: ADDRESS.optional(),
    phone: PHONE.optional(),
  })
  .loose();
export type TokenRequest = z.infer<typeof tokenSchema>;

export const cardMetadataSchema = z.object({
  source: z.discriminatedUnion('type', [
    z.object({ type: z.literal('card'), number: z.string().regex(/^\d{12,19}$/) }),
    z.object({ type: z.literal('bin'), bin: z.string().regex(/^\d{6,8}$/) }),
    z.object({ type: z.literal('token'), token: z.string() }),
  ]),
  format: z.enum(['basic', 'card_payouts']).optional(),
  reference: z.string().optional(),
});
export type CardMetadataRequest = z.infer<typeof cardMetadataSchema>;

export const hostedPaymentSchema = z
  .object({
    currency: CURRENCY,
    amount: z.number().int().min(0).optional(),
    // The 2021 spec requires billing.address.country for HPP.
    billing: z.object({ address: ADDRESS.extend({ country: z.string().regex(/^[A-Z]{2}$/) }), phone: PHONE.optional() }).loose(),
    success_url: URL_SCHEMA(255),
    cancel_url: URL_SCHEMA(255),
    failure_url: URL_SCHEMA(255),
    payment_type: z.enum(['Regular', 'Recurring']).optional(),
    display_name: z.string().optional(),
    locale: z.enum(LOCALES).optional(),
    products: z
      .array(z.object({ name: z.string().min(1), quantity: z.number().int().min(1), price: z.number().int().min(0).max(100_000_000) }).loose())
      .min(1)
      .max(1000)
      .optional(),
    ...common,
  })
  .loose();
export type HostedPaymentRequest = z.infer<typeof hostedPaymentSchema>;

/**
 * POST /payments/{id}/refunds (Java SDK RefundRequest: amount, reference, metadata,
 * amount_allocations). Every field is optional: no amount refunds what is left to refund.
 */
export const refundSchema = z
  .object({
    amount: z.number().int().min(1).optional(),
    reference: z.string().max(80).optional(),
    metadata: OBJECT.optional(),
    amount_allocations: z.array(OBJECT).optional(),
  })
  .loose();
export type RefundRequest = z.infer<typeof refundSchema>;

/**
 * POST /payments/{id}/captures (2021 spec CaptureRequest + SDK models): every field optional; no
 * amount captures everything still authorised. `capture_type` Final (the default) voids what a
 * partial capture leaves; NonFinal keeps it capturable.
 */
export const captureSchema = z
  .object({
    amount: z.number().int().min(1).optional(),
    capture_type: z.enum(['NonFinal', 'Final']).optional(),
    reference: z.string().max(50).optional(),
    metadata: OBJECT.optional(),
  })
  .loose();
export type CaptureRequest = z.infer<typeof captureSchema>;

/** POST /payments/{id}/voids (2021 spec VoidRequest): `reference` and `metadata` only, no amount. */
export const voidSchema = z
  .object({
    reference: z.string().max(50).optional(),
    metadata: OBJECT.optional(),
  })
  .loose();
export type VoidRequest = z.infer<typeof voidSchema>;

/** Documented names for paths whose generic name would differ from Checkout.com's. */
const FIELD_NAMES: Record<string, string> = {
  source: 'payment_source',
  'source.number': 'card_number',
  'source.expiry_month': 'card_expiry_month',
  'source.expiry_year': 'card_expiry_year',
  'source.cvv': 'cvv',
  'source.token': 'token',
  'source.type': 'payment_source_type',
  number: 'card_number',
  expiry_month: 'card_expiry_month',
  expiry_year: 'card_expiry_year',
  'source.bin': 'bin',
  '3ds': 'three_ds',
  'customer.email': 'customer_email',
};

function valueAt(body: unknown, path: readonly PropertyKey[]): unknown {
  let cursor: unknown = body;
  for (const key of path) {
    if (cursor === null || typeof cursor !== 'object') return undefined;
    cursor = (cursor as Record<PropertyKey, unknown>)[key];
  }
  return cursor;
}

export function issuesToCodes(body: unknown, issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => {
    const path = issue.path.filter((key) => typeof key !== 'number');
    const dotted = path.map(String).join('.');
    const name = FIELD_NAMES[dotted] ?? (path.length === 0 ? 'request_body' : path.map(String).join('_'));
    const missing = issue.code === 'invalid_type' && valueAt(body, issue.path) === undefined;
    return `${name}_${missing ? 'required' : 'invalid'}`;
  });
}

/** Parses `body` or throws the 422 the real API would answer. */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown, errorType = 'request_invalid'): T {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  throw toInvalid(body, result.error.issues, errorType);
}

function toInvalid(body: unknown, issues: readonly z.core.$ZodIssue[], errorType: string): CkoError {
  return invalid(issuesToCodes(body, issues), errorType);
}
