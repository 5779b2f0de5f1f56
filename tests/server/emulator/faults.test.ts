import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eventually } from '../../helpers/wait';
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

/** Lets every callback that is ready run (timers are mocked in these tests, immediates are not). */
const settled = async () => {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
};

/** Waits for a state without timers (they may be mocked): a turn of the event loop at a time. */
const until = async (done: () => boolean, what: string) => {
  for (let turns = 0; !done(); turns++) {
    if (turns > 100_000) throw new Error(`never happened: ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
};

test('latency holds the answer for latencyMs, then answers normally', async (t) => {
  // The emulator's timers run on the test's clock.
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const app = await emulator(t);
  await app.inject({ method: 'POST', url: '/_emulator/faults', payload: { path: '/payments', mode: 'latency', latencyMs: 150, count: 1 } });
  let answered = false;
  const response = post(app, '/payments', paymentBody('4242424242424242')).finally(() => (answered = true));
  await settled();
  assert.deepEqual((await app.inject({ url: '/_emulator/faults' })).json().faults, [], 'the request met the fault (its one use)');
  t.mock.timers.tick(149);
  await settled();
  assert.equal(answered, false, 'no answer 1 ms before the latency is over');
  t.mock.timers.tick(1);
  assert.equal((await response).status, 201);
});

test('timeout holds the request without an answer: the client gives up first', async (t) => {
  const running = await listeningEmulator(t, { faultTimeoutMs: 10 * 60_000 });
  const rule = running.app.emulator.faults.add({ path: '/payments', mode: 'timeout', count: 1 });
  // Held: no answer comes, so the client gives up (here: once the request is surely held).
  const impatient = new AbortController();
  const first = payNow(running.url, impatient.signal);
  await eventually(async () => rule.hits === 1, 'the request to be held');
  impatient.abort();
  await assert.rejects(first, (error: Error) => error.name === 'AbortError');
});

test('timeout drops the connection, without an answer, once faultTimeoutMs has passed', async (t) => {
  // Timers set from here on (the emulator's hold among them) run on the test's clock.
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const running = await listeningEmulator(t, { faultTimeoutMs: 3_000 });
  const rule = running.app.emulator.faults.add({ path: '/payments', mode: 'timeout', count: 1 });
  let ended = false;
  const held = payNow(running.url)
    .then(
      (response) => ({ answered: response.status }),
      (error: unknown) => ({ dropped: String(error) }),
    )
    .finally(() => (ended = true));
  await until(() => rule.hits === 1, 'the request to be held');
  t.mock.timers.tick(2_999);
  await settled();
  assert.equal(ended, false, 'still held 1 ms before the hold ends');
  t.mock.timers.tick(1);
  const outcome = await held;
  assert.ok('dropped' in outcome, `the connection is dropped, not answered: ${JSON.stringify(outcome)}`);
});

test('reset destroys the connection', async (t) => {
  const { url } = await listeningEmulator(t);
  await addFault(url, { path: '/payments', mode: 'reset', count: 1 });
  await assert.rejects(payNow(url), (error: Error & { cause?: { code?: string } }) => error instanceof TypeError && Boolean(error.cause));
  assert.equal((await payNow(url)).status, 201);
});

test('closing the emulator releases requests held by a timeout fault', async (t) => {
  // A ten-minute hold: were close() to wait for it, the test's time-out would report it.
  const running = await listeningEmulator(t, { faultTimeoutMs: 10 * 60_000 });
  const rule = running.app.emulator.faults.add({ mode: 'timeout' });
  const held = payNow(running.url).catch((error: unknown) => error);
  await eventually(async () => rule.hits === 1, 'the request to be held');
  await running.close();
  assert.ok((await held) instanceof Error);
});
