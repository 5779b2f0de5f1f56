/**
 * The catalog feature: the merchant catalog and FX rates, loaded once at start (`app.catalog`,
 * `app.fx`), and the public read-only routes over them (./routes.ts: checkout config, catalog,
 * FX rates, venue layouts).
 */
import fp from 'fastify-plugin';
import type { Config } from '../config';
import { loadCatalog, type Catalog } from './index';
import { FxService, type FxOptions } from './fx';
import routes from './routes';

declare module 'fastify' {
  interface FastifyInstance {
    catalog: Catalog;
    fx: FxService;
    /** The server's clock every sale rule reads (presale or general sale, seat holds, pricing); tests move it. */
    clock: ServerClock;
  }
}

export interface ServerClock {
  now(): number;
}

export interface CatalogOptions {
  config: Config;
  catalogFile?: string;
  catalog?: Catalog;
  fx?: Omit<FxOptions, 'log'>;
}

export default fp<CatalogOptions>(
  async function catalogPlugin(app, opts) {
    app.decorate('catalog', opts.catalog ?? loadCatalog(opts.catalogFile));
    app.decorate('fx', new FxService({ ...opts.fx, log: app.log }));
    app.decorate('clock', { now: () => Date.now() });
    await app.register(routes, { config: opts.config });
  },
  { name: 'ck-catalog' },
);
