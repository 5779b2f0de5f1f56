/**
 * Loads the merchant catalog (CATALOG_FILE or the demo catalog that ships), validates it,
 * generates venue layouts once, and derives the public view `GET /api/catalog` serves.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CatalogResponse } from '../../contract/api';
import { merchantCatalogSchema, type Coupon, type MerchantCatalog } from './schema';
import { generateVenue, type VenueLayout } from './venues';
import { salePhase } from '../cards/eligibility';

export const DEMO_CATALOG_FILE = resolve(import.meta.dirname, 'demo-catalog.json');

export class CatalogError extends Error {
  constructor(file: string, issues: string[]) {
    super(`Invalid catalog ${file}:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
    this.name = 'CatalogError';
  }
}

export class Catalog {
  readonly products;
  readonly events;
  readonly coupons;
  private readonly venueSpecs;
  private readonly layouts = new Map<string, VenueLayout>();

  constructor(readonly data: MerchantCatalog) {
    this.products = new Map(data.products.map((p) => [p.reference, p]));
    this.events = new Map(data.events.map((e) => [e.id, e]));
    this.coupons = new Map<string, Coupon>(data.coupons.map((c) => [c.code.toUpperCase(), c]));
    this.venueSpecs = new Map(data.venues.map((v) => [v.id, v]));
  }

  get baseCurrency() {
    return this.data.baseCurrency;
  }

  /** Generated lazily and kept: the arena takes ~100 ms to lay out. */
  venue(venueId: string): VenueLayout | undefined {
    let layout = this.layouts.get(venueId);
    if (!layout) {
      const spec = this.venueSpecs.get(venueId);
      if (!spec) return undefined;
      layout = generateVenue(spec);
      this.layouts.set(venueId, layout);
    }
    return layout;
  }

  coupon(code: string): Coupon | undefined {
    return this.coupons.get(code.trim().toUpperCase());
  }

  /**
   * The catalog minus coupon codes, tax rules, FX markup, venue specs and stock counts; with each
   * event's sale phase at `now` (the server's clock) and, for a product with stock, how many are
   * `available` now (`available(reference)`: undefined for unlimited).
   */
  publicView(now: number = Date.now(), available: (reference: string) => number | undefined = () => undefined): CatalogResponse {
    const d = this.data;
    return {
      baseCurrency: d.baseCurrency,
      currencies: d.currencies,
      products: d.products.map(({ stock: _stock, ...p }) => {
        const left = available(p.reference);
        return left === undefined ? p : { ...p, available: left };
      }),
      giftCards: d.giftCards,
      events: d.events.map((e) => ({ ...e, salePhase: salePhase(e, now) })),
      insurancePlans: d.insurancePlans,
      shippingMethods: d.shippingMethods,
    };
  }
}

export function parseCatalog(raw: unknown, file = 'catalog'): Catalog {
  const parsed = merchantCatalogSchema.safeParse(raw);
  if (!parsed.success) {
    throw new CatalogError(file, parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`));
  }
  return new Catalog(parsed.data);
}

export function loadCatalog(file: string = DEMO_CATALOG_FILE): Catalog {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new CatalogError(file, [(error as Error).message]);
  }
  return parseCatalog(raw, file);
}
