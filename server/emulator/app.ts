import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { AddressInfo } from 'node:net';
import type { EmulatorContext } from './context';
import { CKO_VERSION } from './context';
import { PaymentEngine } from './engine';
import { CkoError, errorBody } from './errors';
import { FaultInjector } from './faults';
import { IdempotencyKeys } from './idempotency';
import { newRequestId } from './ids';
import type { Mailbox } from '../mail/dev-mailbox';
import { controlRoutes } from './routes/control';
import { mailboxRoutes } from './routes/mailbox';
import { flowRoutes } from './routes/flow';
import { hostedPaymentRoutes } from './routes/hosted-payments';
import { pageRoutes } from './routes/pages';
import { paymentSessionRoutes } from './routes/payment-sessions';
import { paymentRoutes } from './routes/payments';
import { threeDsRoutes } from './routes/three-ds';
import { tokenRoutes } from './routes/tokens';
import { EmulatorStore } from './store';
import { DEFAULT_RETRY_DELAYS_MS, WebhookDispatcher, type WebhookTarget } from './webhooks';

/**
 * The local Checkout.com sandbox emulator: its own Fastify app on its own origin (never mounted
 * on the proxy), stateful, with test cards, 3DS, Flow, the hosted payment page, webhooks and
 * faults. `buildEmulator` never listens; `startEmulator` does.
 */

export interface EmulatorOptions {
  logger?: FastifyServerOptions['logger'];
  /** Webhook receiver and HMAC key; without it no webhooks are sent (the log stays empty). */
  webhook?: WebhookTarget;
  /** Delays between webhook retries; default 5 min, 10 min, 15 min, 30 min, 1 h, 4 h, 12 h, 12 h. */
  webhookRetryDelaysMs?: number[];
  /** Clock, for expiry tests. */
  now?: () => number;
  /** Base URL for `_links` and pages; otherwise derived from each request's Host and protocol. */
  publicBaseUrl?: string;
  /** How long a `timeout` fault holds a request before dropping it (default 120 s). */
  faultTimeoutMs?: number;
  /** Random source for probabilistic faults (tests make it deterministic). */
  random?: () => number;
  /**
   * Simulated acquirer round trip before a payment is decided (default 0). Real authorisations
   * take hundreds of milliseconds; a delay makes concurrent-duplicate behaviour observable.
   */
  authorizationDelayMs?: number;
  /** The dev mailbox (server/mail/dev-mailbox.ts), served at /mailbox: started with it by main.ts when no SMTP_URL is set. */
  mailbox?: Mailbox;
}

/** What the app exposes to tests and to main.ts. */
export interface EmulatorHandle {
  store: EmulatorStore;
  webhooks: WebhookDispatcher;
  faults: FaultInjector;
  /** Forget everything: state, faults, idempotency keys, webhook log and pending retries. */
  reset(): void;
}

declare module 'fastify' {
  interface FastifyInstance {
    emulator: EmulatorHandle;
  }
}

export async function buildEmulator(opts: EmulatorOptions = {}): Promise<FastifyInstance> {
  const now = opts.now ?? Date.now;
  const app = Fastify({
    logger: opts.logger ?? false,
    genReqId: () => newRequestId(),
  });

  const store = new EmulatorStore(now);
  const webhooks = new WebhookDispatcher(opts.webhook, opts.webhookRetryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS, now);
  const faults = new FaultInjector(opts.faultTimeoutMs ?? 120_000, opts.random);
  const idempotency = new IdempotencyKeys(now);
  const publicBaseUrl = opts.publicBaseUrl?.replace(/\/+$/, '');
  const ctx: EmulatorContext = {
    store,
    webhooks,
    faults,
    idempotency,
    now,
    engine: new PaymentEngine({ store, webhooks, now }),
    baseUrl: (request) => publicBaseUrl ?? `${request.protocol}://${request.host}`,
    authorizationDelay: () => {
      const ms = opts.authorizationDelayMs ?? 0;
      return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
    },
  };
  const reset = (): void => {
    store.clear();
    faults.remove();
    faults.releaseAll();
    idempotency.clear();
    webhooks.stop();
    webhooks.clearLog();
  };
  app.decorate('emulator', { store, webhooks, faults, reset });

  // HTML forms post urlencoded bodies (3DS challenge); everything else is JSON.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });

  app.addHook('onRequest', async (request, reply) => {
    reply.header('cko-request-id', request.id);
    reply.header('cko-version', CKO_VERSION);
  });
  app.addHook('onRequest', faults.hook);
  app.addHook('onResponse', idempotency.release);
  app.addHook('onRequestAbort', idempotency.release);

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof CkoError) {
      return reply.code(error.statusCode).send(errorBody(request.id, error));
    }
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    const code = (error as { code?: string }).code;
    if (status === 415) return reply.code(415).send({ request_id: request.id, error_type: 'unsupported_media_type' });
    if (status === 400 || code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
      // Unparseable JSON: the API answers with its validation envelope.
      return reply.code(422).send({ request_id: request.id, error_type: 'request_invalid', error_codes: ['request_body_malformed'] });
    }
    if (status === 413) return reply.code(413).send({ request_id: request.id, error_type: 'request_too_large' });
    request.log.error({ err: error }, 'emulator error');
    return reply.code(500).send({ request_id: request.id, error_type: 'internal_server_error' });
  });
  app.setNotFoundHandler((request, reply) => reply.code(404).send({ request_id: request.id, error_type: 'resource_not_found' }));

  paymentSessionRoutes(app, ctx);
  paymentRoutes(app, ctx);
  tokenRoutes(app, ctx);
  hostedPaymentRoutes(app, ctx);
  flowRoutes(app, ctx);
  pageRoutes(app, ctx);
  threeDsRoutes(app, ctx);
  controlRoutes(app, ctx, reset);
  if (opts.mailbox) mailboxRoutes(app, opts.mailbox);

  app.addHook('onClose', async () => {
    faults.releaseAll();
    webhooks.close();
  });
  return app;
}

export interface StartEmulatorOptions extends EmulatorOptions {
  port?: number;
  host?: string;
}

export interface RunningEmulator {
  app: FastifyInstance;
  url: string;
  close(): Promise<void>;
}

/** Builds and listens; `port: 0` picks a free port. */
export async function startEmulator({ port = 4243, host = '127.0.0.1', ...opts }: StartEmulatorOptions = {}): Promise<RunningEmulator> {
  const app = await buildEmulator(opts);
  await app.listen({ port, host });
  const address = app.server.address() as AddressInfo;
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return {
    app,
    url: opts.publicBaseUrl ?? `http://${urlHost}:${address.port}`,
    close: async () => {
      // Held (timeout-fault) connections would otherwise keep close() waiting.
      app.emulator.faults.releaseAll();
      app.server.closeAllConnections();
      await app.close();
    },
  };
}
