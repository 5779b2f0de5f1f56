import { existsSync, readFileSync } from 'node:fs';
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

/** The built kit's version (dist/kit/integrity.json, written by the kit's build), if it names one fit for a path. */
export function kitVersion(kitDir: string): string | undefined {
  try {
    const { version } = JSON.parse(readFileSync(resolve(kitDir, 'integrity.json'), 'utf8')) as { version?: unknown };
    return typeof version === 'string' && /^\d+\.\d+\.\d+(-[\w.]+)?$/.test(version) ? version : undefined;
  } catch {
    return undefined;
  }
}

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
    // Merchant pages load the kit from their own origin, as module scripts (always CORS) or with
    // `crossorigin` and `integrity`: any origin may read it.
    const crossOrigin = (res: { setHeader(name: string, value: string): unknown }) => {
      res.setHeader('Access-Control-Allow-Origin', '*');
      res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    };
    await app.register(fastifyStatic, {
      root: opts.kitDir,
      prefix: '/kit/',
      decorateReply: false,
      maxAge: '5m',
      setHeaders: crossOrigin,
    });
    // The same files under the kit's version (/kit/0.1.0/checkout-kit.js and the chunks it
    // imports by relative URL): they never change under that URL, so browsers and CDNs keep
    // them for a year without asking again, and a page can pin them with Subresource Integrity
    // (the hashes are in dist/kit/integrity.json and README.md: scripts/kit-integrity.mjs).
    const version = kitVersion(opts.kitDir);
    if (version) {
      await app.register(fastifyStatic, {
        root: opts.kitDir,
        prefix: `/kit/${version}/`,
        decorateReply: false,
        maxAge: '365d',
        immutable: true,
        setHeaders: crossOrigin,
      });
    }
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
