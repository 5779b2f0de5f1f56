import type { FastifyInstance } from 'fastify';
import { intervalSweeper } from './sweeper';

/**
 * The worker of a database-backed queue, one per proxy: the upstream-action queue (refunds,
 * captures, voids owed to Checkout.com: server/upstream-actions/) and the outbox (messages owed to
 * customers: server/outbox/) both run on it. The queue's own store decides what is due and claims
 * it (an UPDATE … FOR UPDATE SKIP LOCKED with a lease, so proxies sharing the database never work
 * on one row at once, and a proxy that died mid-attempt is taken over once its lease runs out);
 * this worker decides when to claim:
 *
 * - on the NOTIFY a recorded row sends after its commit (every proxy hears it; one wins the claim),
 * - on a sweep on an interval (retries now due, a missed notification, a crashed proxy's rows;
 *   also once at start), through the proxy's one interval sweeper (./sweeper.ts),
 * - when asked (`run`), e.g. the refunds of a payment whose capture was just accepted.
 *
 * Attempts started by this process are tracked so closing the app lets them record their outcome.
 */
export interface QueueWorkerOptions<T> {
  /** Names the queue in log lines. */
  name: string;
  /** The NOTIFY channel a recorded row's id is sent on after its commit. */
  channel: string;
  /** Sweep interval (ms); 0 or less: no timer, no sweep at start (tests sweep by hand). */
  every: number;
  /** Claims rows due now: the one with `id` when given. */
  claim(opts: { limit: number; id?: string }): Promise<T[]>;
  /** One attempt for one claimed row: its outcome is recorded by it, never thrown. True when it succeeded. */
  attempt(row: T): Promise<boolean>;
  /** Runs after each sweep (e.g. a gauge of the queue's depth). */
  afterSweep?: () => Promise<void>;
  /** Rows per claim in a sweep (default 50) and claims per sweep (default 10). */
  batch?: number;
  maxBatches?: number;
}

export interface QueueWorker<T> {
  /** Claims with `claim` and attempts what it got, in the background (errors logged; the sweep retries). */
  run(claim: () => Promise<T[]>, context?: Record<string, unknown>): void;
  /** Attempts every row due now, once each. Returns how many succeeded. */
  sweep(): Promise<number>;
  /** Resolves when no attempt this process started is still running. */
  idle(): Promise<void>;
}

/** The delay before retry number `attempts` (1 = after the first failure): base × 2^(n−1), capped, never shorter than a Retry-After. */
export function backoffMs(attempts: number, baseMs: number, maxMs: number, retryAfterMs = 0): number {
  return Math.max(retryAfterMs, Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1)));
}

/** Call while the queue's plugin registers (it adds the app's onReady and preClose hooks). */
export function queueWorker<T>(app: FastifyInstance, opts: QueueWorkerOptions<T>): QueueWorker<T> {
  const batch = opts.batch ?? 50;
  const maxBatches = opts.maxBatches ?? 10;
  const inFlight = new Set<Promise<unknown>>();
  const track = <R>(promise: Promise<R>): Promise<R> => {
    inFlight.add(promise);
    void promise.finally(() => inFlight.delete(promise)).catch(() => undefined);
    return promise;
  };

  const run = (claim: () => Promise<T[]>, context: Record<string, unknown> = {}): void => {
    void track(
      claim()
        .then(async (claimed) => {
          for (const row of claimed) await opts.attempt(row);
        })
        .catch((error: unknown) => app.log.warn({ err: error, queue: opts.name, ...context }, `${opts.name} could not start; the sweep retries it`)),
    );
  };

  const sweep = (): Promise<number> =>
    track(
      (async () => {
        let succeeded = 0;
        for (let i = 0; i < maxBatches; i++) {
          const rows = await opts.claim({ limit: batch });
          for (const row of rows) if (await opts.attempt(row)) succeeded++;
          if (rows.length < batch) break;
        }
        await opts.afterSweep?.();
        return succeeded;
      })(),
    );

  const idle = async () => {
    while (inFlight.size) await Promise.allSettled([...inFlight]);
  };

  let unlisten: (() => Promise<void>) | undefined;
  // Listening first (this onReady hook runs before the sweeper's): a row recorded while the first sweep runs is heard.
  app.addHook('onReady', async () => {
    // A lost listening connection may have missed notifications: the sweep finds those rows.
    unlisten = await app.db.listen(opts.channel, (id) => run(() => opts.claim({ limit: 1, id }), { id }), opts.every > 0 ? () => sweeper.tick() : undefined);
  });
  const sweeper = intervalSweeper(app, { name: opts.name, every: opts.every, sweep, runAtStart: true });
  app.addHook('preClose', async () => {
    await unlisten?.();
    // The database closes after this hook: let attempts in progress record their outcome.
    await idle();
  });

  return { run, sweep, idle };
}
