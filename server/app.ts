/**
 * buildApp(config): the proxy as a Fastify instance, with no `listen` inside, so tests
 * drive it with `app.inject()` and main.ts decides how it is served.
 */
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from './config';
import errors from './plugins/errors';
import staticFiles, { defaultStaticOptions, type StaticOptions } from './plugins/static';
import health from './routes/health';

export interface BuildOptions {
  logger?: FastifyServerOptions['logger'];
  static?: Partial<StaticOptions>;
}

export async function buildApp(config: Config, options: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? { level: config.logLevel },
    bodyLimit: 64 * 1024,
    trustProxy: false,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(errors);
  await app.register(health);
  await app.register(staticFiles, { ...defaultStaticOptions, ...options.static });

  return app;
}
