/**
 * A circuit breaker for the upstream: after `threshold` consecutive failures it opens and
 * fails fast (503) for `cooldownMs`; then one probe request is let through (half-open). A
 * success closes it, a failure re-opens it. Only upstream faults count (5xx, timeouts,
 * network errors, 429) — a 4xx caused by a request is the request's fault, not the upstream's.
 */
export type CircuitState = 'closed' | 'open' | 'half_open';

export class CircuitBreaker {
  private failures = 0;
  private openedAt = 0;
  private probing = false;
  private stateValue: CircuitState = 'closed';

  constructor(
    private readonly threshold = 5,
    private readonly cooldownMs = 10_000,
    private readonly now: () => number = Date.now,
    private readonly onChange: (state: CircuitState) => void = () => undefined,
  ) {}

  get state(): CircuitState {
    return this.stateValue;
  }

  /** Seconds until a probe is allowed (for Retry-After). */
  retryAfterSeconds(): number {
    return Math.max(1, Math.ceil((this.openedAt + this.cooldownMs - this.now()) / 1000));
  }

  /** Whether a request may go upstream now; reserves the half-open probe slot. */
  allow(): boolean {
    if (this.stateValue === 'closed') return true;
    if (this.stateValue === 'open') {
      if (this.now() - this.openedAt < this.cooldownMs) return false;
      this.set('half_open');
    }
    if (this.probing) return false;
    this.probing = true;
    return true;
  }

  success(): void {
    this.failures = 0;
    this.probing = false;
    if (this.stateValue !== 'closed') this.set('closed');
  }

  failure(): void {
    this.probing = false;
    this.failures++;
    if (this.stateValue === 'half_open' || this.failures >= this.threshold) {
      this.openedAt = this.now();
      this.set('open');
    }
  }

  /** A request finished without saying anything about upstream health (e.g. a 404). */
  neutral(): void {
    if (this.stateValue === 'half_open' && this.probing) this.success();
    else this.failures = 0;
  }

  private set(state: CircuitState): void {
    if (state === this.stateValue) return;
    this.stateValue = state;
    this.onChange(state);
  }
}
