/**
 * A small Prometheus registry (text format 0.0.4): counters, gauges and histograms with
 * labels. Enough for request counts/latency by route and status, upstream calls and the
 * circuit state, without another dependency.
 */
type Labels = Record<string, string>;

const key = (labels: Labels) => JSON.stringify(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)));
const fmt = (labels: Labels, extra: Labels = {}) => {
  const all = { ...labels, ...extra };
  const parts = Object.entries(all).map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`);
  return parts.length ? `{${parts.join(',')}}` : '';
};

interface Metric {
  render(): string;
}

export class Counter implements Metric {
  private readonly values = new Map<string, { labels: Labels; value: number }>();
  constructor(readonly name: string, readonly help: string, private readonly type: 'counter' | 'gauge' = 'counter') {}
  inc(labels: Labels = {}, by = 1): void {
    const k = key(labels);
    const entry = this.values.get(k) ?? { labels, value: 0 };
    entry.value += by;
    this.values.set(k, entry);
  }
  set(labels: Labels, value: number): void {
    this.values.set(key(labels), { labels, value });
  }
  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} ${this.type}`];
    for (const { labels, value } of this.values.values()) lines.push(`${this.name}${fmt(labels)} ${value}`);
    return lines.join('\n');
  }
}

export class Histogram implements Metric {
  private readonly values = new Map<string, { labels: Labels; counts: number[]; sum: number; count: number }>();
  constructor(readonly name: string, readonly help: string, private readonly buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]) {}
  observe(labels: Labels, seconds: number): void {
    const k = key(labels);
    const entry = this.values.get(k) ?? { labels, counts: this.buckets.map(() => 0), sum: 0, count: 0 };
    this.buckets.forEach((b, i) => {
      if (seconds <= b) entry.counts[i]!++;
    });
    entry.sum += seconds;
    entry.count++;
    this.values.set(k, entry);
  }
  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const { labels, counts, sum, count } of this.values.values()) {
      this.buckets.forEach((b, i) => lines.push(`${this.name}_bucket${fmt(labels, { le: String(b) })} ${counts[i]}`));
      lines.push(`${this.name}_bucket${fmt(labels, { le: '+Inf' })} ${count}`);
      lines.push(`${this.name}_sum${fmt(labels)} ${sum}`);
      lines.push(`${this.name}_count${fmt(labels)} ${count}`);
    }
    return lines.join('\n');
  }
}

export class Registry {
  private readonly metrics: Metric[] = [];
  readonly httpRequests = this.add(new Counter('ck_http_requests_total', 'HTTP requests by method, route and status.'));
  readonly httpDuration = this.add(new Histogram('ck_http_request_duration_seconds', 'HTTP request latency by method, route and status.'));
  readonly upstreamCalls = this.add(new Counter('ck_upstream_calls_total', 'Calls to Checkout.com by operation and outcome.'));
  readonly upstreamDuration = this.add(new Histogram('ck_upstream_call_duration_seconds', 'Latency of calls to Checkout.com by operation.'));
  readonly circuitState = this.add(new Counter('ck_upstream_circuit_state', 'Upstream circuit breaker: 1 for the current state.', 'gauge'));
  readonly webhooks = this.add(new Counter('ck_webhooks_total', 'Webhook deliveries by outcome.'));
  readonly orders = this.add(new Counter('ck_orders_total', 'Orders created by channel.'));
  readonly ordersExpired = this.add(new Counter('ck_orders_expired_total', 'Pending orders expired by the sweep (this process).'));
  readonly upstreamActions = this.add(new Counter('ck_upstream_actions_total', 'Refund, capture and void attempts of this process by kind and outcome: accepted, retry, failed (given up).'));

  readonly reconciliationMismatches = this.add(new Counter('ck_reconciliation_mismatches', 'Mismatches in the latest finished reconciliation report, by kind (0 when its books match; an alert watches it).', 'gauge'));

  private add<T extends Metric>(metric: T): T {
    this.metrics.push(metric);
    return metric;
  }

  setCircuit(state: string): void {
    for (const s of ['closed', 'open', 'half_open']) this.circuitState.set({ state: s }, s === state ? 1 : 0);
  }

  render(): string {
    return `${this.metrics.map((m) => m.render()).join('\n')}\n`;
  }
}
