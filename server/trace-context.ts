/**
 * The tracing API the proxy's modules use (spans around statements and Checkout.com calls, the
 * order id on the request's span, trace ids in log lines). Only `@opentelemetry/api`: without a
 * tracer provider (server/tracing.ts, OTEL_EXPORTER_OTLP_ENDPOINT) every call here is a no-op.
 */
import { SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import type { Database, Queryable } from './storage/db';

const TRACER = 'checkout-kit';

/** The active span (a request's), for attributes such as the order id; a no-op when tracing is off. */
export function annotate(attributes: Record<string, string | number | boolean>): void {
  trace.getActiveSpan()?.setAttributes(attributes);
}

/** The trace and span ids of the active span, for log lines. */
export function traceIds(): { trace_id: string; span_id: string } | undefined {
  const span = trace.getActiveSpan();
  if (!span) return undefined;
  const c = span.spanContext();
  return { trace_id: c.traceId, span_id: c.spanId };
}

async function inSpan<T>(name: string, attributes: Record<string, string>, fn: (span: Span) => Promise<T>, onError?: (span: Span, error: unknown) => void): Promise<T> {
  // Only inside a traced request: background sweeps and tests without tracing pay nothing.
  if (!trace.getActiveSpan()) return fn(undefined as unknown as Span);
  return trace.getTracer(TRACER).startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await fn(span);
    } catch (error) {
      onError?.(span, error);
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    } finally {
      span.end();
    }
  });
}

const verb = (sql: string) => /^\s*(?:WITH\b[\s\S]*?\)\s*)?(\w+)/i.exec(sql)?.[1]?.toUpperCase() ?? 'QUERY';

function tracedQueryable(q: Queryable, system: string): Queryable {
  return { query: (sql, params) => inSpan('db.query', { 'db.system': system, 'db.operation': verb(sql) }, () => q.query(sql, params)) };
}

/** The database, with a span around each statement and transaction (same object when tracing is off). */
export function tracedDatabase(db: Database, enabled: boolean): Database {
  if (!enabled) return db;
  const system = db.kind === 'postgres' ? 'postgresql' : 'pglite';
  return Object.assign(Object.create(db) as Database, {
    query: tracedQueryable(db, system).query,
    transaction: <T>(fn: (tx: Queryable) => Promise<T>) => inSpan('db.transaction', { 'db.system': system }, () => db.transaction((tx) => fn(tracedQueryable(tx, system)))),
  });
}

/** The Checkout.com client, with a span around each call (same object when tracing is off). */
export function tracedClient<T extends object>(client: T, enabled: boolean): T {
  if (!enabled) return client;
  return new Proxy(client, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function' || typeof property !== 'string' || property === 'constructor') return value;
      return (...args: unknown[]) => {
        const result = (value as (...a: unknown[]) => unknown).apply(target, args);
        if (!(result instanceof Promise)) return result;
        return inSpan(`checkout.${property}`, { 'checkout.operation': property }, () => result, (span, error) => {
          const failure = error as { status?: number; body?: { request_id?: unknown } };
          if (failure.status) span.setAttribute('http.response.status_code', failure.status);
          if (typeof failure.body?.request_id === 'string') span.setAttribute('checkout.request_id', failure.body.request_id);
        });
      };
    },
  });
}
