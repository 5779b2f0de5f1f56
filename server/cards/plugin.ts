/**
 * The cards feature: what the proxy tells about a card before it pays — BIN lookups with the
 * presale eligibility verdict (./metadata.ts, ./eligibility.ts) — and the sandbox-only
 * tokenization seed endpoint. No decorators; its routes are encapsulated (./routes.ts).
 */
import fp from 'fastify-plugin';
import type { Config } from '../config';
import routes from './routes';

export default fp<{ config: Config }>(
  async function cardsPlugin(app, opts) {
    await app.register(routes, { config: opts.config });
  },
  { name: 'ck-cards', dependencies: ['ck-catalog', 'ck-checkout', 'ck-security'] },
);
