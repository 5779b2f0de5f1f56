/**
 * A clock for component tests (in the browser): `Date.now()` and `setInterval` run on the
 * test's time, which moves only when the test calls `advance`. An element's countdown is then
 * tested by its state at a given time, not by waiting for real seconds to pass.
 *
 *   const clock = installFakeClock();
 *   try { …; clock.advance(1000); … } finally { clock.restore(); }
 */
export interface FakeClock {
  /** Moves the time on by `ms`, running every interval that falls due, in order. */
  advance(ms: number): void;
  restore(): void;
}

export function installFakeClock(start = Date.now()): FakeClock {
  const real = { now: Date.now, setInterval: window.setInterval, clearInterval: window.clearInterval };
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
    else real.clearInterval(id);
  }) as typeof window.clearInterval;
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
      intervals.clear();
    },
  };
}
