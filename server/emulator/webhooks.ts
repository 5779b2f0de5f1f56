import { createHmac } from 'node:crypto';
import { newId } from './ids';

/**
 * Webhook delivery like Checkout.com's workflows: the JSON envelope POSTed to the receiver,
 * `Cko-Signature` = hex HMAC-SHA256 of the raw body with the workflow's key, retried with backoff
 * on a non-2xx answer or a network error (docs: 5 min, 10 min, 15 min, … — tests pass small
 * delays). Delivery is at-least-once and unordered in the real service; here events of one call
 * are started in the order they were raised.
 */

export interface WebhookTarget {
  url: string;
  secret: string;
}

export interface WebhookEvent {
  id: string;
  type: string;
  version: string;
  created_on: string;
  data: Record<string, unknown>;
  _links: Record<string, { href: string }>;
}

export interface DeliveryAttempt {
  at: string;
  status?: number;
  error?: string;
}

export interface DeliveryRecord {
  eventId: string;
  type: string;
  paymentId: string | undefined;
  url: string;
  state: 'pending' | 'delivered' | 'failed';
  attempts: DeliveryAttempt[];
}

/** The docs' schedule after the first attempt: 5 min, 10 min, 15 min, 30 min, 1 h, 4 h, 12 h, 12 h. */
export const DEFAULT_RETRY_DELAYS_MS = [300_000, 600_000, 900_000, 1_800_000, 3_600_000, 14_400_000, 43_200_000, 43_200_000];

/** Envelope version from the docs' payment_approved example. */
export const WEBHOOK_VERSION = '1.0.29';

export function signWebhook(rawBody: string, secret: string): string {
  return createHmac('sha256', secret).update(rawBody).digest('hex');
}

export class WebhookDispatcher {
  readonly log: DeliveryRecord[] = [];
  private target: WebhookTarget | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly controllers = new Set<AbortController>();
  private inFlight = 0;
  private waiters: Array<() => void> = [];
  private closed = false;
  /** Bumped by stop(): attempts started before it must not schedule retries. */
  private generation = 0;

  constructor(
    target: WebhookTarget | undefined,
    private readonly retryDelaysMs: readonly number[],
    private readonly now: () => number,
    private readonly attemptTimeoutMs = 10_000,
  ) {
    this.target = target;
  }

  configure(target: WebhookTarget | undefined): void {
    this.target = target;
  }

  get configured(): WebhookTarget | undefined {
    return this.target;
  }

  /** Builds the envelope and queues its delivery. Returns the event even with no receiver set. */
  emit(type: string, data: Record<string, unknown>, links: (eventId: string) => Record<string, { href: string }>): WebhookEvent {
    const id = newId('evt');
    const event: WebhookEvent = {
      id,
      type,
      version: WEBHOOK_VERSION,
      created_on: new Date(this.now()).toISOString(),
      data,
      _links: links(id),
    };
    const target = this.target;
    if (target && !this.closed) {
      const record: DeliveryRecord = {
        eventId: event.id,
        type,
        paymentId: typeof data.id === 'string' ? data.id : undefined,
        url: target.url,
        state: 'pending',
        attempts: [],
      };
      this.log.push(record);
      // The body is serialised once: the signature covers exactly these bytes, on every retry.
      void this.attempt(record, JSON.stringify(event), target, 0);
    }
    return event;
  }

  /** Resolves when nothing is in flight and no retry is scheduled. */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Stops retries and aborts requests in flight (app close, reset). */
  stop(): void {
    this.generation++;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const controller of this.controllers) controller.abort();
    for (const record of this.log) if (record.state === 'pending') record.state = 'failed';
    this.settle();
  }

  close(): void {
    this.closed = true;
    this.stop();
  }

  clearLog(): void {
    this.log.length = 0;
  }

  private isIdle(): boolean {
    return this.inFlight === 0 && this.timers.size === 0;
  }

  private settle(): void {
    if (!this.isIdle()) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }

  private async attempt(record: DeliveryRecord, body: string, target: WebhookTarget, retry: number): Promise<void> {
    const generation = this.generation;
    this.inFlight++;
    const controller = new AbortController();
    this.controllers.add(controller);
    const timeout = setTimeout(() => controller.abort(), this.attemptTimeoutMs);
    const attempt: DeliveryAttempt = { at: new Date(this.now()).toISOString() };
    record.attempts.push(attempt);
    let ok = false;
    try {
      const response = await fetch(target.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'cko-signature': signWebhook(body, target.secret),
          'user-agent': 'checkout-kit-emulator/webhooks',
        },
        body,
        signal: controller.signal,
      });
      attempt.status = response.status;
      await response.arrayBuffer().catch(() => undefined);
      ok = response.ok;
    } catch (error) {
      attempt.error = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
    } finally {
      clearTimeout(timeout);
      this.controllers.delete(controller);
      this.inFlight--;
    }
    if (ok) {
      record.state = 'delivered';
    } else if (generation === this.generation && retry < this.retryDelaysMs.length) {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        void this.attempt(record, body, target, retry + 1);
      }, this.retryDelaysMs[retry]);
      this.timers.add(timer);
    } else {
      record.state = 'failed';
    }
    this.settle();
  }
}
