/**
 * The proxy's shutdown on SIGTERM or SIGINT (and on a crash), through close-with-grace:
 *
 * 1. drain: /readyz answers 503 (`checks.shutdown`) for SHUTDOWN_DRAIN_MS while every other
 *    request is still served, so a load balancer takes the proxy out before it stops accepting;
 * 2. `app.close()`: the listener stops accepting (a request on a kept-alive connection gets a
 *    503 in the error shape), open seat-map streams end (seats/routes.ts), the sweeps and the
 *    refund/capture/void attempts in progress finish and record their outcome
 *    (plugins/sweeper.ts, upstream-actions/plugin.ts), then the database closes;
 * 3. the companions main.ts started (embed demo sites, the emulator) close; exit status 0.
 *
 * Past SHUTDOWN_TIMEOUT_MS the process exits with status 1 whatever is still running; a second
 * signal exits at once (status 1). An uncaught error runs the same close, then exits with 1.
 */
import closeWithGrace from 'close-with-grace';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';

export interface ShutdownOptions {
  drainMs: number;
  timeoutMs: number;
  /** Closed after the app, in order. */
  companions?: Array<{ close(): Promise<unknown> }>;
}

export function closeOnSignals(app: FastifyInstance, opts: ShutdownOptions): { close(): void } {
  const log = app.log.child({ component: 'shutdown' });
  const grace = closeWithGrace(
    {
      delay: opts.timeoutMs,
      logger: { error: (message: unknown) => log.error({ err: message instanceof Error ? message : undefined }, message instanceof Error ? 'shutdown failed' : String(message)) },
      onTimeout: (ms: number) => log.error({ timeoutMs: ms }, 'shutdown deadline passed: exiting with work still running'),
      onSecondSignal: (signal: string) => log.error({ signal }, 'second signal: exiting at once'),
    },
    async ({ signal, err }) => {
      if (err) log.error({ err }, 'uncaught error: shutting down');
      log.info({ signal, drainMs: opts.drainMs, timeoutMs: opts.timeoutMs }, 'shutting down: not ready, draining');
      app.lifecycle.draining = true;
      if (opts.drainMs > 0) await sleep(opts.drainMs);
      await app.close();
      for (const companion of opts.companions ?? []) await companion.close();
      log.info('shut down: streams closed, queue work finished, database closed');
    },
  );
  return { close: () => void grace.close() };
}
