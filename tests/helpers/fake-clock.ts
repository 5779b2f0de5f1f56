/**
 * A clock for component tests (in the browser): `Date.now()` and `setInterval` (and, with
 * `{ timeouts: true }`, `setTimeout`) run on the test's time, which moves only when the test
 * calls `advance`. An element's countdown or polling is then tested by its state at a given
 * time, not by waiting for real seconds to pass. While timeouts are faked, wait with `turn()`
 * (open-wc's waitUntil runs on setTimeout).
 *
 *   const clock = installFakeClock();
 *   try { …; clock.advance(1000); … } finally { clock.restore(); }
 */
export interface FakeClock {
  /** Moves the time on by `ms`, running every interval that falls due, in order. */
  advance(ms: number): void;
  restore(): void;
}

/** Lets the page run what is ready (promises, fetch answers) without any timer: one task later. */
export function turn(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(undefined);
  });
}

/** Turns until `done()` says so (at most `turns` times). */
export async function turnsUntil(done: () => boolean, what: string, turns = 10_000): Promise<void> {
  for (let i = 0; !done(); i++) {
    if (i >= turns) throw new Error(`never happened: ${what}`);
    await turn();
  }
}

export function installFakeClock(start = Date.now(), { timeouts = false } = {}): FakeClock {
  const real = { now: Date.now, setInterval: window.setInterval, clearInterval: window.clearInterval, setTimeout: window.setTimeout, clearTimeout: window.clearTimeout };
  const intervals = new Map<number, { run: () => void; every: number; next: number }>();
  let now = start;
  let ids = 0;
  Date.now = () => now;
  window.setInterval = ((handler: TimerHandler, every = 0, ...args: unknown[]) => {
    const id = --ids; // negative: never one of the browser's own ids
    const run = typeof handler === 'function' ? () => (handler as (...a: unknown[]) => void)(...args) : () => undefined;
    const step = Math.max(1, Number(every));
    intervals.set(id, { run, every: step, next: now + step });
    return id;
  }) as typeof window.setInterval;
  window.clearInterval = ((id?: number) => {
    if (id !== undefined && intervals.has(id)) intervals.delete(id);
    else real.clearInterval.call(window, id);
  }) as typeof window.clearInterval;
  if (timeouts) {
    // A timeout is an interval that runs once.
    window.setTimeout = ((handler: TimerHandler, delay = 0, ...args: unknown[]) => {
      const id = window.setInterval(() => {
        intervals.delete(id);
        if (typeof handler === 'function') (handler as (...a: unknown[]) => void)(...args);
      }, Math.max(1, Number(delay)));
      return id;
    }) as typeof window.setTimeout;
    window.clearTimeout = window.clearInterval as typeof window.clearTimeout;
  }
  return {
    advance(ms: number) {
      const end = now + ms;
      for (;;) {
        let due: [number, { run: () => void; every: number; next: number }] | undefined;
        for (const entry of intervals) if (entry[1].next <= end && (!due || entry[1].next < due[1].next)) due = entry;
        if (!due) break;
        now = due[1].next;
        due[1].next += due[1].every;
        due[1].run();
      }
      now = end;
    },
    restore() {
      Date.now = real.now;
      window.setInterval = real.setInterval;
      window.clearInterval = real.clearInterval;
      window.setTimeout = real.setTimeout;
      window.clearTimeout = real.clearTimeout;
      intervals.clear();
    },
  };
}
