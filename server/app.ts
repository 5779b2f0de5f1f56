/**
 * buildApp(config): the proxy as a Fastify instance, with no `listen` inside, so tests
 * drive it with `app.inject()` and main.ts decides how it is served.
 *
 * It reads as the list: infrastructure plugins (server/plugins/: error shape, metrics, security,
 * storage, the upstream client), then one plugin per feature (catalog, auth, orders,
 * upstream-actions, insurance, seats, cards, ops), then the static files.
 */
import type { Socket } from 'node:net';
import compress from '@fastify/compress';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyServerOptions } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ClientOptions } from './checkout/client';
import type { Config } from './config';
import { EMULATOR_KEYS } from './emulator/keys';
import { errorBody } from './errors';
import { AccessLog, loggerOptions } from './logging';
// Infrastructure
import checkoutClient from './plugins/checkout';
import errors from './plugins/errors';
import metrics from './plugins/metrics';
import openapi from './plugins/openapi';
import security, { CHECKOUT_ORIGINS, type RateTier } from './plugins/security';
import staticFiles, { defaultStaticOptions, type StaticOptions } from './plugins/static';
import storage from './plugins/storage';
import type { Database } from './storage/db';
import type { IdempotencyOptions } from './storage/idempotency';
// Features
import accounts from './accounts/plugin';
import admin from './admin/plugin';
import auth from './auth/plugin';
import cards from './cards/plugin';
import type { Catalog } from './catalog';
import catalog from './catalog/plugin';
import giftCards from './gift-cards/plugin';
import type { FxOptions } from './catalog/fx';
import insurance from './insurance/plugin';
import mail from './mail/plugin';
import ops from './ops/plugin';
import receipts from './receipts/plugin';
import type { ReadinessOptions } from './ops/routes';
import orders from './orders/plugin';
import outbox, { type OutboxOptions } from './outbox/plugin';
import type { PricingExtensions } from './orders/pricing';
import seats from './seats/plugin';
import stock from './stock/plugin';
import coupons from './coupons/plugin';
import upstreamActions, { type UpstreamActionOptions } from './upstream-actions/plugin';
import risk, { type RiskOptions } from './risk/plugin';
import type { Tracing } from './tracing';

export interface BuildOptions {
  logger?: FastifyServerOptions['logger'];
  /** A pino destination stream (tests capture log lines with it). */
  logStream?: NodeJS.WritableStream;
  static?: Partial<StaticOptions>;
  /** An already open database (tests); otherwise DATABASE_URL or PGlite under DATA_DIR. */
  database?: Database;
  catalog?: Catalog;
  fx?: Omit<FxOptions, 'log'>;
  checkoutClient?: ClientOptions;
  pricing?: PricingExtensions;
  rateLimits?: Partial<Record<'payments' | 'auth' | 'general', RateTier>>;
  idempotency?: IdempotencyOptions;
  /** How often pending orders past PENDING_ORDER_TTL_MIN are expired (ms, default 60 s; 0: tests sweep by hand). */
  orderSweepEvery?: number;
  /** The queue of refunds, captures and voids: its sweep, retry backoff and lease (server/upstream-actions/plugin.ts). */
  upstreamActions?: UpstreamActionOptions;
  /** The outbox of messages to customers: its sweep, retry backoff, lease, attempts and clock (server/outbox/plugin.ts). */
  outbox?: OutboxOptions;
  /** How often records past their retention are purged (ms, default 1 h; 0: tests purge by hand). */
  retentionSweepEvery?: number;
  /** Payment velocity limits instead of the configured ones, or false: off (server/risk/). */
  velocity?: RiskOptions['velocity'];
  /** The clock of payment velocity (tests move it). */
  clock?: RiskOptions['clock'];
  /** Where PDF receipts look for the Noto fonts (tests: a directory without them). */
  receiptFontDirs?: string[];
  /** The console's reconciliation schedule check (ms, default 10 min; 0: tests run it by hand) and clock. */
  admin?: { reconciliationEvery?: number; now?: () => Date };
  /** OpenTelemetry (server/tracing.ts): Fastify's instrumentation registered before anything else, spans for statements and Checkout.com calls. */
  tracing?: Tracing;
  /** /readyz's upstream probe cache (its clock, for tests). */
  readiness?: ReadinessOptions;
}

/**
 * In emulator mode with no explicit keys (tests, `buildApp` without main.ts), the proxy
 * talks to the emulator's default address with the emulator's sandbox-shaped keys.
 */
export function effectiveConfig(config: Config): Config {
  if (config.checkout.mode !== 'emulator') return config;
  const c = config.checkout;
  return {
    ...config,
    checkout: {
      ...c,
      environment: 'sandbox',
      apiUrl: c.apiUrl ?? `http://127.0.0.1:${config.emulatorPort}`,
      secretKey: c.secretKey ?? EMULATOR_KEYS.secretKey,
      publicKey: c.publicKey ?? EMULATOR_KEYS.publicKey,
      processingChannelId: c.processingChannelId ?? EMULATOR_KEYS.processingChannelId,
      webhookSecret: c.webhookSecret ?? EMULATOR_KEYS.webhookSecret,
    },
  };
}

/** Trust the first `hops` proxies in front of us (proxy-addr's meaning of a hop count). */
const trustHops = (hops: number) => (_address: string, hop: number) => hop < hops;

export async function buildApp(rawConfig: Config, options: BuildOptions = {}): Promise<FastifyInstance> {
  const config = effectiveConfig(rawConfig);
  const logger = options.logger ?? (options.logStream ? { ...loggerOptions(config.logLevel), stream: options.logStream } : loggerOptions(config.logLevel));
  const app = Fastify({
    logger,
    // One access line per request instead of two (server/logging.ts).
    logController: new AccessLog(),
    bodyLimit: 64 * 1024,
    // Slow clients (slowloris): a request's headers and body must arrive within REQUEST_TIMEOUT_MS,
    // or Node answers 408 (clientErrorHandler below) and closes the connection. Fastify's default
    // is no limit: a body trickled a byte a minute held its socket and request for ever. This times
    // the request only (the answer: SEND_TIMEOUT_MS below); idle keep-alive connections end at keepAliveTimeout.
    requestTimeout: config.requestTimeoutMs,
    http: {
      requestTimeout: config.requestTimeoutMs,
      headersTimeout: Math.min(60_000, config.requestTimeoutMs),
      // How often Node looks for connections past those deadlines (its default: every 30 s).
      connectionsCheckingInterval: Math.min(30_000, Math.max(50, Math.floor(config.requestTimeoutMs / 4))),
    },
    // Only the configured load balancers' X-Forwarded-For counts (TRUST_PROXY); by default none.
    trustProxy: typeof config.trustProxy === 'number' ? trustHops(config.trustProxy) : (config.trustProxy ?? false),
    // Errors the router raises before any handler runs still answer in the error shape.
    frameworkErrors: (error, _request, typedReply) => {
      const reply = typedReply as unknown as FastifyReply;
      if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
        return reply.code(414).send(errorBody('uri_too_long', 'A path parameter is too long.'));
      }
      const message = error.code === 'FST_ERR_BAD_URL' ? 'The URL is malformed (bad percent-encoding).' : 'The request is malformed.';
      return reply.code(400).send(errorBody(error.code === 'FST_ERR_BAD_URL' ? 'invalid_url' : 'invalid_request', message));
    },
    // Requests the HTTP parser rejects never reach Fastify's reply: write the shape by hand.
    clientErrorHandler: (error: NodeJS.ErrnoException, socket) => {
      if (!socket.writable) return void socket.destroy();
      const [status, reason, code, message] =
        error.code === 'HPE_HEADER_OVERFLOW'
          ? [431, 'Request Header Fields Too Large', 'headers_too_large', 'The request headers are too large.']
          : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
            ? [408, 'Request Timeout', 'request_timeout', 'The request took too long to arrive.']
            : [400, 'Bad Request', 'invalid_request', 'The HTTP request is malformed.'];
      const body = JSON.stringify(errorBody(code, message));
      socket.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
    },
  }).withTypeProvider<ZodTypeProvider>();

  // Slow readers: once an answer starts going out, a connection whose client reads none of it for
  // SEND_TIMEOUT_MS is closed (Fastify's default: never, so unread answers held their sockets for
  // ever). A handler takes as long as it needs before. A seat stream is hijacked and never timed
  // (its heartbeats would keep an unread one looking alive anyway): what it may buffer is capped
  // instead (seats/routes.ts STREAM_BACKLOG_MAX), and how many one address opens.
  app.addHook('onSend', async (request, _reply, payload) => {
    // (app.inject's stand-in socket has no timer: nothing to time there.)
    const socket = request.raw.socket as Partial<Socket> | undefined;
    if (typeof socket?.setTimeout === 'function') socket.setTimeout(config.sendTimeoutMs);
    return payload;
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const paymentOrigins = config.checkout.mode === 'emulator' ? [new URL(config.checkout.apiUrl!).origin] : config.checkout.apiUrl && !/checkout\.com/.test(config.checkout.apiUrl) ? [new URL(config.checkout.apiUrl).origin, ...CHECKOUT_ORIGINS] : CHECKOUT_ORIGINS;

  // Infrastructure: the error shape, compression, metrics, CORS/helmet/rate limits, storage, the upstream client.
  // Before any route or hook, so every request and hook is traced (off unless main.ts or a test started tracing).
  if (options.tracing) await app.register(options.tracing.instrumentation.plugin());
  await app.register(errors);
  // OpenAPI from the routes' zod schemas (registered before them); the /docs reader outside production.
  await app.register(openapi, { ui: config.checkout.environment !== 'production' });
  // The kit, the demo pages and JSON answers (a 100k-seat venue layout, the catalog) go out
  // compressed; event streams are never buffered for it.
  await app.register(compress, { global: true, threshold: 1024, encodings: ['br', 'gzip'] });
  await app.register(metrics);
  await app.register(security, { allowedOrigins: config.allowedOrigins, paymentOrigins, rateLimits: options.rateLimits, redisUrl: config.redisUrl });
  // An idempotency key answers replays for as long as it is kept (IDEMPOTENCY_RETENTION_HOURS).
  await app.register(storage, { databaseUrl: config.databaseUrl, dataDir: config.dataDir, database: options.database, traced: Boolean(options.tracing), idempotency: { ttlMs: config.retention.idempotencyMs, ...options.idempotency } });
  await app.register(checkoutClient, { checkout: config.checkout, client: options.checkoutClient, traced: Boolean(options.tracing) });

  // Features: each a plugin with its decorators, its part of an order, and its encapsulated routes.
  // The order of the order features is the order their reactions to a paid order run in.
  await app.register(catalog, { config, catalogFile: config.catalogFile, catalog: options.catalog, fx: { url: config.fxRatesUrl, ...options.fx } });
  await app.register(auth, { config, db: app.db });
  await app.register(accounts, { config });
  await app.register(orders, { config, pricing: options.pricing, expireEvery: options.orderSweepEvery });
  await app.register(upstreamActions, options.upstreamActions ?? {});
  await app.register(risk, { config, ...(options.velocity !== undefined ? { velocity: options.velocity } : {}), ...(options.clock ? { clock: options.clock } : {}) });
  await app.register(outbox, options.outbox ?? {});
  await app.register(mail, { config });
  await app.register(insurance);
  await app.register(seats, { config });
  await app.register(stock);
  await app.register(coupons);
  await app.register(cards, { config });
  await app.register(giftCards, { config });
  await app.register(receipts, { fontDirs: options.receiptFontDirs });
  await app.register(admin, { config, ...options.admin });
  await app.register(ops, { retention: config.retention, retentionEvery: options.retentionSweepEvery, readiness: options.readiness });

  await app.register(staticFiles, { ...defaultStaticOptions, demoPages: config.demoPages, ...options.static });

  return app;
}
