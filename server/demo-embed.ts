/**
 * The embed demo: a plain static "merchant site" on another origin that pastes only the
 * kit's script tag and a few tags. Started twice by main.ts with the demo: once on an origin
 * in ALLOWED_ORIGINS (the payment completes), once on one that is not (the elements say so).
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { APP_ROOT } from './paths';
import { CHECKOUT_ORIGINS } from './plugins/security';

const PAGE = resolve(APP_ROOT, 'demo-pages/embed/merchant-site.html');
const CLASSIC_PAGE = resolve(APP_ROOT, 'demo-pages/embed/classic-site.html');

export interface EmbedSiteOptions {
  host: string;
  port: number;
  /** Where the merchant's page loads the kit from: the proxy's public origin. */
  proxyUrl: string;
  /** Shown on the page, so a visitor knows which of the two demos they are on. */
  allowed: boolean;
}

/**
 * The Content-Security-Policy the README tells a merchant to send, so the demo proves it is
 * enough: the proxy's origin (kit, API, product images) and where Flow comes from — the
 * emulator's origin, or Checkout.com's hosts with real keys. `'unsafe-inline'` styles are for
 * this page's own <style> and the style attributes Flow sets; scripts stay strict.
 */
export function merchantCsp(proxyUrl: string, paymentOrigins: readonly string[]): string {
  const proxy = new URL(proxyUrl).origin;
  const pay = paymentOrigins.join(' ');
  return [
    "default-src 'self'",
    `script-src 'self' ${proxy} ${pay}`,
    `style-src 'self' 'unsafe-inline' ${pay}`,
    `img-src 'self' data: ${proxy} ${pay}`,
    `font-src 'self' data: ${pay}`,
    `connect-src 'self' ${proxy} ${pay}`,
    `frame-src ${pay}`,
    "base-uri 'self'",
    "object-src 'none'",
  ].join('; ');
}

/** Where Flow comes from, as the proxy says (`/api/checkout-config`); asked once, again after a failure. */
function paymentOriginsOf(proxyUrl: string): () => Promise<readonly string[]> {
  let answer: Promise<readonly string[]> | undefined;
  return () =>
    (answer ??= fetch(`${proxyUrl}/api/checkout-config`)
      .then((r) => r.json() as Promise<{ flowScriptUrl?: string }>)
      .then((config) => (config.flowScriptUrl ? [new URL(config.flowScriptUrl).origin] : CHECKOUT_ORIGINS))
      .catch((error: unknown) => {
        answer = undefined;
        throw error;
      }));
}

export async function startEmbedSite(options: EmbedSiteOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  const paymentOrigins = paymentOriginsOf(options.proxyUrl);
  app.addHook('onSend', async (_request, reply) => {
    // With the proxy down the page still loads (and the elements say they cannot reach it).
    const origins = await paymentOrigins().catch(() => CHECKOUT_ORIGINS);
    void reply.header('content-security-policy', merchantCsp(options.proxyUrl, origins));
  });
  const render = async (file: string) =>
    (await readFile(file, 'utf8'))
      .replaceAll('%PROXY_URL%', options.proxyUrl)
      .replaceAll(
        '%ORIGIN_NOTE%',
        options.allowed
          ? 'This origin is in the proxy’s ALLOWED_ORIGINS, so the kit works here.'
          : 'This origin is NOT in the proxy’s ALLOWED_ORIGINS: the elements explain that they cannot be used here.',
      );
  app.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').send(await render(PAGE)));
  app.get('/classic.html', async (_request, reply) =>
    reply.type('text/html; charset=utf-8').send(await render(CLASSIC_PAGE)),
  );
  await app.listen({ host: options.host, port: options.port });
  return app;
}
