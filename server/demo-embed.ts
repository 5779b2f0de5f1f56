/**
 * The embed demo: a plain static "merchant site" on another origin that pastes only the
 * kit's script tag and a few tags. Started twice by main.ts with the demo: once on an origin
 * in ALLOWED_ORIGINS (the payment completes), once on one that is not (the elements say so).
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';

const PAGE = resolve(import.meta.dirname, '../demo-pages/embed/merchant-site.html');
const CLASSIC_PAGE = resolve(import.meta.dirname, '../demo-pages/embed/classic-site.html');

export interface EmbedSiteOptions {
  host: string;
  port: number;
  /** Where the merchant's page loads the kit from: the proxy's public origin. */
  proxyUrl: string;
  /** Shown on the page, so a visitor knows which of the two demos they are on. */
  allowed: boolean;
}

export async function startEmbedSite(options: EmbedSiteOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
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
