import type { FastifyInstance } from 'fastify';

export interface SweeperOptions {
  /** Names the sweep in its log lines. */
  name: string;
  /** How often it runs (ms); 0 or less: never on its own (tests run it by hand). */
  every: number;
  /** One sweep. Every proxy sharing the database may run it at once: it must be safe for that itself. */
  sweep: () => Promise<unknown>;
  /** Also run once as soon as the app is ready (what a proxy that stopped mid-work left behind); only when `every` > 0. */
  runAtStart?: boolean;
}

export interface Sweeper {
  /** Runs a sweep now unless one is running (the interval's own step: for a trigger other than the timer). */
  tick(): void;
}

/**
 * A sweep that runs on an interval for as long as the app is up: started when the app is ready,
 * never two at once in one process (a slow run is not overlapped, the tick is skipped), kept off
 * the event loop's keep-alive (unref), its failures logged rather than thrown (the next tick
 * tries again), and stopped before the app closes — letting a run in progress finish, since the
 * database closes after. Call it while the plugin registers (it adds the app's hooks). Every
 * periodic job of the proxy runs through it: order expiry, the retention purge, the seat-hold
 * sweep and the upstream-action queue's retries.
 */
export function intervalSweeper(app: FastifyInstance, opts: SweeperOptions): Sweeper {
  let timer: ReturnType<typeof setInterval> | undefined;
  let running: Promise<void> | undefined;
  const tick = () => {
    if (running) return;
    running = opts
      .sweep()
      .then(
        () => undefined,
        (error: unknown) => app.log.warn({ err: error, sweep: opts.name }, `${opts.name} sweep failed`),
      )
      .finally(() => (running = undefined));
  };
  app.addHook('onReady', async () => {
    if (opts.every <= 0) return;
    timer = setInterval(tick, opts.every);
    timer.unref();
    if (opts.runAtStart) tick();
  });
  app.addHook('preClose', async () => {
    clearInterval(timer);
    await running;
  });
  return { tick };
}
