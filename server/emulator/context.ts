import type { FastifyRequest } from 'fastify';
import type { PaymentEngine } from './engine';
import type { FaultInjector } from './faults';
import type { IdempotencyKeys } from './idempotency';
import type { EmulatorStore } from './store';
import type { WebhookDispatcher } from './webhooks';

/** What every route module needs; built once per app in app.ts. */
export interface EmulatorContext {
  store: EmulatorStore;
  engine: PaymentEngine;
  webhooks: WebhookDispatcher;
  faults: FaultInjector;
  idempotency: IdempotencyKeys;
  now: () => number;
  /** Base URL for `_links` and pages: the configured public URL, else the request's own host. */
  baseUrl(request: FastifyRequest): string;
  /** Waits the configured simulated authorisation time. */
  authorizationDelay(): Promise<void>;
}

/** API version reported in `Cko-Version` (any stable value: clients only log it). */
export const CKO_VERSION = '1.0.0';
