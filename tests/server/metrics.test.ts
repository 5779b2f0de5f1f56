/**
 * /metrics through prom-client: the proxy's own metrics under the names the README and the
 * dashboards use, the process's default metrics, counters modules add, one count per app.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { closeDatabases, proxyOnly } from './helpers';

after(closeDatabases);

/** Every sample line of a text exposition, by metric family, checked against its # TYPE line. */
function parse(text: string): Map<string, string> {
  const types = new Map<string, string>();
  for (const line of text.split('\n')) {
    const type = /^# TYPE (\w+) (counter|gauge|histogram|summary|untyped)$/.exec(line);
    if (type) types.set(type[1]!, type[2]!);
  }
  for (const line of text.split('\n').filter((l) => l && !l.startsWith('#'))) {
    // Values as Prometheus parses them (Go's ParseFloat: NaN in any case, ±Inf).
    const name = /^(\w+?)(_bucket|_sum|_count)?(\{.*\})? (-?[\d.e+-]+|nan|[+-]inf)$/i.exec(line);
    assert.ok(name, `a sample line: ${line}`);
    assert.ok(types.has(name[1]!) || types.has(`${name[1]}${name[2] ?? ''}`), `${line}: a declared family`);
  }
  return types;
}

test('/metrics: the proxy’s metrics under their promised names, and the default process metrics', async (t) => {
  const app = await proxyOnly(t);
  await app.inject({ method: 'GET', url: '/api/catalog' });
  await app.inject({ method: 'GET', url: '/api/payments/pay_unknown000000000000000000' });
  const res = await app.inject({ method: 'GET', url: '/metrics' });
  assert.equal(res.statusCode, 200);
  assert.equal(res.headers['content-type'], 'text/plain; version=0.0.4; charset=utf-8');
  const types = parse(res.body);
  for (const [name, type] of Object.entries({
    ck_http_requests_total: 'counter',
    ck_http_request_duration_seconds: 'histogram',
    ck_upstream_calls_total: 'counter',
    ck_upstream_call_duration_seconds: 'histogram',
    ck_upstream_circuit_state: 'gauge',
    ck_webhooks_total: 'counter',
    ck_orders_total: 'counter',
    ck_orders_expired_total: 'counter',
    ck_upstream_actions_total: 'counter',
    // prom-client's defaults
    process_cpu_seconds_total: 'counter',
    process_resident_memory_bytes: 'gauge',
    nodejs_eventloop_lag_seconds: 'gauge',
    nodejs_heap_size_used_bytes: 'gauge',
  })) {
    assert.equal(types.get(name), type, name);
  }
  assert.match(res.body, /^ck_http_requests_total\{method="GET",route="\/api\/catalog",status="200"\} 1$/m);
  assert.match(res.body, /^ck_http_request_duration_seconds_count\{method="GET",route="\/api\/catalog",status="200"\} 1$/m);
  // Never the raw URL (an id per series would explode the cardinality).
  assert.doesNotMatch(res.body, /pay_unknown/);
  assert.match(res.body, /route="\/api\/payments\/:id"/);
});

test('a module adds its own counter, gauge and histogram; each app counts alone', async (t) => {
  const a = await proxyOnly(t);
  const b = await proxyOnly(t);
  const sent = a.metrics.counter('ck_test_emails_total', 'Emails sent by outcome.', ['outcome']);
  sent.inc({ outcome: 'sent' });
  sent.inc({ outcome: 'sent' }, 2);
  a.metrics.gauge('ck_test_queue_depth', 'Queue depth.').set({}, 7);
  a.metrics.histogram('ck_test_render_seconds', 'Render time.', ['kind']).observe({ kind: 'pdf' }, 0.2);
  await a.inject({ method: 'GET', url: '/api/catalog' });
  const body = (await a.inject({ method: 'GET', url: '/metrics' })).body;
  parse(body);
  assert.match(body, /^ck_test_emails_total\{outcome="sent"\} 3$/m);
  assert.match(body, /^ck_test_queue_depth 7$/m);
  assert.match(body, /^ck_test_render_seconds_bucket\{le="0.25",kind="pdf"\} 1$/m);
  assert.throws(() => sent.set({ outcome: 'sent' }, 0), /only goes up/);

  const other = (await b.inject({ method: 'GET', url: '/metrics' })).body;
  assert.doesNotMatch(other, /ck_test_emails_total/);
  assert.doesNotMatch(other, /route="\/api\/catalog"/, 'the other app served no catalog');
});
