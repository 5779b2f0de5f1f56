/**
 * The proxy's public HTTP contract, written once as zod schemas. The server validates
 * requests and responses with them; the browser kit imports their *types* only
 * (`import type`), so no zod reaches the bundle.
 *
 * Our API is camelCase JSON; Checkout.com's own objects (the payment session) pass through
 * unmodified, as Flow requires.
 */
import { z } from 'zod';
import { isLocaleTag } from '../../contract/locales';
import { BIN_PATTERN, COUNTRY_PATTERN, FIELD_MAX, HEADERS, isKnownCountry, ORDER_LIMITS, PHONE_PATTERN, SUPPORTED_CURRENCIES } from '../../contract/rules';

export { SUPPORTED_CURRENCIES };
export const currencySchema = z.enum(SUPPORTED_CURRENCIES, {
  error: `must be one of ${SUPPORTED_CURRENCIES.join(', ')}`,
});
export type Currency = z.infer<typeof currencySchema>;

/** ISO 3166-1 alpha-2, checked against Intl's region names so "XX" is refused. */
export const countrySchema = z
  .string()
  .regex(COUNTRY_PATTERN, 'must be a two-letter ISO 3166-1 country code')
  .refine(isKnownCountry, 'is not a known country code');

/** Amount in minor units of its currency (JPY 0 digits, USD 2, KWD 3). */
export const minorAmount = z.number().int().nonnegative();
export const moneySchema = z.strictObject({ amount: minorAmount, currency: currencySchema });
export type Money = z.infer<typeof moneySchema>;

// ── Catalog ──────────────────────────────────────────────────────────────────

/**
 * A catalog entry's texts in other languages, by BCP 47 tag: `{ "fr": { "name": "Coque
 * transparente" }, "zh-HK": { … } }`. Each text is optional; a shopper whose language has none
 * reads the entry's own text (contract/locales.ts `localizedText`).
 */
const LOCALE_KEY = 'must be a BCP 47 language tag such as "fr" or "zh-HK"';
const translationsOf = <T extends z.ZodRawShape>(texts: T) =>
  z
    .record(z.string().refine(isLocaleTag, LOCALE_KEY), z.strictObject(texts).partial(), { error: (issue) => (issue.code === 'invalid_key' ? LOCALE_KEY : undefined) })
    .optional();
const nameTranslations = translationsOf({ name: z.string().min(1).max(200) });
const textTranslations = translationsOf({ name: z.string().min(1).max(200), description: z.string().max(2000) });

export const productSchema = z.strictObject({
  reference: z.string().min(1).max(64),
  name: z.string().min(1).max(200),
  description: z.string().max(2000).optional(),
  translations: textTranslations,
  category: z.string().min(1).max(64),
  image: z.string().optional(),
  /** Price in the catalog's base currency. */
  price: moneySchema,
  /** Regional prices that override conversion, per currency. */
  prices: z.partialRecord(currencySchema, minorAmount).optional(),
});
export type Product = z.infer<typeof productSchema>;

export const giftCardDesignSchema = z.strictObject({
  id: z.string().min(1).max(64),
  name: z.string().min(1).max(200),
  image: z.string().optional(),
  /** Preview colours of the card face. */
  background: z.string().max(200).optional(),
  foreground: z.string().max(64).optional(),
});

export const giftCardRulesSchema = z.strictObject({
  designs: z.array(giftCardDesignSchema).min(1),
  /** Bounds and presets per currency, in minor units. */
  amounts: z.partialRecord(
    currencySchema,
    z.strictObject({ min: minorAmount, max: minorAmount, presets: z.array(minorAmount).min(1) }),
  ),
  messageMaxLength: z.number().int().positive(),
  maxQuantity: z.number().int().positive(),
});

export const priceCategorySchema = z.strictObject({
  id: z.string().min(1).max(32),
  name: z.string().min(1).max(100),
  color: z.string().max(32),
  price: moneySchema,
});

export const presaleRulesSchema = z.strictObject({
  schemes: z.array(z.string()).optional(),
  issuers: z.array(z.string()).optional(),
  cardTypes: z.array(z.string()).optional(),
  issuerCountries: z.array(z.string()).optional(),
});

export const eventSchema = z.strictObject({
  id: z.string().min(1).max(64),
  name: z.string().min(1).max(200),
  description: z.string().max(2000).optional(),
  translations: textTranslations,
  startsAt: z.iso.datetime({ offset: true }),
  venueId: z.string().min(1),
  venueName: z.string().min(1),
  presale: z.strictObject({ opensAt: z.iso.datetime({ offset: true }), closesAt: z.iso.datetime({ offset: true }), rules: presaleRulesSchema }).optional(),
  onSaleAt: z.iso.datetime({ offset: true }),
  maxSeatsPerOrder: z.number().int().positive(),
  categories: z.array(priceCategorySchema).min(1),
  /** Seat holds for this event need a logged-in customer (the proxy enforces it; the hold is theirs, not the tab's). */
  requiresLogin: z.boolean().optional(),
});

export const insurancePlanSchema = z.strictObject({
  id: z.string().min(1).max(64),
  name: z.string().min(1).max(200),
  description: z.string().max(2000).optional(),
  translations: textTranslations,
  /** Monthly premium in the base currency before options and age loading. */
  basePremium: moneySchema,
  /** Quotes for this plan need a logged-in customer (the proxy enforces it, whatever the page asks). */
  requiresLogin: z.boolean().optional(),
  coverageOptions: z.array(
    z.strictObject({ id: z.string().min(1), name: z.string().min(1), premium: moneySchema, translations: nameTranslations }),
  ),
});

export const shippingMethodSchema = z.strictObject({
  id: z.string().min(1).max(64),
  name: z.string().min(1).max(200),
  translations: nameTranslations,
  price: moneySchema,
  /** Countries served; absent means everywhere. */
  countries: z.array(z.string()).optional(),
  estimatedDays: z.strictObject({ min: z.number().int(), max: z.number().int() }),
});

/** What `GET /api/catalog` returns: the merchant catalog minus server-only rules (coupon codes, tax). */
export const catalogResponseSchema = z.strictObject({
  baseCurrency: currencySchema,
  currencies: z.array(currencySchema),
  products: z.array(productSchema),
  giftCards: giftCardRulesSchema,
  events: z.array(eventSchema),
  insurancePlans: z.array(insurancePlanSchema),
  shippingMethods: z.array(shippingMethodSchema),
});
export type CatalogResponse = z.infer<typeof catalogResponseSchema>;

// ── FX ───────────────────────────────────────────────────────────────────────

export const fxRatesResponseSchema = z.strictObject({
  base: currencySchema,
  /** Units of each currency per one unit of `base`. */
  rates: z.record(z.string(), z.number().positive()),
  /** The rates' own date (YYYY-MM-DD) and where they came from. */
  date: z.string(),
  source: z.string(),
  fetchedAt: z.iso.datetime(),
});
export type FxRatesResponse = z.infer<typeof fxRatesResponseSchema>;

// ── Checkout config ──────────────────────────────────────────────────────────

export const checkoutConfigResponseSchema = z.strictObject({
  publicKey: z.string(),
  environment: z.enum(['sandbox', 'production']),
  /** In emulator mode: the emulator's Flow script, loaded before the official loader. */
  flowScriptUrl: z.string().optional(),
  currencies: z.array(currencySchema),
  defaultCurrency: currencySchema,
});
export type CheckoutConfigResponse = z.infer<typeof checkoutConfigResponseSchema>;

// ── Orders and payment sessions ──────────────────────────────────────────────

const text = (max: number) => z.string().trim().min(1).max(max);

export const addressSchema = z.strictObject({
  line1: text(FIELD_MAX.line1),
  line2: z.string().trim().max(FIELD_MAX.line2).optional(),
  city: text(FIELD_MAX.city),
  state: z.string().trim().max(FIELD_MAX.state).optional(),
  zip: z.string().trim().max(FIELD_MAX.zip).optional(),
  country: countrySchema,
});
export type Address = z.infer<typeof addressSchema>;

const emailSchema = z.email('must be a valid email address').max(FIELD_MAX.email);
const phoneSchema = z.string().trim().regex(PHONE_PATTERN, 'must be a phone number');

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
  message: z.string().max(FIELD_MAX.giftMessage).optional(),
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
    shippingMethod: z.string().min(1).max(64).optional(),
    customer: customerSchema,
    shippingAddress: addressSchema.optional(),
    billingAddress: addressSchema.optional(),
    locale: z.string().max(35).optional(),
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
  /** What the shopper pays: subtotal − discount + shipping + tax. */
  amount: minorAmount,
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
export const paymentSessionResponseSchema = z.strictObject({
  order: pricedOrderSchema,
  /** Checkout.com's create response, unmodified, as Flow requires. */
  paymentSession: z.looseObject({ id: z.string(), payment_session_secret: z.string(), payment_session_token: z.string() }),
});
export type PaymentSessionResponse = z.infer<typeof paymentSessionResponseSchema>;

/** `POST /create-hosted-payment` → 201 */
export const hostedPaymentResponseSchema = z.strictObject({
  order: pricedOrderSchema,
  hostedPayment: z.strictObject({ id: z.string(), redirectUrl: z.string() }),
});
export type HostedPaymentResponse = z.infer<typeof hostedPaymentResponseSchema>;

/** `POST /api/orders/quote`: price an order without creating a payment (order summary, coupon check). */
export const quoteResponseSchema = z.strictObject({ order: pricedOrderSchema.omit({ id: true }) });
export type QuoteResponse = z.infer<typeof quoteResponseSchema>;

// ── Card metadata ────────────────────────────────────────────────────────────

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

export const paymentIdSchema = z.string().regex(/^(pay|sid)_\w{20,40}$/, 'must be a Checkout.com payment id (pay_…) or session id (sid_…)');

export const paymentStatusResponseSchema = z.strictObject({
  id: z.string(),
  /** Checkout.com's status, e.g. Authorized, Captured, Declined, Pending. */
  status: z.string(),
  approved: z.boolean(),
  /** Our reading of it for a result page. */
  outcome: z.enum(['succeeded', 'failed', 'pending']),
  amount: minorAmount,
  currency: z.string(),
  reference: z.string().optional(),
  orderId: z.string().optional(),
  responseSummary: z.string().optional(),
  card: z.strictObject({ scheme: z.string().optional(), last4: z.string().optional() }).optional(),
  /**
   * What the shop owes back on this order, and how far it got: today, seats an expired hold lost
   * to another buyer before the payment completed (refunded automatically, see server/plugins/refunds.ts).
   */
  refunds: z
    .array(
      z.strictObject({
        reason: z.enum(['seats_lost']),
        /** How many seats the refund is for. */
        seats: z.number().int().nonnegative(),
        amount: minorAmount,
        currency: z.string(),
        /** pending: being asked of Checkout.com; accepted: Checkout.com took it; failed: the shop will be in touch. */
        status: z.enum(['pending', 'accepted', 'failed']),
      }),
    )
    .optional(),
});
export type PaymentStatusResponse = z.infer<typeof paymentStatusResponseSchema>;

// ── Errors ───────────────────────────────────────────────────────────────────

export const errorResponseSchema = z.strictObject({
  error: z.strictObject({
    code: z.string(),
    message: z.string(),
    fields: z.array(z.strictObject({ path: z.string(), message: z.string() })).optional(),
  }),
});
export type ErrorResponse = z.infer<typeof errorResponseSchema>;

// ── Venues, seats and holds ──────────────────────────────────────────────────

/**
 * A venue layout, compact enough for 100,000 seats: each row is a straight line of seats
 * given by its first seat's position and the step to the next one (curved or angled
 * sections are made of rows with their own step vectors). Seat ids are
 * `${section.id}:${row.label}:${number}`.
 */
export const venueRowSchema = z.strictObject({
  label: z.string().min(1).max(8),
  /** Price category id of every seat in the row. */
  category: z.string().min(1).max(32),
  seats: z.number().int().positive().max(500),
  /** Number of the first seat; seats count up from it. */
  firstNumber: z.number().int().nonnegative().default(1),
  x: z.number(),
  y: z.number(),
  dx: z.number(),
  dy: z.number(),
  /**
   * Curved or irregular rows (arcs, aisles): every seat's position as a flat list
   * `[x0, y0, x1, y1, …]`, `2 × seats` numbers. When present it wins over x/y + dx/dy,
   * which still give the first seat and a straight-line approximation for simple clients.
   */
  points: z.array(z.number()).optional(),
}).refine((row) => !row.points || row.points.length === row.seats * 2, {
  message: 'points must hold an x and a y for every seat',
  path: ['points'],
});

export const venueSectionSchema = z.strictObject({
  id: z.string().min(1).max(16),
  name: z.string().min(1).max(100),
  rows: z.array(venueRowSchema).min(1),
});

export const venueLayoutResponseSchema = z.strictObject({
  eventId: z.string(),
  venueId: z.string(),
  name: z.string(),
  /** Layout coordinate space; seats are unit-spaced circles of radius ~0.4 in it. */
  width: z.number().positive(),
  height: z.number().positive(),
  stage: z.strictObject({ x: z.number(), y: z.number(), width: z.number(), height: z.number(), label: z.string() }).optional(),
  categories: z.array(priceCategorySchema),
  sections: z.array(venueSectionSchema),
  seatCount: z.number().int().nonnegative(),
  /** The event's limit of seats in one order (a seat map's default maximum selection). */
  maxSeatsPerOrder: z.number().int().positive().optional(),
  /** A members' presale: seats are held for the logged-in user only (a seat map asks for the login first). */
  requiresLogin: z.boolean().optional(),
});
export type VenueLayoutResponse = z.infer<typeof venueLayoutResponseSchema>;

export const seatIdSchema = z.string().regex(/^[\w-]{1,16}:[\w-]{1,8}:\d{1,4}$/, 'must be a seat id like "A:12:7"');

/** `GET /api/events/:id/seats` and each `availability` message of its SSE stream. */
export const seatAvailabilityResponseSchema = z.strictObject({
  eventId: z.string(),
  /** Unavailable seats only; every other seat of the layout is free. */
  sold: z.array(z.string()),
  held: z.array(z.string()),
  /** Monotonic version, so a client can ignore out-of-order updates. */
  version: z.number().int().nonnegative(),
});
export type SeatAvailabilityResponse = z.infer<typeof seatAvailabilityResponseSchema>;

/**
 * The SSE stream (`GET /api/events/:id/seats/stream`) sends one `availability` message (the
 * snapshot above), then a `change` message per committed change: the seats whose state moved,
 * with the event's version after it. A client that sees a gap in versions reloads the snapshot.
 */
export const seatAvailabilityChangeSchema = z.strictObject({
  eventId: z.string(),
  version: z.number().int().nonnegative(),
  free: z.array(z.string()),
  held: z.array(z.string()),
  sold: z.array(z.string()),
});
export type SeatAvailabilityChange = z.infer<typeof seatAvailabilityChangeSchema>;

export const seatHoldRequestSchema = z.strictObject({
  eventId: z.string().min(1).max(64),
  seats: z.array(seatIdSchema).min(1).max(20),
});

export const seatHoldResponseSchema = z.strictObject({
  id: z.string(),
  eventId: z.string(),
  seats: z.array(z.string()),
  expiresAt: z.iso.datetime(),
  /** A hold can be extended once. */
  extended: z.boolean(),
  status: z.enum(['held', 'released', 'expired', 'sold']),
  /** The server's clock when it answered, so a countdown can correct for a skewed device clock. */
  serverTime: z.iso.datetime().optional(),
});
export type SeatHoldResponse = z.infer<typeof seatHoldResponseSchema>;

// ── Auth (login, logout, me) ─────────────────────────────────────────────────

/** The header the kit sends the session's CSRF token in, on requests that rely on the session cookie. */
export const CSRF_HEADER = HEADERS.csrf;

export const loginRequestSchema = z.strictObject({
  username: z.string().trim().min(1, 'is required').max(64),
  password: z.string().min(1, 'is required').max(256),
});
export type LoginRequest = z.infer<typeof loginRequestSchema>;

export const authUserSchema = z.strictObject({
  username: z.string(),
  name: z.string(),
  email: z.string().optional(),
});

/** `GET /api/auth/me` and `POST /api/auth/login` → 200. */
export const meResponseSchema = z.strictObject({
  authenticated: z.boolean(),
  user: authUserSchema.optional(),
  /** Send back in the `X-CSRF-Token` header on state-changing requests while logged in. */
  csrfToken: z.string().optional(),
  expiresAt: z.iso.datetime().optional(),
});
export type MeResponse = z.infer<typeof meResponseSchema>;

// ── Insurance quotes ─────────────────────────────────────────────────────────

export const insuranceApplicantSchema = z.strictObject({
  name: text(FIELD_MAX.name),
  /** YYYY-MM-DD; the premium is loaded by age band and applicants must be INSURANCE_AGE (contract/rules). */
  dateOfBirth: z.iso.date('must be a date (YYYY-MM-DD)'),
  email: emailSchema,
  phone: phoneSchema,
  country: countrySchema,
});
export type InsuranceApplicant = z.infer<typeof insuranceApplicantSchema>;

/** `POST /api/insurance/quotes` */
export const insuranceQuoteRequestSchema = z.strictObject({
  planId: z.string().min(1).max(64),
  /** Ids of the plan's optional coverages the applicant added. */
  coverageOptions: z.array(z.string().min(1).max(64)).max(20).default([]),
  paymentFrequency: z.enum(['monthly', 'annual']).default('annual'),
  applicant: insuranceApplicantSchema,
  currency: currencySchema,
  /** The journey requires login: the quote is then bound to the session and refused without one. */
  requireLogin: z.boolean().default(false),
});
export type InsuranceQuoteRequest = z.input<typeof insuranceQuoteRequestSchema>;

/** → 201; also `GET /api/insurance/quotes/:id`. */
export const insuranceQuoteResponseSchema = z.strictObject({
  id: z.string(),
  planId: z.string(),
  planName: z.string(),
  currency: currencySchema,
  paymentFrequency: z.enum(['monthly', 'annual']),
  /** How each part of the premium was reached, in minor units of `currency`. */
  lines: z.array(z.strictObject({ kind: z.enum(['base', 'option', 'age', 'discount']), id: z.string(), label: z.string(), amount: z.number().int() })),
  /** The premium charged now (one month, or the year), in minor units. */
  amount: minorAmount,
  /** The applicant's age on the quote date, which set the age loading. */
  age: z.number().int(),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  status: z.enum(['quoted', 'expired', 'paid']),
  requiresLogin: z.boolean(),
});
export type InsuranceQuoteResponse = z.infer<typeof insuranceQuoteResponseSchema>;
