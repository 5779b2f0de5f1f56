import fp from 'fastify-plugin';
import { toHttpError, UpstreamFailure } from '../checkout/client';
import type { Queryable } from '../storage/db';
import { REFUND_CHANNEL, RefundStore, type NewRefundRequest, type RefundRequestRecord } from '../storage/refunds';

declare module 'fastify' {
  interface FastifyInstance {
    /** Refunds the proxy owes: recorded in a transaction, asked of Checkout.com after it commits. */
    refunds: RefundService;
  }
}

export interface RefundOptions {
  /** How often refunds due are (re)tried (ms, default 30 s); 0 turns the timer off (tests sweep by hand). */
  sweepEvery?: number;
  /** Delay before the retry of a failed attempt (default 30 s), doubled per attempt up to `retryMaxMs` (default 1 h). */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** Attempts before a refund is left to a person (status `failed`, audited, logged as an error; default 20). */
  maxAttempts?: number;
  /** How long a claimed attempt keeps other proxies off it (default 60 s: well over the call's deadline). */
  leaseMs?: number;
}

export interface RefundService {
  readonly store: RefundStore;
  /** Records a refund owed inside the caller's transaction; it is attempted once that commits. */
  request(tx: Queryable, input: NewRefundRequest): Promise<boolean>;
  /** Attempts every refund due now, once each. Returns how many Checkout.com accepted. */
  sweep(): Promise<number>;
  /** Resolves when no attempt this process started is still running. */
  idle(): Promise<void>;
}

const BATCH = 50;
const MAX_BATCHES = 10;

/**
 * The refund queue's worker, one per proxy. An attempt is started by the NOTIFY a recorded
 * refund sends after its commit (every proxy hears it; one claims it) and by a sweep on an
 * interval (failed attempts whose retry is due, a missed notification, a proxy that died
 * mid-call) — the pending-order expiry sweep's pattern. Every attempt of a refund sends the
 * same `Cko-Idempotency-Key` (the request's id), so repeating one never refunds twice.
 * 404 and 422 from Checkout.com (no such payment, more than is left to refund, a request it
 * will never take) end the refund as `failed`; anything else is retried with backoff — 403
 * too, which is what a refund of a payment not captured yet gets (a capture can lag the
 * approval that made the order paid).
 */
export default fp<RefundOptions>(
  async function refundsPlugin(app, opts) {
    const store = new RefundStore(app.db, app.orders);
    const leaseMs = opts.leaseMs ?? 60_000;
    const retryBaseMs = opts.retryBaseMs ?? 30_000;
    const retryMaxMs = opts.retryMaxMs ?? 3_600_000;
    const maxAttempts = opts.maxAttempts ?? 20;
    const inFlight = new Set<Promise<unknown>>();
    const track = <T>(promise: Promise<T>): Promise<T> => {
      inFlight.add(promise);
      void promise.finally(() => inFlight.delete(promise)).catch(() => undefined);
      return promise;
    };

    /** One call for one claimed refund; its outcome is recorded, never thrown. */
    const attempt = async (refund: RefundRequestRecord): Promise<boolean> => {
      const log = { orderId: refund.order_id, refundId: refund.id, amount: refund.amount, currency: refund.currency, attempt: refund.attempts };
      try {
        const accepted = await app.checkout.refundPayment(refund.payment_id, { amount: refund.amount, reference: refund.order_id }, refund.id);
        if (await store.accepted(refund, accepted.action_id)) {
          app.metrics.refunds.inc({ outcome: 'accepted' });
          app.log.info({ ...log, actionId: accepted.action_id }, 'refund accepted by Checkout.com');
        }
        return true;
      } catch (error) {
        const failure = error instanceof UpstreamFailure ? error : undefined;
        const refused = failure?.kind === 'http' && (failure.status === 404 || failure.status === 422);
        const final = refused || refund.attempts >= maxAttempts;
        const retryAfterMs = failure?.retryAfter && /^\d+$/.test(failure.retryAfter) ? Number(failure.retryAfter) * 1000 : 0;
        const retryInMs = Math.max(retryAfterMs, Math.min(retryMaxMs, retryBaseMs * 2 ** Math.max(0, refund.attempts - 1)));
        const code = failure ? toHttpError(failure, 'refund').code : 'internal_error';
        try {
          await store.failed(refund, {
            code,
            ...(failure?.status ? { upstreamStatus: failure.status } : {}),
            ...(failure?.errorCodes.length ? { errorCodes: failure.errorCodes } : {}),
            final,
            retryInMs,
          });
        } catch (dbError) {
          // Not recorded: the lease runs out and the refund is attempted again (same key).
          app.log.warn({ ...log, err: dbError }, 'refund failure could not be recorded');
        }
        app.metrics.refunds.inc({ outcome: final ? 'failed' : 'retry' });
        if (final) app.log.error({ ...log, code, upstreamStatus: failure?.status }, 'refund given up: a person must look at it (refund_requests.status = failed)');
        else app.log.warn({ ...log, code, upstreamStatus: failure?.status, retryInMs }, 'refund attempt failed; retried later');
        if (!failure) app.log.warn({ ...log, err: error }, 'refund attempt error');
        return false;
      }
    };

    /** The refund a NOTIFY names, if this proxy wins its claim. */
    const kick = (id: string): void => {
      void track(
        store
          .claim({ id, leaseMs, limit: 1 })
          .then(async (claimed) => {
            for (const refund of claimed) await attempt(refund);
          })
          .catch((error: unknown) => app.log.warn({ err: error, refundId: id }, 'refund attempt could not start; the sweep retries it')),
      );
    };

    const sweep = (): Promise<number> =>
      track(
        (async () => {
          let accepted = 0;
          for (let i = 0; i < MAX_BATCHES; i++) {
            const batch = await store.claim({ leaseMs, limit: BATCH });
            for (const refund of batch) if (await attempt(refund)) accepted++;
            if (batch.length < BATCH) break;
          }
          return accepted;
        })(),
      );

    const service: RefundService = {
      store,
      request: (tx, input) => store.request(tx, input),
      sweep,
      idle: async () => {
        while (inFlight.size) await Promise.allSettled([...inFlight]);
      },
    };
    app.decorate('refunds', service);

    let sweeper: ReturnType<typeof setInterval> | undefined;
    let running: Promise<unknown> | undefined;
    let unlisten: (() => Promise<void>) | undefined;
    const tick = () => {
      if (running) return; // a slow sweep is never run twice at once in one process
      running = sweep()
        .catch((error: unknown) => app.log.warn({ err: error }, 'refund sweep failed'))
        .finally(() => (running = undefined));
    };
    app.addHook('onReady', async () => {
      const every = opts.sweepEvery ?? 30_000;
      // A lost listening connection may have missed notifications: the sweep finds those refunds.
      unlisten = await app.db.listen(REFUND_CHANNEL, kick, every > 0 ? tick : undefined);
      if (every > 0) {
        sweeper = setInterval(tick, every);
        sweeper.unref();
        tick(); // what a proxy that stopped mid-call left behind
      }
    });
    app.addHook('preClose', async () => {
      clearInterval(sweeper);
      await unlisten?.();
      // The database closes after this hook: let attempts in progress record their outcome.
      await service.idle();
    });
  },
  { name: 'ck-refunds', dependencies: ['ck-storage', 'ck-checkout', 'ck-metrics'] },
);
