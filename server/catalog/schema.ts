/**
 * The merchant catalog file (CATALOG_FILE), validated with zod at start. It is the public
 * catalog of contract/api plus the parts only the server may see: coupon codes,
 * tax rates, the FX markup and venue generator specs.
 */
import { z } from 'zod';
import {
  countrySchema,
  currencySchema,
  eventSchema,
  giftCardRulesSchema,
  insurancePlanSchema,
  moneySchema,
  productSchema,
  shippingMethodSchema,
} from '../../contract/api';
import { venueSpecSchema } from './venues';

const references = z.array(z.string().min(1).max(64)).min(1);

/**
 * A coupon and its rules (seed 001's promotions): one kind of discount — a percentage, a fixed
 * amount (per currency, else the base-currency amount converted), or only free shipping — with
 * a minimum subtotal, a maximum discount, a validity window, a product and category scope
 * (include and exclude), total and per-customer usage limits and first-order-only. Kept in the
 * database (server/coupons/: seeded from the catalog at start); the rule is applied by
 * server/orders/pricing.ts and its uses counted by server/coupons/coupons.ts.
 */
export const couponSchema = z
  .strictObject({
    /** Matched case-insensitively, surrounding whitespace ignored; shoppers type codes in any case. */
    code: z.string().trim().min(1).max(40),
    description: z.string().max(200).optional(),
    percentOff: z.number().gt(0).max(100).optional(),
    /** Fixed discount in the catalog base currency, converted like prices (for currencies `amountsOff` does not name). */
    amountOff: moneySchema.optional(),
    /** Fixed discount per order currency, in its minor units: used as is, never converted. */
    amountsOff: z.partialRecord(currencySchema, z.number().int().positive()).optional(),
    /** Minimum merchandise subtotal (after conversion to the order currency). */
    minSubtotal: moneySchema.optional(),
    /** The most a discount may be (after conversion to the order currency). */
    maxDiscount: moneySchema.optional(),
    /** Valid until (exclusive) and from. */
    expiresAt: z.iso.datetime({ offset: true }).optional(),
    startsAt: z.iso.datetime({ offset: true }).optional(),
    /** Order currencies the coupon is valid in; all when absent. */
    currencies: z.array(currencySchema).optional(),
    freeShipping: z.boolean().optional(),
    /** Scope: the discount applies only to these product references / categories (seats are category `tickets`), minus the excluded ones. */
    products: references.optional(),
    categories: references.optional(),
    excludeProducts: references.optional(),
    excludeCategories: references.optional(),
    /** Uses in all (orders paid, refunded, or awaiting payment), and per customer email. */
    usageLimit: z.number().int().positive().optional(),
    perCustomerLimit: z.number().int().positive().optional(),
    /** Only for a customer email with no paid order yet. */
    firstOrderOnly: z.boolean().optional(),
  })
  .refine((c) => {
    const fixed = c.amountOff !== undefined || c.amountsOff !== undefined;
    return (c.percentOff !== undefined) !== fixed || (c.freeShipping && c.percentOff === undefined && !fixed);
  }, {
    message: 'a coupon has exactly one of percentOff or amountOff/amountsOff (or only freeShipping)',
  });
export type Coupon = z.output<typeof couponSchema>;

export const taxRuleSchema = z.strictObject({
  /** Percent, e.g. 20 for 20 % VAT. */
  rate: z.number().min(0).max(50),
  name: z.string().min(1).max(40),
  /** Whether shipping is taxed too (VAT countries usually do). */
  shipping: z.boolean().default(true),
});
export type TaxRule = z.output<typeof taxRuleSchema>;

/**
 * Why an image URL may not be put in a page, or undefined when it may: only http(s) and
 * relative URLs are. Whitespace and control characters are refused outright, since browsers
 * drop them before reading the scheme (`java\tscript:` is `javascript:` to them).
 */
export function imageUrlProblem(url: string): string | undefined {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\u0000-\u0020\u007f-\u00a0\u2028\u2029]/.test(url)) return 'contains whitespace or control characters (URL-encode them)';
  const scheme = /^([a-z][a-z\d+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  if (scheme && scheme !== 'http' && scheme !== 'https') return `uses "${scheme}:"; only http(s) and relative URLs are allowed`;
  return undefined;
}

export const merchantCatalogSchema = z
  .strictObject({
    $schema: z.string().optional(),
    merchant: z.strictObject({ name: z.string().min(1).max(100), country: countrySchema }),
    baseCurrency: currencySchema,
    currencies: z.array(currencySchema).min(1),
    products: z.array(productSchema),
    giftCards: giftCardRulesSchema,
    venues: z.array(venueSpecSchema),
    events: z.array(eventSchema),
    insurancePlans: z.array(insurancePlanSchema),
    shippingMethods: z.array(shippingMethodSchema),
    coupons: z.array(couponSchema),
    tax: z.strictObject({
      /** Countries not listed pay no tax (exported sales). */
      byCountry: z.partialRecord(z.string().regex(/^[A-Z]{2}$/), taxRuleSchema),
    }),
    fx: z
      .strictObject({
        /** Percent added to the market rate when converting prices (covers FX cost). */
        markupPercent: z.number().min(0).max(10).default(0),
      })
      .default({ markupPercent: 0 }),
  })
  .superRefine((catalog, ctx) => {
    const unique = (label: string, values: string[], path: string) => {
      const seen = new Set<string>();
      values.forEach((value, index) => {
        const key = value.toUpperCase();
        if (seen.has(key)) ctx.addIssue({ code: 'custom', path: [path, index], message: `duplicate ${label} "${value}"` });
        seen.add(key);
      });
    };
    unique('product reference', catalog.products.map((p) => p.reference), 'products');
    unique('coupon code', catalog.coupons.map((c) => c.code), 'coupons');
    unique('event id', catalog.events.map((e) => e.id), 'events');
    unique('shipping method', catalog.shippingMethods.map((s) => s.id), 'shippingMethods');
    catalog.products.forEach((p, index) => {
      if (p.price.currency !== catalog.baseCurrency) {
        ctx.addIssue({ code: 'custom', path: ['products', index, 'price', 'currency'], message: `must be the base currency ${catalog.baseCurrency}` });
      }
    });
    const images: Array<[string, string | undefined, Array<string | number>]> = [
      ...catalog.products.map((p, index): [string, string | undefined, Array<string | number>] => [`product "${p.reference}"`, p.image, ['products', index, 'image']]),
      ...catalog.giftCards.designs.map((d, index): [string, string | undefined, Array<string | number>] => [`gift-card design "${d.id}"`, d.image, ['giftCards', 'designs', index, 'image']]),
    ];
    for (const [owner, url, path] of images) {
      const problem = url === undefined ? undefined : imageUrlProblem(url);
      if (problem) ctx.addIssue({ code: 'custom', path, message: `the image of ${owner} ${problem}` });
    }
    const venueIds = new Set(catalog.venues.map((v) => v.id));
    catalog.events.forEach((event, index) => {
      if (!venueIds.has(event.venueId)) ctx.addIssue({ code: 'custom', path: ['events', index, 'venueId'], message: `unknown venue "${event.venueId}"` });
    });
    for (const currency of catalog.currencies) {
      if (!catalog.giftCards.amounts[currency]) {
        ctx.addIssue({ code: 'custom', path: ['giftCards', 'amounts', currency], message: 'gift-card bounds are required for every catalog currency' });
      }
    }
    for (const [currency, bounds] of Object.entries(catalog.giftCards.amounts)) {
      if (bounds && (bounds.min > bounds.max || bounds.presets.some((p) => p < bounds.min || p > bounds.max))) {
        ctx.addIssue({ code: 'custom', path: ['giftCards', 'amounts', currency], message: 'min ≤ presets ≤ max is required' });
      }
    }
  });

export type MerchantCatalog = z.output<typeof merchantCatalogSchema>;
