/**
 * OpenTelemetry traces of the proxy, off by default.
 *
 * With OTEL_EXPORTER_OTLP_ENDPOINT set, main.ts starts a tracer provider that exports over OTLP
 * (HTTP/protobuf-JSON, `@opentelemetry/exporter-trace-otlp-http`, which reads the standard
 * OTEL_EXPORTER_OTLP_* variables), and the app registers Fastify's own instrumentation
 * (`@fastify/otel`) before any route: a span per request and per hook. Its children:
 *
 *  - `db.query` / `db.transaction`: every statement the proxy runs, PGlite or PostgreSQL alike
 *    (`db.system`, `db.operation` — the SQL verb; never the statement's parameters);
 *  - `checkout.<operation>`: every call to Checkout.com (`checkout.operation`, and on a failure the
 *    HTTP status and Checkout.com's `request_id` from its error body, which support asks for);
 *  - the order id (`ck.order_id`) on the request span that created or verified the order.
 *
 * Nothing secret is ever an attribute: no keys, tokens, card data or SQL parameters. Log lines
 * carry `trace_id` and `span_id` while a span is active (server/logging.ts's mixin).
 */
import FastifyOtelInstrumentation from '@fastify/otel';
import { context, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, SimpleSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

export interface Tracing {
  /** Registered first by buildApp (`app.register(tracing.instrumentation.plugin())`). */
  instrumentation: FastifyOtelInstrumentation;
  provider: NodeTracerProvider;
  /** Flushes what is left and stops (shutdown, tests). */
  shutdown(): Promise<void>;
  /** The same, as a shutdown companion (server/shutdown.ts). */
  close(): Promise<void>;
}

export interface TracingOptions {
  serviceName?: string;
  /** An exporter of your own (tests: an in-memory one, spans exported as they end). Default: OTLP over HTTP. */
  exporter?: SpanExporter;
}

/** Starts the global tracer provider and the Fastify instrumentation. */
export function startTracing(opts: TracingOptions = {}): Tracing {
  const exporter = opts.exporter ?? new OTLPTraceExporter();
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': opts.serviceName ?? process.env.OTEL_SERVICE_NAME ?? 'checkout-kit-proxy' }),
    spanProcessors: [opts.exporter ? new SimpleSpanProcessor(exporter) : new BatchSpanProcessor(exporter)],
  });
  // The AsyncLocalStorage context manager and W3C propagation: a span follows the request through awaits.
  provider.register();
  const instrumentation = new FastifyOtelInstrumentation();
  instrumentation.setTracerProvider(provider);
  const shutdown = async () => {
    await provider.shutdown();
    trace.disable();
    context.disable();
  };
  return { instrumentation, provider, shutdown, close: shutdown };
}
