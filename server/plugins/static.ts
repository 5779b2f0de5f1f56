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

/**
 * What the kit's build says a page loads with the entry (dist/kit/kit-manifest.json, written by
 * vite.config.ts): the chunks `checkout-kit.js` imports statically, which the entry's response
 * names in a `Link: rel=modulepreload` header so the browser fetches them alongside it.
 */
export function kitEntryPreloads(kitDir: string): string[] {
  try {
    const { entry } = JSON.parse(readFileSync(resolve(kitDir, 'kit-manifest.json'), 'utf8')) as { entry?: { imports?: unknown } };
    const imports = Array.isArray(entry?.imports) ? entry.imports : [];
    return imports.filter((file): file is string => typeof file === 'string' && /^chunks\/[\w.-]+\.js$/.test(file));
  } catch {
    return [];
  }
}

/** A year: what browsers and CDNs may keep a file whose URL changes whenever its bytes do. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

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
    const chunksDir = resolve(opts.kitDir, 'chunks') + sep;
    const entryFile = resolve(opts.kitDir, 'checkout-kit.js');
    // The entry names the chunks it imports statically, so the browser fetches them with it
    // (relative URLs resolve against the entry's own, under /kit/ or /kit/<version>/).
    const entryLink = kitEntryPreloads(opts.kitDir)
      .map((file) => `<./${file}>; rel=modulepreload; crossorigin`)
      .join(', ');
    // The build writes each file brotli- and gzip-compressed beside it (file.js.br, file.js.gz):
    // served as the browser accepts them, compressed once at the highest level, never per request.
    const served = (path: string) => path.replace(/\.(br|gz)$/, '');
    // The kit's routes in their own scope, so their one hook runs for them alone: every answer
    // depends on Accept-Encoding (next to the CORS plugin's Origin), which caches must key on.
    await app.register(async (kit) => {
      kit.addHook('onSend', async (_request, reply) => {
        const vary = String(reply.getHeader('vary') ?? '');
        if (!/accept-encoding/i.test(vary)) reply.header('vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding');
      });
      await kit.register(fastifyStatic, {
        root: opts.kitDir,
        prefix: '/kit/',
        decorateReply: false,
        preCompressed: true,
        cacheControl: false,
        setHeaders(res, path) {
          crossOrigin(res);
          const file = served(path);
          // Chunks carry a content hash in their name: a new build gives new URLs, so they never
          // change under theirs. The entry and the element files keep their names: 5 minutes.
          res.setHeader('Cache-Control', file.startsWith(chunksDir) ? IMMUTABLE : 'public, max-age=300');
          if (entryLink && file === entryFile) res.setHeader('Link', entryLink);
        },
      });
      // The same files under the kit's version (/kit/0.1.0/checkout-kit.js and the chunks it
      // imports by relative URL): they never change under that URL, so browsers and CDNs keep
      // them for a year without asking again, and a page can pin them with Subresource Integrity
      // (the hashes are in dist/kit/integrity.json and README.md: scripts/kit-integrity.mjs).
      const version = kitVersion(opts.kitDir);
      if (version) {
        await kit.register(fastifyStatic, {
          root: opts.kitDir,
          prefix: `/kit/${version}/`,
          decorateReply: false,
          preCompressed: true,
          cacheControl: false,
          setHeaders(res, path) {
            crossOrigin(res);
            res.setHeader('Cache-Control', IMMUTABLE);
            if (entryLink && served(path) === entryFile) res.setHeader('Link', entryLink);
          },
        });
      }
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
