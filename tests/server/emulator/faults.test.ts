import assert from 'node:assert/strict';
import { test } from 'node:test';
import { emulator, get, listeningEmulator, paymentBody, post, SK } from './helpers';

async function addFault(url: string, rule: Record<string, unknown>): Promise<Record<string, any>> {
  const response = await fetch(`${url}/_emulator/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(rule) });
  assert.equal(response.status, 201);
  return (await response.json()) as Record<string, any>;
}

const payNow = (url: string, signal?: AbortSignal) =>
  fetch(`${url}/payments`, {
    method: 'POST',
    headers: { authorization: SK, 'content-type': 'application/json' },
    body: JSON.stringify(paymentBody('4242424242424242')),
    ...(signal ? { signal } : {}),
  });

test('429 with Retry-After, for a count of requests, then normal service', async (t) => {
  const app = await emulator(t);
  await app.inject({ method: 'POST', url: '/_emulator/faults', payload: { method: 'post', path: '/payments', mode: '429', count: 2, retryAfter: 3 } });
  for (let i = 0; i < 2; i++) {
    const res = await post(app, '/payments', paymentBody('4242424242424242'));
    assert.equal(res.status, 429);
    assert.equal(res.headers['retry-after'], '3');
    assert.equal(res.body.error_type, 'too_many_requests');
  }
  assert.equal((await post(app, '/payments', paymentBody('4242424242424242'))).status, 201);
  assert.deepEqual((await app.inject({ url: '/_emulator/faults' })).json().faults, []);
});

test('429 without Retry-After; route patterns and globs match', async (t) => {
  const app = await emulator(t);
  await app.inject({ method: 'POST', url: '/_emulator/faults', payload: { path: '/payments/:id', mode: '429-no-retry-after' } });
  const res = await get(app, '/payments/pay_aaaaaaaaaaaaaaaaaaaaaaaaaa');
  assert.equal(res.status, 429);
  assert.equal(res.headers['retry-after'], undefined);
  // Other routes are untouched.
  assert.equal((await post(app, '/payments', paymentBody('4242424242424242'))).status, 201);
  await app.inject({ method: 'DELETE', url: '/_emulator/faults' });
  await app.inject({ method: 'POST', url: '/_emulator/faults', payload: { path: '/payment-sessions/*', mode: '500' } });
  const submit = await post(app, '/payment-sessions/ps_x/submit', {});
  assert.deepEqual([submit.status, submit.body.error_type], [500, 'internal_server_error']);
});

test('500, 502 and 503', async (t) => {
  const app = await emulator(t);
  for (const mode of ['500', '502', '503']) {
    await app.inject({ method: 'POST', url: '/_emulator/faults', payload: { path: '/payments', mode, count: 1 } });
    const res = await app.inject({ method: 'POST', url: '/payments', payload: paymentBody('4242424242424242'), headers: { authorization: SK } });
    assert.equal(res.statusCode, Number(mode));
    if (mode !== '500') assert.match(String(res.headers['content-type']), /text\/html/);
  }
});

test('malformed JSON: a success status with a body that does not parse', async (t) => {
  const app = await emulator(t);
  await app.inject({ method: 'POST', url: '/_emulator/faults', payload: { path: '/payments', mode: 'malformed-json', count: 1 } });
  const res = await app.inject({ method: 'POST', url: '/payments', payload: paymentBody('4242424242424242'), headers: { authorization: SK } });
  assert.equal(res.statusCode, 201);
  assert.match(String(res.headers['content-type']), /application\/json/);
  assert.throws(() => JSON.parse(res.body));
});

test('probability 0 never fires; probability 1 always does', async (t) => {
  const app = await emulator(t);
  await app.inject({ method: 'POST', url: '/_emulator/faults', payload: { path: '/payments', mode: '503', probability: 0 } });
  assert.equal((await post(app, '/payments', paymentBody('4242424242424242'))).status, 201);
  await app.inject({ method: 'DELETE', url: '/_emulator/faults' });
  await app.inject({ method: 'POST', url: '/_emulator/faults', payload: { path: '/payments', mode: '503', probability: 1 } });
  assert.equal((await app.inject({ method: 'POST', url: '/payments', payload: {}, headers: { authorization: SK } })).statusCode, 503);
});

test('invalid rules are refused; the control API itself is never faulted', async (t) => {
  const app = await emulator(t);
  assert.equal((await app.inject({ method: 'POST', url: '/_emulator/faults', payload: { mode: 'explode' } })).statusCode, 400);
  await app.inject({ method: 'POST', url: '/_emulator/faults', payload: { mode: '500' } });
  assert.equal((await app.inject({ url: '/_emulator/faults' })).statusCode, 200);
});

test('latency delays the answer', async (t) => {
  const { url } = await listeningEmulator(t);
  await addFault(url, { path: '/payments', mode: 'latency', latencyMs: 150, count: 1 });
  const started = Date.now();
  const response = await payNow(url);
  assert.equal(response.status, 201);
  assert.ok(Date.now() - started >= 140);
});

test('timeout holds the request past the client timeout, then drops it', async (t) => {
  const { url } = await listeningEmulator(t, { faultTimeoutMs: 300 });
  await addFault(url, { path: '/payments', mode: 'timeout', count: 2 });
  await assert.rejects(payNow(url, AbortSignal.timeout(100)), (error: Error) => error.name === 'TimeoutError');
  // A patient client sees the connection dropped without an answer.
  await assert.rejects(payNow(url), (error: Error) => error instanceof TypeError);
});

test('reset destroys the connection', async (t) => {
  const { url } = await listeningEmulator(t);
  await addFault(url, { path: '/payments', mode: 'reset', count: 1 });
  await assert.rejects(payNow(url), (error: Error & { cause?: { code?: string } }) => error instanceof TypeError && Boolean(error.cause));
  assert.equal((await payNow(url)).status, 201);
});

test('closing the emulator releases requests held by a timeout fault', async (t) => {
  const running = await listeningEmulator(t, { faultTimeoutMs: 60_000 });
  await addFault(running.url, { mode: 'timeout' });
  const held = payNow(running.url).catch((error: unknown) => error);
  await new Promise((resolve) => setTimeout(resolve, 50));
  const started = Date.now();
  await running.close();
  assert.ok(Date.now() - started < 2000);
  assert.ok((await held) instanceof Error);
});
