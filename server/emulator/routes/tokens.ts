import type { FastifyInstance } from 'fastify';
import { requireKey } from '../auth';
import { lookupBin, schemeRuleFor, validateCard, type BinRecord } from '../cards';
import type { EmulatorContext } from '../context';
import { CkoError, invalid, notFound } from '../errors';
import { newId } from '../ids';
import { cardMetadataSchema, parseBody, tokenSchema } from '../schemas';
import { LIFETIMES_MS, type CardData, type TokenRecord } from '../store';
import { compact } from '../engine';

/** POST /tokens (public key), GET /tokens/{id}/metadata and POST /metadata/card (secret key). */

export function createToken(ctx: EmulatorContext, card: CardData): TokenRecord {
  const now = ctx.now();
  const metadata = lookupBin(card.number);
  const id = newId('tok');
  const expiresAt = now + LIFETIMES_MS.token;
  const body = compact({
    type: 'card',
    token: id,
    expires_on: new Date(expiresAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    billing_address: card.billing_address,
    phone: card.phone,
    expiry_month: card.expiry_month,
    expiry_year: card.expiry_year,
    name: card.name,
    scheme: schemeRuleFor(card.number)?.display,
    local_schemes: metadata?.local_schemes,
    last4: card.number.slice(-4),
    bin: card.number.slice(0, 6),
    card_type: metadata?.card_type.toUpperCase(),
    card_category: metadata?.card_category.toUpperCase(),
    issuer: metadata?.issuer,
    issuer_country: metadata?.issuer_country,
    product_id: metadata?.product_id,
    product_type: metadata?.product_type,
  });
  const record: TokenRecord = { id, card, metadata, createdAt: now, expiresAt, body };
  ctx.store.tokens.set(id, record);
  ctx.store.sweep();
  return record;
}

/** Card metadata as POST /metadata/card answers it (lowercase enums: see README). */
export function metadataView(record: BinRecord, bin: string, format: 'basic' | 'card_payouts' = 'basic'): Record<string, unknown> {
  return compact({
    bin,
    scheme: record.scheme,
    local_schemes: record.local_schemes,
    card_type: record.card_type,
    card_category: record.card_category,
    currency: record.currency,
    issuer: record.issuer,
    issuer_country: record.issuer_country,
    issuer_country_name: record.issuer_country_name,
    is_combo_card: false,
    product_id: record.product_id,
    product_type: record.product_type,
    regulated_indicator: false,
    is_reloadable_prepaid: record.card_type === 'prepaid' ? true : undefined,
    card_payouts:
      format === 'card_payouts'
        ? {
            domestic_non_money_transfer: 'standard',
            cross_border_non_money_transfer: 'standard',
            domestic_gambling: 'not_supported',
            cross_border_gambling: 'not_supported',
            domestic_money_transfer: 'fast_funds',
            cross_border_money_transfer: 'standard',
          }
        : undefined,
  });
}

export function tokenRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  app.post('/tokens', { preHandler: requireKey('public') }, async (request, reply) => {
    const body = parseBody(tokenSchema, request.body);
    const { type: _type, ...card } = body;
    const problems = validateCard(card, ctx.now());
    if (problems.length > 0) throw invalid(problems);
    const token = createToken(ctx, card as CardData);
    return reply.code(201).send(token.body);
  });

  app.get<{ Params: { id: string } }>('/tokens/:id/metadata', { preHandler: requireKey('secret') }, async (request) => {
    const token = ctx.store.tokens.get(request.params.id);
    if (!token || token.usedAt !== undefined) throw notFound();
    if (token.expiresAt <= ctx.now()) throw new CkoError(410, 'token_expired');
    return token.body;
  });

  app.post('/metadata/card', { preHandler: requireKey('secret') }, async (request) => {
    const body = parseBody(cardMetadataSchema, request.body);
    let digits: string;
    if (body.source.type === 'bin') {
      digits = body.source.bin;
    } else if (body.source.type === 'card') {
      digits = body.source.number.slice(0, 8);
    } else {
      const token = ctx.store.tokens.get(body.source.token);
      if (!token) throw invalid(['token_invalid']);
      if (token.expiresAt <= ctx.now()) throw invalid(['token_expired']);
      digits = token.card.number.slice(0, 8);
    }
    const record = lookupBin(digits);
    if (!record) throw notFound();
    return metadataView(record, digits, body.format);
  });
}
