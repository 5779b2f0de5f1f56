/**
 * buildApp(config): the proxy as a Fastify instance, with no `listen` inside, so tests
 * drive it with `app.inject()` and main.ts decides how it is served.
 *
 * Order: error shape → metrics → security (CORS, helmet, rate limits) → services (catalog +
 * FX, storage, upstream client) → routes → static files.
 */
import compress from '@fastify/compress';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyServerOptions } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Catalog } from './catalog';
import type { ClientOptions } from './checkout/client';
import type { Config } from './config';
import { EMULATOR_KEYS } from './emulator/keys';
import { errorBody } from './errors';
import type { FxOptions } from './catalog/fx';
import { loggerOptions } from './logging';
import checkoutPlugin from './plugins/checkout';
import commerce from './catalog/plugin';
import errors from './plugins/errors';
import metrics from './plugins/metrics';
import orderExpiry from './orders/expiry';
import retention from './ops/retention';
import security, { CHECKOUT_ORIGINS, type RateTier } from './plugins/security';
import staticFiles, { defaultStaticOptions, type StaticOptions } from './plugins/static';
import storage from './plugins/storage';
import upstreamActions, { type UpstreamActionOptions } from './upstream-actions/plugin';
import type { PricingExtensions } from './orders/pricing';
import auth from './auth/service';
import authRoutes from './auth/routes';
import cardRoutes from './cards/routes';
import health from './ops/health';
import insuranceRoutes from './insurance/routes';
import ops, { type ReadinessOptions } from './ops/routes';
import paymentRoutes from './orders/routes';
import publicRoutes from './catalog/routes';
import seatRoutes from './seats/routes';
import webhooks from './orders/webhook-route';
import type { Database } from './storage/db';
import type { IdempotencyOptions } from './storage/idempotency';

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
  /** How often records past their retention are purged (ms, default 1 h; 0: tests purge by hand). */
  retentionSweepEvery?: number;
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
    bodyLimit: 64 * 1024,
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

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const paymentOrigins = config.checkout.mode === 'emulator' ? [new URL(config.checkout.apiUrl!).origin] : config.checkout.apiUrl && !/checkout\.com/.test(config.checkout.apiUrl) ? [new URL(config.checkout.apiUrl).origin, ...CHECKOUT_ORIGINS] : CHECKOUT_ORIGINS;

  await app.register(errors);
  // The kit, the demo pages and JSON answers (a 100k-seat venue layout, the catalog) go out
  // compressed; event streams are never buffered for it.
  await app.register(compress, { global: true, threshold: 1024, encodings: ['br', 'gzip'] });
  await app.register(metrics);
  await app.register(security, { allowedOrigins: config.allowedOrigins, paymentOrigins, rateLimits: options.rateLimits, redisUrl: config.redisUrl });
  await app.register(commerce, { catalogFile: config.catalogFile, catalog: options.catalog, fx: { url: config.fxRatesUrl, ...options.fx }, pricing: options.pricing });
  // An idempotency key answers replays for as long as it is kept (IDEMPOTENCY_RETENTION_HOURS).
  await app.register(storage, { databaseUrl: config.databaseUrl, dataDir: config.dataDir, database: options.database, idempotency: { ttlMs: config.retention.idempotencyMs, ...options.idempotency } });
  await app.register(orderExpiry, { ttlMinutes: config.pendingOrderTtlMinutes, every: options.orderSweepEvery });
  await app.register(retention, { retention: config.retention, every: options.retentionSweepEvery });
  await app.register(checkoutPlugin, { checkout: config.checkout, client: options.checkoutClient });
  await app.register(upstreamActions, options.upstreamActions ?? {});
  await app.register(auth, { config, db: app.db });

  await app.register(health);
  await app.register(ops, options.readiness ?? {});
  await app.register(publicRoutes, { config });
  await app.register(paymentRoutes, { config });
  await app.register(cardRoutes, { config });
  await app.register(authRoutes);
  await app.register(insuranceRoutes);
  await app.register(seatRoutes, { config, streams: config.seatStreams });
  await app.register(webhooks, { config });
  await app.register(staticFiles, { ...defaultStaticOptions, demoPages: config.demoPages, ...options.static });

  return app;
}
