import type { FastifyInstance } from 'fastify';
import { createServer } from 'node:net';
import { createServer as createHttpServer } from 'node:http';
import { buildApp, type BuildOptions } from '../../server/app';
import { loadConfig } from '../../server/config';
import { EMULATOR_KEYS } from '../../server/emulator/keys';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../server/emulator/app';
import { startDevMailbox, type DevMailbox } from '../../server/mail/dev-mailbox';

export interface RunningProxy {
  app: FastifyInstance;
  url: string;
  emulator: RunningEmulator;
  close(): Promise<void>;
}

/**
 * The full stack on ephemeral ports of 127.0.0.1: the sandbox emulator, and the real proxy
 * (built kit + demo pages + API) wired to it, with the emulator's webhooks pointed back at
 * the proxy. Storage is an in-memory PGlite unless DATABASE_URL is passed in `env`.
 */
export async function startProxy(
  env: Record<string, string> = {},
  options: BuildOptions & { emulator?: EmulatorOptions } = {},
): Promise<RunningProxy> {
  const { emulator: emulatorOptions, ...buildOptions } = options;
  const emulator = await startEmulator({ port: 0, host: '127.0.0.1', webhookRetryDelaysMs: [50, 100, 200], ...emulatorOptions });
  // The proxy's own origin must be known before it is built (success URLs, CORS), so pick a free port first.
  const port = await freePort();
  const config = loadConfig({ LOG_LEVEL: 'warn', DATA_DIR: 'memory://', PORT: String(port), PUBLIC_BASE_URL: `http://127.0.0.1:${port}`, ...env });
  config.checkout.apiUrl = emulator.url;
  let app: FastifyInstance;
  try {
    // Payment velocity is off unless a test sets its limits (tests/server/velocity.test.ts): suites
    // pay dozens of times from one address with one email.
    app = await buildApp(config, { logger: false, velocity: false, ...buildOptions });
    await app.listen({ host: '127.0.0.1', port });
  } catch (error) {
    await emulator.close();
    throw error;
  }
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('proxy did not bind a TCP port');
  const url = `http://127.0.0.1:${address.port}`;
  emulator.app.emulator.webhooks.configure({ url: `${url}/webhooks/checkout`, secret: config.checkout.webhookSecret ?? EMULATOR_KEYS.webhookSecret });
  return {
    app,
    url,
    emulator,
    close: async () => {
      await app.close();
      await emulator.close();
    },
  };
}

/** A TCP port free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * The full stack with mail, as `npm start` runs it: a dev mailbox (a real SMTP server) the proxy
 * sends to, readable on the emulator's origin (`/mailbox`) and here (`box.mailbox`). `close()`
 * stops the proxy, then the mailbox.
 */
export async function startProxyWithMailbox(env: Record<string, string> = {}, options: BuildOptions & { emulator?: EmulatorOptions } = {}): Promise<RunningProxy & { box: DevMailbox }> {
  const box = await startDevMailbox();
  const proxy = await startProxy({ SMTP_URL: box.smtpUrl, ...env }, { ...options, emulator: { mailbox: box.mailbox, ...options.emulator } });
  return {
    ...proxy,
    box,
    close: async () => {
      await proxy.close();
      await box.close();
    },
  };
}

/**
 * A merchant's own site on 127.0.0.1:`port` (a browser calling it `localhost` sees another site
 * than the proxy's): `/shop.html` is the page `body()` gives at the time of the request, under
 * `csp`; anything else is a 404. `close()` stops it.
 */
export async function serveMerchantPage(port: number, csp: string, body: () => string): Promise<{ close(): Promise<void> }> {
  const site = createHttpServer((request, response) => {
    if (request.url !== '/shop.html') return void response.writeHead(404).end();
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': csp });
    response.end(body());
  });
  await new Promise<void>((resolve) => site.listen(port, '127.0.0.1', resolve));
  return { close: () => new Promise<void>((resolve) => site.close(() => resolve())) };
}
