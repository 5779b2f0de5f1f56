/**
 * The proxy's Prometheus metrics, kept by prom-client: request counts and latency by route and
 * status, upstream calls and the circuit state, webhooks, orders, the refund/capture/void queue,
 * and prom-client's default process metrics (CPU, memory, event-loop lag, GC, handles).
 *
 * Each app (buildApp) has its own registry, so tests that build many apps never share counts;
 * the process metrics are one set per process. Modules add their own metrics through the app's
 * registry: `app.metrics.counter('ck_emails_total', 'Emails sent by outcome.', ['outcome'])`,
 * `.gauge(…)`, `.histogram(…)`, then `.inc(labels)`, `.set(labels, value)`, `.observe(labels, seconds)`.
 */
import client from 'prom-client';

type Labels = Record<string, string>;

/** One set of default process metrics per process, whichever app renders them. */
let processRegistry: client.Registry | undefined;
function processMetrics(): client.Registry {
  if (!processRegistry) {
    processRegistry = new client.Registry();
    client.collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

type PromMetric = client.Counter<string> | client.Gauge<string> | client.Histogram<string>;

/**
 * Label names are best declared up front (prom-client checks every use against them). A metric
 * declared without them learns each name on its first use, as the registry this replaced did,
 * so a module adding a counter cannot take a request down by passing a label it did not list.
 */
function learn(metric: PromMetric, labels: Labels): void {
  const own = metric as unknown as { labelNames: string[]; sortedLabelNames: string[]; reset(): void };
  const unknown = Object.keys(labels).filter((name) => !own.labelNames.includes(name));
  if (!unknown.length) return;
  const hadNone = own.labelNames.length === 0;
  own.labelNames = [...own.labelNames, ...unknown];
  own.sortedLabelNames = [...own.labelNames].sort();
  // An unlabelled metric holds one zero sample without labels; a labelled one starts empty.
  if (hadNone) own.reset();
}

interface Metric {
  readonly metric: PromMetric;
}

/** A counter; `new Counter(name, help, 'gauge')` makes a gauge (kept for the code written against the first registry). */
export class Counter implements Metric {
  readonly metric: client.Counter<string> | client.Gauge<string>;
  constructor(
    readonly name: string,
    readonly help: string,
    readonly type: 'counter' | 'gauge' = 'counter',
    labelNames: readonly string[] = [],
  ) {
    const config = { name, help, labelNames: [...labelNames], registers: [] };
    this.metric = type === 'gauge' ? new client.Gauge(config) : new client.Counter(config);
  }
  inc(labels: Labels = {}, by = 1): void {
    learn(this.metric, labels);
    this.metric.inc(labels, by);
  }
  set(labels: Labels, value: number): void {
    if (!(this.metric instanceof client.Gauge)) throw new TypeError(`${this.name} is a counter: it only goes up (inc)`);
    learn(this.metric, labels);
    this.metric.set(labels, value);
  }
}

export class Gauge extends Counter {
  constructor(name: string, help: string, labelNames: readonly string[] = []) {
    super(name, help, 'gauge', labelNames);
  }
  dec(labels: Labels = {}, by = 1): void {
    learn(this.metric, labels);
    (this.metric as client.Gauge<string>).dec(labels, by);
  }
}

export const DEFAULT_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export class Histogram implements Metric {
  readonly metric: client.Histogram<string>;
  constructor(
    readonly name: string,
    readonly help: string,
    buckets: number[] = DEFAULT_BUCKETS,
    labelNames: readonly string[] = [],
  ) {
    this.metric = new client.Histogram({ name, help, buckets, labelNames: [...labelNames], registers: [] });
  }
  observe(labels: Labels, seconds: number): void {
    learn(this.metric, labels);
    this.metric.observe(labels, seconds);
  }
}

const HTTP = ['method', 'route', 'status'];

export class Registry {
  /** prom-client's registry of this app's own metrics. */
  readonly prom = new client.Registry();
  readonly contentType = this.prom.contentType;
  readonly httpRequests = this.add(new Counter('ck_http_requests_total', 'HTTP requests by method, route and status.', 'counter', HTTP));
  readonly httpDuration = this.add(new Histogram('ck_http_request_duration_seconds', 'HTTP request latency by method, route and status.', DEFAULT_BUCKETS, HTTP));
  readonly upstreamCalls = this.add(new Counter('ck_upstream_calls_total', 'Calls to Checkout.com by operation and outcome.', 'counter', ['operation', 'outcome']));
  readonly upstreamDuration = this.add(new Histogram('ck_upstream_call_duration_seconds', 'Latency of calls to Checkout.com by operation.', DEFAULT_BUCKETS, ['operation']));
  readonly circuitState = this.add(new Gauge('ck_upstream_circuit_state', 'Upstream circuit breaker: 1 for the current state.', ['state']));
  readonly webhooks = this.add(new Counter('ck_webhooks_total', 'Webhook deliveries by outcome.', 'counter', ['outcome']));
  readonly orders = this.add(new Counter('ck_orders_total', 'Orders created by channel.', 'counter', ['channel']));
  readonly ordersExpired = this.add(new Counter('ck_orders_expired_total', 'Pending orders expired by the sweep (this process).'));
  readonly upstreamActions = this.add(
    new Counter('ck_upstream_actions_total', 'Refund, capture and void attempts of this process by kind and outcome: accepted, retry, failed (given up).', 'counter', ['kind', 'outcome']),
  );
  readonly outboxDeliveries = this.add(
    new Counter('ck_outbox_deliveries_total', 'Outbox delivery attempts of this process by channel, event type and outcome: sent, skipped (no longer due), failed (retried later), dead (given up).', 'counter', ['channel', 'type', 'outcome']),
  );
  readonly outboxQueue = this.add(
    new Gauge('ck_outbox_queue', 'Outbox deliveries in the database by channel and status (queued: waiting to be sent, dead: given up), as of the last sweep.', ['channel', 'status']),
  );
  readonly reconciliationMismatches = this.add(
    new Gauge('ck_reconciliation_mismatches', 'Mismatches in the latest finished reconciliation report, by kind (0 when its books match; an alert watches it).', ['kind']),
  );

  /** Registers a metric made with `new Counter(…)`, `new Gauge(…)` or `new Histogram(…)`. */
  add<T extends Metric>(metric: T): T {
    this.prom.registerMetric(metric.metric);
    return metric;
  }

  counter(name: string, help: string, labelNames: readonly string[] = []): Counter {
    return this.add(new Counter(name, help, 'counter', labelNames));
  }

  gauge(name: string, help: string, labelNames: readonly string[] = []): Gauge {
    return this.add(new Gauge(name, help, labelNames));
  }

  histogram(name: string, help: string, labelNames: readonly string[] = [], buckets: number[] = DEFAULT_BUCKETS): Histogram {
    return this.add(new Histogram(name, help, buckets, labelNames));
  }

  setCircuit(state: string): void {
    for (const s of ['closed', 'open', 'half_open']) this.circuitState.set({ state: s }, s === state ? 1 : 0);
  }

  /** The text exposition (format 0.0.4): this app's metrics, then the process's. */
  async render(): Promise<string> {
    const [own, process] = await Promise.all([this.prom.metrics(), processMetrics().metrics()]);
    return `${own}\n${process}`;
  }
}
