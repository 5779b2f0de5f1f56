import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app';
import { loadConfig } from '../../server/config';

export interface RunningProxy {
  app: FastifyInstance;
  url: string;
  close(): Promise<void>;
}

/** Starts the real proxy (built kit + demo pages) on an ephemeral port of 127.0.0.1. */
export async function startProxy(env: Record<string, string> = {}): Promise<RunningProxy> {
  const config = loadConfig({ LOG_LEVEL: 'warn', ...env });
  const app = await buildApp(config, { logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('proxy did not bind a TCP port');
  return { app, url: `http://127.0.0.1:${address.port}`, close: () => app.close() };
}
