import fp from 'fastify-plugin';
import { backoffMs, queueWorker } from '../plugins/queue-worker';
import { toHttpError, UpstreamFailure, type UpstreamOp } from '../checkout/client';
import type { Queryable } from '../storage/db';
import {
  UPSTREAM_ACTION_CHANNEL,
  UpstreamActionStore,
  type NewUpstreamAction,
  type UpstreamActionKind,
  type UpstreamActionRecord,
} from './store';

declare module 'fastify' {
  interface FastifyInstance {
    /** Refunds, captures and voids the proxy owes: recorded in a transaction, asked of Checkout.com after it commits. */
    upstreamActions: UpstreamActionService;
  }
}

export interface UpstreamActionOptions {
  /** How often actions due are (re)tried (ms, default 30 s); 0 turns the timer off (tests sweep by hand). */
  sweepEvery?: number;
  /** Delay before the retry of a failed attempt (default 30 s), doubled per attempt up to `retryMaxMs` (default 1 h). */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** Attempts before an action is left to a person (status `failed`, audited, logged as an error; default 20). */
  maxAttempts?: number;
  /** How long a claimed attempt keeps other proxies off it (default 60 s: well over the call's deadline). */
  leaseMs?: number;
}

export interface UpstreamActionService {
  readonly store: UpstreamActionStore;
  /** Records an action owed inside the caller's transaction; it is attempted once that commits. */
  request(tx: Queryable, input: NewUpstreamAction): Promise<boolean>;
  /** An order's actions (of one kind, if given). */
  forOrder(orderId: string, kind?: UpstreamActionKind): Promise<UpstreamActionRecord[]>;
  /** Attempts every action due now, once each. Returns how many Checkout.com accepted. */
  sweep(): Promise<number>;
  /** Resolves when no attempt this process started is still running. */
  idle(): Promise<void>;
}

const BATCH = 50;

/**
 * The worker of the upstream-action queue, one per proxy, on the proxy's one queue worker
 * (server/plugins/queue-worker.ts): an attempt is started by the NOTIFY a recorded action sends
 * after its commit (every proxy hears it; one claims it) and by a sweep on an interval (failed
 * attempts whose retry is due, a missed notification, a proxy that died mid-call). Every attempt of an action sends the
 * same `Cko-Idempotency-Key` (its id), so repeating one never refunds, captures or voids twice.
 *
 * 404 and 422 from Checkout.com (no such payment, more than is left, a request it will never
 * take) end the action as `failed`. 403 ("not allowed" in the payment's current state) ends a
 * capture or a void (the authorisation was voided, expired or already settled: repeating the
 * call cannot change that) but is retried for a refund, which is what a refund of a payment
 * not captured yet gets. Anything else is retried with backoff. A capture accepted lets the
 * refunds of its payment run at once (they wait for it: see UpstreamActionStore.claim).
 */
export default fp<UpstreamActionOptions>(
  async function upstreamActionsPlugin(app, opts) {
    const store = new UpstreamActionStore(app.db, app.orders);
    const leaseMs = opts.leaseMs ?? 60_000;
    const retryBaseMs = opts.retryBaseMs ?? 30_000;
    const retryMaxMs = opts.retryMaxMs ?? 3_600_000;
    const maxAttempts = opts.maxAttempts ?? 20;

    /** The call an action makes; the reference is the order, as on the payment itself. */
    const call = (action: UpstreamActionRecord): Promise<{ action_id: string }> => {
      switch (action.kind) {
        case 'refund':
          return app.checkout.refundPayment(action.payment_id, { amount: action.amount, reference: action.order_id }, action.id);
        case 'capture':
          return app.checkout.capturePayment(action.payment_id, { amount: action.amount, reference: action.order_id }, action.id);
        case 'void':
          return app.checkout.voidPayment(action.payment_id, { reference: action.order_id }, action.id);
      }
    };

    /** One call for one claimed action; its outcome is recorded, never thrown. */
    const attempt = async (action: UpstreamActionRecord): Promise<boolean> => {
      const log = { kind: action.kind, orderId: action.order_id, actionRequestId: action.id, amount: action.amount, currency: action.currency, attempt: action.attempts };
      try {
        const accepted = await call(action);
        if (await store.accepted(action, accepted.action_id)) {
          app.metrics.upstreamActions.inc({ kind: action.kind, outcome: 'accepted' });
          app.log.info({ ...log, actionId: accepted.action_id }, `${action.kind} accepted by Checkout.com`);
          if (action.kind === 'capture') worker.run(() => store.claim({ paymentId: action.payment_id, leaseMs, limit: BATCH }), { paymentId: action.payment_id });
        }
        return true;
      } catch (error) {
        const failure = error instanceof UpstreamFailure ? error : undefined;
        const status = failure?.kind === 'http' ? failure.status : 0;
        const refused = status === 404 || status === 422 || (status === 403 && action.kind !== 'refund');
        const final = refused || action.attempts >= maxAttempts;
        const retryAfterMs = failure?.retryAfter && /^\d+$/.test(failure.retryAfter) ? Number(failure.retryAfter) * 1000 : 0;
        const retryInMs = backoffMs(action.attempts, retryBaseMs, retryMaxMs, retryAfterMs);
        const code = failure ? toHttpError(failure, action.kind satisfies UpstreamOp).code : 'internal_error';
        try {
          await store.failed(action, {
            code,
            ...(failure?.status ? { upstreamStatus: failure.status } : {}),
            ...(failure?.errorCodes.length ? { errorCodes: failure.errorCodes } : {}),
            final,
            retryInMs,
          });
        } catch (dbError) {
          // Not recorded: the lease runs out and the action is attempted again (same key).
          app.log.warn({ ...log, err: dbError }, `${action.kind} failure could not be recorded`);
        }
        app.metrics.upstreamActions.inc({ kind: action.kind, outcome: final ? 'failed' : 'retry' });
        if (final) app.log.error({ ...log, code, upstreamStatus: failure?.status }, `${action.kind} given up: a person must look at it (upstream_actions.status = failed)`);
        else app.log.warn({ ...log, code, upstreamStatus: failure?.status, retryInMs }, `${action.kind} attempt failed; retried later`);
        if (!failure) app.log.warn({ ...log, err: error }, `${action.kind} attempt error`);
        return false;
      }
    };

    // The retries due, a missed notification, a proxy that died mid-call (and, at start, what a
    // proxy that stopped mid-call left behind); never two sweeps at once in one process.
    const worker = queueWorker(app, {
      name: 'upstream action',
      channel: UPSTREAM_ACTION_CHANNEL,
      every: opts.sweepEvery ?? 30_000,
      batch: BATCH,
      claim: ({ limit, id }) => store.claim({ leaseMs, limit, id }),
      attempt,
    });

    const service: UpstreamActionService = {
      store,
      request: (tx, input) => store.request(tx, input),
      forOrder: (orderId, kind) => store.forOrder(orderId, kind),
      sweep: worker.sweep,
      idle: worker.idle,
    };
    app.decorate('upstreamActions', service);
  },
  { name: 'ck-upstream-actions', dependencies: ['ck-storage', 'ck-orders', 'ck-checkout', 'ck-metrics'] },
);
