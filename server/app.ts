/**
 * buildApp(config): the proxy as a Fastify instance, with no `listen` inside, so tests
 * drive it with `app.inject()` and main.ts decides how it is served.
 *
 * Order: error shape → metrics → security (CORS, helmet, rate limits) → services (catalog +
 * FX, storage, upstream client) → routes → static files.
 */
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Catalog } from './catalog';
import type { ClientOptions } from './checkout/client';
import { EMULATOR_KEYS, type Config } from './config';
import type { FxOptions } from './fx';
import { loggerOptions } from './logging';
import checkoutPlugin from './plugins/checkout';
import commerce from './plugins/commerce';
import errors from './plugins/errors';
import metrics from './plugins/metrics';
import security, { CHECKOUT_ORIGINS, type RateTier } from './plugins/security';
import staticFiles, { defaultStaticOptions, type StaticOptions } from './plugins/static';
import storage from './plugins/storage';
import type { PricingExtensions } from './pricing';
import auth from './auth/plugin';
import authRoutes from './routes/auth';
import cardRoutes from './routes/cards';
import health from './routes/health';
import insuranceRoutes from './routes/insurance';
import ops from './routes/ops';
import paymentRoutes from './routes/payments';
import publicRoutes from './routes/public';
import seatRoutes from './routes/seats';
import webhooks from './routes/webhooks';
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

export async function buildApp(rawConfig: Config, options: BuildOptions = {}): Promise<FastifyInstance> {
  const config = effectiveConfig(rawConfig);
  const logger = options.logger ?? (options.logStream ? { ...loggerOptions(config.logLevel), stream: options.logStream } : loggerOptions(config.logLevel));
  const app = Fastify({
    logger,
    bodyLimit: 64 * 1024,
    trustProxy: false,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const paymentOrigins = config.checkout.mode === 'emulator' ? [new URL(config.checkout.apiUrl!).origin] : config.checkout.apiUrl && !/checkout\.com/.test(config.checkout.apiUrl) ? [new URL(config.checkout.apiUrl).origin, ...CHECKOUT_ORIGINS] : CHECKOUT_ORIGINS;

  await app.register(errors);
  await app.register(metrics);
  await app.register(security, { allowedOrigins: config.allowedOrigins, paymentOrigins, rateLimits: options.rateLimits });
  await app.register(commerce, { catalogFile: config.catalogFile, catalog: options.catalog, fx: { url: config.fxRatesUrl, ...options.fx }, pricing: options.pricing });
  await app.register(storage, { databaseUrl: config.databaseUrl, dataDir: config.dataDir, database: options.database, idempotency: options.idempotency });
  await app.register(checkoutPlugin, { checkout: config.checkout, client: options.checkoutClient });
  await app.register(auth, { config, db: app.db });

  await app.register(health);
  await app.register(ops);
  await app.register(publicRoutes, { config });
  await app.register(paymentRoutes, { config });
  await app.register(cardRoutes, { config });
  await app.register(authRoutes);
  await app.register(insuranceRoutes);
  await app.register(seatRoutes);
  await app.register(webhooks, { config });
  await app.register(staticFiles, { ...defaultStaticOptions, ...options.static });

  return app;
}
