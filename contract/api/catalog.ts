/**
 * The shop's public data: the catalog (products, gift-card designs, events, insurance plans, shipping), exchange rates and the checkout configuration.
 *
 * Part of the proxy's HTTP contract (contract/api): zod schemas the server validates with;
 * the kit imports their types only.
 */
import { z } from 'zod';
import { isLocaleTag } from '../locales';
import { currencySchema, minorAmount, moneySchema } from './common';

/**
 * A catalog entry's texts in other languages, by BCP 47 tag: `{ "fr": { "name": "Coque
 * transparente" }, "zh-HK": { … } }`. Each text is optional; a shopper whose language has none
 * reads the entry's own text (contract/locales.ts `localizedText`).
 */
const LOCALE_KEY = 'must be a BCP 47 language tag such as "fr" or "zh-HK"';
export const translationsOf = <T extends z.ZodRawShape>(texts: T) =>
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
  /** Units the shop has to sell (paid orders count against it), or `unlimited` (the default). The proxy keeps the count in its database. */
  stock: z.union([z.number().int().min(0), z.literal('unlimited')]).optional(),
});
export type Product = z.infer<typeof productSchema>;

/** A product as `GET /api/catalog` shows it: `available` is how many can be bought right now (absent: unlimited; 0: sold out). */
export const publicProductSchema = productSchema.omit({ stock: true }).extend({ available: z.number().int().min(0).optional() });

export const giftCardDesignSchema = z.strictObject({
  id: z.string().min(1).max(64),
  name: z.string().min(1).max(200),
  /** The design's name in other languages (the builder's choices and preview, the gift-card line of a quote). */
  translations: nameTranslations,
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
  /** How long an issued card can be spent: its expiry is this many months after the order was paid. */
  validityMonths: z.number().int().min(1).max(120).default(24),
});

export const priceCategorySchema = z.strictObject({
  id: z.string().min(1).max(32),
  name: z.string().min(1).max(100),
  /** The category's name in other languages (the seat map's legend and list, the seat lines of a quote). */
  translations: translationsOf({ name: z.string().min(1).max(100) }),
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
/** Where an event's sale stands by the proxy's clock: its presale (the card rule applies), the general sale (any card), or not on sale. */
export const salePhaseSchema = z.enum(['presale', 'on_sale', 'not_on_sale']);

export const catalogResponseSchema = z.strictObject({
  baseCurrency: currencySchema,
  currencies: z.array(currencySchema),
  products: z.array(publicProductSchema),
  giftCards: giftCardRulesSchema,
  events: z.array(eventSchema.extend({ salePhase: salePhaseSchema.optional() })),
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
