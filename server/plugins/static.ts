import { existsSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import fp from 'fastify-plugin';
import fastifyStatic from '@fastify/static';
import { APP_ROOT } from '../paths';

export interface StaticOptions {
  /** Built kit (vite output). */
  kitDir: string;
  /** Demo pages. */
  demoDir: string;
  /** Serve the demo pages at / (DEMO_PAGES; off in production unless asked for). Default true. */
  demoPages?: boolean;
}

const ROOT = APP_ROOT;

export const defaultStaticOptions: StaticOptions = {
  kitDir: resolve(ROOT, 'dist/kit'),
  demoDir: resolve(ROOT, 'demo-pages'),
};

/**
 * Serves the built kit at /kit/ (cacheable, CORS-open since merchants load it cross-origin)
 * and, unless turned off, the demo pages at /, whose /assets/ (the catalog's images) any site may show.
 */
export default fp<StaticOptions>(
  async function staticPlugin(app, opts) {
    const assetsDir = resolve(opts.demoDir, 'assets') + sep;
    if (!existsSync(opts.kitDir)) {
      app.log.warn({ kitDir: opts.kitDir }, 'the kit is not built; run "npm run build" (npm start does it)');
    }
    await app.register(fastifyStatic, {
      root: opts.kitDir,
      prefix: '/kit/',
      decorateReply: false,
      maxAge: '5m',
      setHeaders(res) {
        res.setHeader('Access-Control-Allow-Origin', '*');
        res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
      },
    });
    if (opts.demoPages === false) return;
    await app.register(fastifyStatic, {
      root: opts.demoDir,
      prefix: '/',
      decorateReply: false,
      index: ['index.html'],
      extensions: ['html'],
      setHeaders(res, path) {
        // Catalog images (/assets/…) are shown by the kit on the merchant's pages, on any site.
        if (path.startsWith(assetsDir)) res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
      },
    });
  },
  { name: 'ck-static' },
);
