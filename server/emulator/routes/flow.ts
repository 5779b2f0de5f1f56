import { readFileSync } from 'node:fs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { requireKey } from '../auth';
import { lookupBin } from '../cards';
import type { EmulatorContext } from '../context';
import { CkoError, notFound } from '../errors';
import { pageCsp } from '../pages/layout';
import { renderFramePage } from '../pages/frame';
import { parseBody, submitSchema } from '../schemas';
import { encodeSessionData, submitPaymentSession, submitView, SESSION_ERROR_TYPE } from '../sessions';
import type { PaymentSessionRecord } from '../store';
import { metadataView } from './tokens';

/**
 * The emulated Flow: `/flow.js` (defines window.CheckoutWebComponents), the card-form iframe at
 * `/flow/frame`, its assets, and the small API the Flow client uses with the public key and the
 * payment session secret (`/flow/api/...`, the emulator's stand-in for Flow's private endpoints).
 */

const ASSETS: Record<string, { file: string; type: string }> = {
  'card-form.js': { file: 'card-form.js', type: 'text/javascript; charset=utf-8' },
  'card-form.css': { file: 'card-form.css', type: 'text/css; charset=utf-8' },
  'challenge-done.js': { file: 'challenge-done.js', type: 'text/javascript; charset=utf-8' },
};

function readClient(file: string): string {
  return readFileSync(new URL(`../client/${file}`, import.meta.url), 'utf8');
}

const frameConfigSchema = z
  .object({
    session: z.string().regex(/^ps_[0-9A-Za-z]{27}$/),
    parentOrigin: z.url(),
    componentId: z.string().regex(/^[\w-]{1,64}$/),
    componentName: z.string().max(40).default('flow'),
    locale: z.string().max(35).optional(),
    appearance: z.record(z.string(), z.unknown()).optional(),
    translations: z.record(z.string(), z.record(z.string(), z.string())).optional(),
    showPayButton: z.boolean().default(true),
    displayCardholderName: z.enum(['top', 'bottom', 'hidden']).default('bottom'),
    cardholderName: z.string().max(255).optional(),
    hasHandleSubmit: z.boolean().default(false),
  })
  .loose();

const SESSION_SECRET_HEADER = 'cko-payment-session-secret';

function cors(reply: FastifyReply): void {
  // Public-key endpoints are called from merchant pages: any origin, headers only (no cookies).
  reply.header('access-control-allow-origin', '*');
  reply.header('access-control-allow-headers', `authorization, content-type, ${SESSION_SECRET_HEADER}, cko-idempotency-key`);
  reply.header('access-control-allow-methods', 'GET, POST, OPTIONS');
  reply.header('access-control-expose-headers', 'cko-request-id, cko-version');
  reply.header('access-control-max-age', '600');
}

export function flowRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  // Read once: the files never change while the emulator runs.
  const flowScript = readClient('flow.js');
  const assets = Object.fromEntries(Object.entries(ASSETS).map(([name, asset]) => [name, { ...asset, body: readClient(asset.file) }]));

  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    if (path === '/flow.js' || path === '/tokens' || path.startsWith('/flow/api/')) cors(reply);
  });
  for (const path of ['/tokens', '/flow/api/*']) app.options(path, async (_request, reply) => reply.code(204).send());

  app.get('/flow.js', async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'no-cache').header('cross-origin-resource-policy', 'cross-origin').send(flowScript),
  );

  app.get<{ Params: { name: string } }>('/flow/assets/:name', async (request, reply) => {
    const asset = assets[request.params.name];
    if (!asset) throw notFound();
    return reply.type(asset.type).header('cache-control', 'no-cache').send(asset.body);
  });

  app.get<{ Querystring: { config?: string } }>('/flow/frame', async (request, reply) => {
    let config: z.infer<typeof frameConfigSchema>;
    try {
      config = frameConfigSchema.parse(JSON.parse(Buffer.from(request.query.config ?? '', 'base64url').toString('utf8')));
    } catch {
      return reply.code(400).type('text/plain; charset=utf-8').send('Invalid Flow frame configuration');
    }
    const session = ctx.store.paymentSessions.get(config.session);
    if (!session) return reply.code(404).type('text/plain; charset=utf-8').send('Unknown payment session');
    const parentOrigin = new URL(config.parentOrigin).origin;
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      // Only the page that mounted Flow may frame it.
      .header('content-security-policy', pageCsp(parentOrigin))
      .send(
        renderFramePage({
          sessionId: session.id,
          amount: session.amount,
          currency: session.currency,
          locale: config.locale ?? session.locale,
          parentOrigin,
          componentId: config.componentId,
          componentName: config.componentName,
          appearance: config.appearance,
          translations: config.translations,
          showPayButton: config.showPayButton,
          cardholder: config.displayCardholderName,
          cardholderName: config.cardholderName,
        }),
      );
  });

  /** Public key + the session's secret, as Flow authenticates its own calls. */
  const sessionAuth = async (request: FastifyRequest<{ Params: { id: string } }>): Promise<void> => {
    const session = ctx.store.paymentSessions.get(request.params.id);
    if (!session) throw notFound();
    if (request.headers[SESSION_SECRET_HEADER] !== session.secret) {
      throw new CkoError(401, 'unauthorized', ['payment_session_secret_invalid']);
    }
  };
  const session = (request: FastifyRequest<{ Params: { id: string } }>): PaymentSessionRecord => ctx.store.paymentSessions.get(request.params.id)!;
  const guarded = { preHandler: [requireKey('public'), sessionAuth] };

  app.get<{ Params: { id: string } }>('/flow/api/payment-sessions/:id', guarded, async (request) => {
    const s = session(request);
    return {
      id: s.id,
      amount: s.amount,
      currency: s.currency,
      locale: s.locale,
      expired: s.expiresAt <= ctx.now(),
      completed: Boolean(s.approvedPaymentId),
      payment_methods: [{ type: 'card' }],
    };
  });

  app.post<{ Params: { id: string }; Body: { bin?: unknown } }>('/flow/api/payment-sessions/:id/card-metadata', guarded, async (request) => {
    const bin = typeof request.body?.bin === 'string' && /^\d{8}$/.test(request.body.bin) ? request.body.bin : undefined;
    if (!bin) throw new CkoError(422, 'request_invalid', ['bin_invalid']);
    const record = lookupBin(bin);
    if (!record) throw notFound();
    return metadataView(record, bin);
  });

  // Wraps a fresh token into session_data (what handleSubmit receives); the token stays single use.
  app.post<{ Params: { id: string }; Body: { token?: unknown } }>('/flow/api/payment-sessions/:id/session-data', guarded, async (request) => {
    const tokenId = typeof request.body?.token === 'string' ? request.body.token : '';
    const token = ctx.store.tokens.get(tokenId);
    if (!token || token.usedAt !== undefined || token.expiresAt <= ctx.now()) throw new CkoError(422, SESSION_ERROR_TYPE, ['token_invalid']);
    return { session_data: encodeSessionData(token.id) };
  });

  app.post<{ Params: { id: string } }>('/flow/api/payment-sessions/:id/submit', guarded, async (request, reply) => {
    const body = parseBody(submitSchema.pick({ session_data: true }), request.body, SESSION_ERROR_TYPE);
    const result = submitPaymentSession(ctx, session(request), body);
    return reply.code(result.statusCode).send(result.body);
  });

  app.get<{ Params: { id: string; paymentId: string } }>('/flow/api/payment-sessions/:id/payments/:paymentId', guarded, async (request) => {
    const payment = ctx.store.payments.get(request.params.paymentId);
    if (!payment || payment.channel.kind !== 'flow' || payment.channel.paymentSessionId !== request.params.id) throw notFound();
    return submitView(payment).body;
  });
}
