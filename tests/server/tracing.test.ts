/**
 * OpenTelemetry traces: off by default; with tracing on, a payment's request span has the
 * Checkout.com call and the database statements as children, the order id as an attribute,
 * nothing secret in any attribute, and the request's log lines carry its trace id.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { EMULATOR_KEYS } from '../../server/emulator/keys';
import { startTracing } from '../../server/tracing';
import { order, stack } from './helpers';

const PAN = '4242424242424242';

test('tracing off (no OTLP endpoint): no spans, no trace ids in the logs', async (t) => {
  const s = await stack(t);
  const created = await s.request('POST', '/create-payment-sessions', order());
  assert.equal(created.status, 201);
  assert.ok(!s.logs.some((l) => l.includes('"trace_id"')), 'no trace ids without tracing');
});

test('tracing on: the request span, its Checkout.com and database children, the order id; nothing secret', async (t) => {
  const exporter = new InMemorySpanExporter();
  const tracing = startTracing({ exporter, serviceName: 'checkout-kit-test' });
  t.after(() => tracing.shutdown());
  const s = await stack(t, { build: { tracing } });
  const res = await s.app.inject({ method: 'POST', url: '/create-payment-sessions', payload: order({ customer: { email: 'trace@example.com', name: `Trace ${PAN}` } }) });
  assert.equal(res.statusCode, 201, res.body);
  const orderId = res.json().order.id as string;
  await tracing.provider.forceFlush();
  const spans = exporter.getFinishedSpans();
  const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;
  const root = spans.find((sp) => !parentOf(sp) && sp.attributes['ck.order_id'] === orderId) ?? spans.find((sp) => sp.attributes['ck.order_id'] === orderId);
  assert.ok(root, `a span carries the order id; spans: ${spans.map((sp) => sp.name).join(', ')}`);
  const traceId = root.spanContext().traceId;
  const inTrace = spans.filter((sp) => sp.spanContext().traceId === traceId);
  const names = inTrace.map((sp) => sp.name);
  assert.ok(names.includes('checkout.createPaymentSession'), `the upstream call is a span of the request: ${names.join(', ')}`);
  assert.ok(names.includes('db.query') || names.includes('db.transaction'), 'database statements are spans of the request');
  const request = inTrace.find((sp) => !parentOf(sp) || !inTrace.some((other) => other.spanContext().spanId === parentOf(sp)));
  assert.ok(request, 'one root span for the request');
  assert.equal(inTrace.filter((sp) => sp.name === 'db.query').every((sp) => typeof sp.attributes['db.operation'] === 'string'), true);
  // Nothing secret in any attribute of any span.
  const everything = JSON.stringify(spans.map((sp) => sp.attributes));
  for (const secret of [EMULATOR_KEYS.secretKey, PAN, 'payment_session_secret', res.json().orderToken as string]) {
    assert.ok(!everything.includes(secret), `no ${secret.slice(0, 12)}… in span attributes`);
  }
  // The request's log lines carry its trace id.
  assert.ok(s.logs.some((line) => line.includes(`"trace_id":"${traceId}"`)), 'log lines name the trace');
});
