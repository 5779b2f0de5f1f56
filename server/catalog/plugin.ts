import fp from 'fastify-plugin';
import { loadCatalog, type Catalog } from '.';
import { FxService, type FxOptions } from './fx';
import type { PricingExtensions } from '../orders/pricing';

declare module 'fastify' {
  interface FastifyInstance {
    catalog: Catalog;
    fx: FxService;
    pricingExtensions: PricingExtensions;
  }
}

export interface CommerceOptions {
  catalogFile?: string;
  catalog?: Catalog;
  fx?: Omit<FxOptions, 'log'>;
  /** Seat holds and insurance quotes plug in here. */
  pricing?: PricingExtensions;
}

/** The merchant catalog, FX rates and the pricing extensions, loaded once at start. */
export default fp<CommerceOptions>(
  async function commercePlugin(app, opts) {
    app.decorate('catalog', opts.catalog ?? loadCatalog(opts.catalogFile));
    app.decorate('fx', new FxService({ ...opts.fx, log: app.log }));
    app.decorate('pricingExtensions', opts.pricing ?? {});
  },
  { name: 'ck-commerce' },
);
