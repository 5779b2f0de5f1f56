import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { toHttpError, UpstreamFailure } from '../../server/checkout/client';
import { CircuitBreaker } from '../../server/checkout/breaker';
import { closeDatabases, order, payOnEmulator, stack } from './helpers';

after(closeDatabases);

type Stack = Awaited<ReturnType<typeof stack>>;
const create = (s: Stack) => s.request('POST', '/create-payment-sessions', order());
const fault = (s: Stack, rule: Record<string, unknown>) => s.emulator.app.emulator.faults.add(rule);

test('timeout creating a session → 504; nothing retried', async (t) => {
  const s = await stack(t);
  const rule = fault(s, { method: 'POST', path: '/payment-sessions', mode: 'timeout' });
  const res = await create(s);
  assert.equal(res.status, 504);
  assert.equal(res.body.error.code, 'upstream_timeout');
  assert.equal(s.emulator.app.emulator.faults.list().find((r) => r.id === rule.id)?.hits, 1);
});

test('5xx creating a session → 502 (500, 502) and 503 with Retry-After; payment creation is never retried', async (t) => {
  const s = await stack(t);
  // Each rule would fault a second attempt too: one hit each means no retry was made.
  const f500 = fault(s, { method: 'POST', path: '/payment-sessions', mode: '500', count: 2 });
  const r500 = await create(s);
  assert.equal(r500.status, 502);
  assert.equal(r500.body.error.code, 'upstream_error');
  assert.equal(f500.hits, 1, 'not retried');
  assert.equal(s.emulator.app.emulator.store.paymentSessions.size, 0);
  s.emulator.app.emulator.faults.remove();
  const f502 = fault(s, { method: 'POST', path: '/payment-sessions', mode: '502', count: 2 });
  const r502 = await create(s);
  assert.deepEqual([r502.status, r502.body.error.code, f502.hits], [502, 'upstream_error', 1]);
  s.emulator.app.emulator.faults.remove();
  const f503 = fault(s, { method: 'POST', path: '/payment-sessions', mode: '503', count: 2 });
  const r503 = await create(s);
  assert.deepEqual([r503.status, r503.body.error.code, f503.hits], [503, 'upstream_unavailable', 1]);
  assert.match(String(r503.headers['retry-after']), /^\d+$/);
  s.emulator.app.emulator.faults.remove();
  assert.equal((await create(s)).status, 201);
  assert.equal(s.emulator.app.emulator.store.paymentSessions.size, 1);
});

test('429 keeps Retry-After; without one we send a default', async (t) => {
  const s = await stack(t);
  fault(s, { method: 'POST', path: '/payment-sessions', mode: '429', retryAfter: 7, count: 1 });
  const limited = await create(s);
  assert.equal(limited.status, 429);
  assert.equal(limited.body.error.code, 'upstream_rate_limited');
  assert.equal(limited.headers['retry-after'], '7');
  fault(s, { method: 'POST', path: '/payment-sessions', mode: '429-no-retry-after', count: 1 });
  const plain = await create(s);
  assert.equal(plain.status, 429);
  assert.equal(plain.headers['retry-after'], '5');
});

test('malformed JSON and reset connections → 502 with a clear code', async (t) => {
  const s = await stack(t);
  fault(s, { method: 'POST', path: '/payment-sessions', mode: 'malformed-json', count: 1 });
  const garbled = await create(s);
  assert.equal(garbled.status, 502);
  assert.equal(garbled.body.error.code, 'upstream_invalid_response');
  fault(s, { method: 'POST', path: '/payment-sessions', mode: 'reset', count: 1 });
  const reset = await create(s);
  assert.equal(reset.status, 502);
  assert.equal(reset.body.error.code, 'upstream_unavailable');
});

test('safe reads are retried: GET /payments/{id} survives two failures (a 500, then a reset); two 500s and a reset are one too many', async (t) => {
  const s = await stack(t);
  const created = await create(s);
  const paid = await payOnEmulator(s.emulator.url, created.body.paymentSession.id);
  // The first rule that matches takes the request: the 500 first, then the reset, then none.
  const f500 = fault(s, { method: 'GET', path: '/payments/:id', mode: '500', count: 1 });
  const reset = fault(s, { method: 'GET', path: '/payments/:id', mode: 'reset', count: 1 });
  const res = await s.request('GET', `/api/payments/${paid.id}`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.outcome, 'succeeded');
  assert.deepEqual([f500.hits, reset.hits], [1, 1], 'both faults were met before the third attempt succeeded');

  // Two retries after the first attempt: three faults in a row exhaust them.
  const twice = fault(s, { method: 'GET', path: '/payments/:id', mode: '500', count: 2 });
  const andReset = fault(s, { method: 'GET', path: '/payments/:id', mode: 'reset', count: 1 });
  const failed = await s.request('GET', `/api/payments/${paid.id}`);
  assert.deepEqual([failed.status, failed.body.error.code], [502, 'upstream_unavailable']);
  assert.deepEqual([twice.hits, andReset.hits], [2, 1], 'three attempts, each faulted');
  // The next read succeeds again (and, succeeding, resets the breaker's count of failures).
  assert.equal((await s.request('GET', `/api/payments/${paid.id}`)).status, 200);

  const timeout = fault(s, { method: 'GET', path: '/payments/:id', mode: 'timeout' });
  const slow = await s.request('GET', `/api/payments/${paid.id}`);
  assert.deepEqual([slow.status, slow.body.error.code], [504, 'upstream_timeout']);
  assert.equal(timeout.hits, 3, 'a timed-out read is retried too');
});

test('a refused API key (401 upstream) → 502 upstream_auth_failed, not a shopper error', async (t) => {
  // A live-looking key: the emulator refuses it with 401.
  const s = await stack(t, { env: { CKO_SECRET_KEY: 'sk_abcdefghijklmnopqrstuvwxyz2', CKO_PUBLIC_KEY: 'pk_abcdefghijklmnopqrstuvwxyz2' } });
  const res = await create(s);
  assert.equal(res.status, 502);
  assert.equal(res.body.error.code, 'upstream_auth_failed');
  assert.ok(!s.logs.some((l) => l.includes('sk_abcdefghijklmnopqrstuvwxyz2')), 'the secret key never reaches a log line');
});

test('circuit breaker: opens after consecutive failures, fails fast, probes and closes', async (t) => {
  // The breaker's clock is the test's: the cooldown passes when the test says so.
  let now = 0;
  const s = await stack(t, { build: { checkoutClient: { breakerThreshold: 3, breakerCooldownMs: 10_000, retries: 0, now: () => now } } });
  const rule = fault(s, { method: 'POST', path: '/payment-sessions', mode: '500' });
  for (let i = 0; i < 3; i++) assert.equal((await create(s)).status, 502);
  const open = await create(s);
  assert.equal(open.status, 503);
  assert.equal(open.body.error.code, 'upstream_unavailable');
  assert.ok(Number(open.headers['retry-after']) >= 1);
  assert.equal(s.emulator.app.emulator.faults.list().find((r) => r.id === rule.id)?.hits, 3, 'no call went upstream while open');
  const metrics = (await s.app.inject({ method: 'GET', url: '/metrics' })).body;
  assert.match(metrics, /ck_upstream_circuit_state\{state="open"\} 1/);
  assert.match(metrics, /ck_upstream_calls_total\{operation="payment_session",outcome="circuit_open"\} 1/);
  s.emulator.app.emulator.faults.remove();
  now += 9_999;
  assert.equal((await create(s)).status, 503, 'still open 1 ms before the cooldown ends');
  assert.equal(s.emulator.app.emulator.store.paymentSessions.size, 0);
  now += 1;
  assert.equal((await create(s)).status, 201); // the half-open probe succeeds
  assert.equal(s.app.checkout.breaker.state, 'closed');
  assert.equal(s.emulator.app.emulator.store.paymentSessions.size, 1);
});

test('breaker: a failed half-open probe re-opens; 4xx answers do not count as failures', () => {
  let now = 0;
  const b = new CircuitBreaker(2, 100, () => now);
  b.failure();
  b.neutral();
  b.failure();
  assert.equal(b.state, 'closed');
  b.failure();
  assert.equal(b.state, 'open');
  assert.equal(b.allow(), false);
  now = 150;
  assert.equal(b.allow(), true);
  assert.equal(b.state, 'half_open');
  assert.equal(b.allow(), false, 'one probe at a time');
  b.failure();
  assert.equal(b.state, 'open');
});

test('422 mapping: shopper data → 400 with fields; anything else → 502 saying it is our fault', () => {
  const shopper = toHttpError(new UpstreamFailure('http', 422, { error_codes: ['customer_email_invalid'] }), 'payment_session');
  assert.equal(shopper.statusCode, 400);
  assert.deepEqual(shopper.fields, [{ path: 'customer.email', message: 'customer email invalid' }]);
  const ours = toHttpError(new UpstreamFailure('http', 422, { error_codes: ['processing_channel_id_invalid', 'customer_email_invalid'] }), 'payment_session');
  assert.equal(ours.statusCode, 502);
  assert.equal(ours.code, 'upstream_rejected');
  assert.match(ours.message, /processing_channel_id_invalid/);
});
