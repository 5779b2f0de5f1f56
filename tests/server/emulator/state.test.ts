import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PK, SK, cardSource, emulator, encodeSessionData, fakeClock, get, paymentBody, post, sessionBody, tokenFor } from './helpers';

const MINUTE = 60_000;

test('tokens: single use, active for 15 minutes, then 410 on metadata and token_expired on use', async (t) => {
  const clock = fakeClock();
  const app = await emulator(t, { now: clock.now });
  const created = await post(app, '/tokens', cardSource('4242424242424242'), PK);
  assert.equal(created.body.expires_on, new Date(clock.now() + 15 * MINUTE).toISOString().replace('.000Z', 'Z'));
  clock.advance(14 * MINUTE + 59_000);
  assert.equal((await get(app, `/tokens/${created.body.token}/metadata`)).status, 200);
  clock.advance(1_000);
  const expired = await get(app, `/tokens/${created.body.token}/metadata`);
  assert.deepEqual([expired.status, expired.body.error_type], [410, 'token_expired']);
  const pay = await post(app, '/payments', { source: { type: 'token', token: created.body.token }, amount: 100, currency: 'GBP' });
  assert.deepEqual([pay.status, pay.body.error_codes], [422, ['token_expired']]);

  const fresh = await tokenFor(app, '4242424242424242');
  assert.equal((await post(app, '/payments', { source: { type: 'token', token: fresh }, amount: 100, currency: 'GBP' })).status, 201);
  const reuse = await post(app, '/payments', { source: { type: 'token', token: fresh }, amount: 100, currency: 'GBP' });
  assert.deepEqual(reuse.body.error_codes, ['token_used']);
});

test('cko-session-id stops resolving after 15 minutes; the pay_ id keeps working', async (t) => {
  const clock = fakeClock();
  const app = await emulator(t, { now: clock.now });
  const pending = await post(app, '/payments', paymentBody('4010061700000021', { '3ds': { enabled: true }, success_url: 'https://m.example/ok' }));
  const done = await app.inject({ method: 'POST', url: `/3ds/${pending.body.id}`, payload: 'password=Checkout1!', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  const sid = new URL(String(done.headers.location)).searchParams.get('cko-session-id')!;
  clock.advance(15 * MINUTE - 1);
  assert.equal((await get(app, `/payments/${sid}`)).status, 200);
  clock.advance(1);
  assert.equal((await get(app, `/payments/${sid}`)).status, 404);
  assert.equal((await get(app, `/payments/${pending.body.id}`)).status, 200);
});

test('hosted payments expire after 24 hours: status Expired, page 410', async (t) => {
  const clock = fakeClock();
  const app = await emulator(t, { now: clock.now });
  const hpp = await post(app, '/hosted-payments', {
    amount: 100,
    currency: 'GBP',
    billing: { address: { country: 'GB' } },
    success_url: 'https://m.example/s',
    cancel_url: 'https://m.example/c',
    failure_url: 'https://m.example/f',
  });
  assert.equal((await app.inject({ url: `/page/${hpp.body.id}` })).statusCode, 200);
  clock.advance(24 * 60 * MINUTE);
  assert.equal((await get(app, `/hosted-payments/${hpp.body.id}`)).body.status, 'Expired');
  assert.equal((await app.inject({ url: `/page/${hpp.body.id}` })).statusCode, 410);
  const pay = await app.inject({ method: 'POST', url: `/page/${hpp.body.id}/pay`, payload: { number: '4242424242424242', expiry_month: 12, expiry_year: 2030, cvv: '100' } });
  assert.deepEqual(pay.json().error_codes, ['payment_session_expired']);
});

test('payment sessions expire (expires_on or the default) and then refuse submits', async (t) => {
  const clock = fakeClock();
  const app = await emulator(t, { now: clock.now });
  const session = await post(app, '/payment-sessions', sessionBody({ expires_on: new Date(clock.now() + 30 * MINUTE).toISOString() }));
  clock.advance(30 * MINUTE);
  const submit = await post(app, `/payment-sessions/${session.body.id}/submit`, { session_data: encodeSessionData(await tokenFor(app, '4242424242424242')) });
  assert.deepEqual([submit.status, submit.body.error_codes], [422, ['payment_session_expired']]);
  const past = await post(app, '/payment-sessions', sessionBody({ expires_on: new Date(clock.now() - 1000).toISOString() }));
  assert.deepEqual(past.body.error_codes, ['expires_on_invalid']);
});

test('idempotency: a replay answers the same status and body; a different key makes a new payment', async (t) => {
  const app = await emulator(t);
  const headers = { 'cko-idempotency-key': 'c5b8a1c0-2f5e-4a53-9d2c-3f6c8f0f6a11' };
  const first = await post(app, '/payments', paymentBody('4242424242424242'), SK, headers);
  const replay = await post(app, '/payments', paymentBody('4242424242424242'), SK, headers);
  assert.equal(replay.status, first.status);
  assert.deepEqual(replay.body, first.body);
  const declined = await post(app, '/payments', paymentBody('4544249167673670'), SK, { 'cko-idempotency-key': 'decline-1' });
  assert.deepEqual(await post(app, '/payments', paymentBody('4544249167673670'), SK, { 'cko-idempotency-key': 'decline-1' }).then((r) => r.body), declined.body);
  const other = await post(app, '/payments', paymentBody('4242424242424242'), SK, { 'cko-idempotency-key': 'another' });
  assert.notEqual(other.body.id, first.body.id);
  // Keys belong to the caller: another merchant's key with the same value is independent.
  const otherMerchant = await post(app, '/payments', paymentBody('4242424242424242'), 'Bearer sk_sbox_otherotherotherotherotherot', headers);
  assert.notEqual(otherMerchant.body.id, first.body.id);
  // Payment sessions honour the key too (the proxy sends one; see README).
  const s1 = await post(app, '/payment-sessions', sessionBody(), SK, headers);
  const s2 = await post(app, '/payment-sessions', sessionBody(), SK, headers);
  assert.equal(s2.body.id, s1.body.id);
});

test('idempotency: a request that failed validation stores nothing, so the key can be retried', async (t) => {
  const app = await emulator(t);
  const headers = { 'cko-idempotency-key': 'retry-after-fix' };
  const bad = await post(app, '/payments', { ...paymentBody('4242424242424242'), currency: 'pounds' }, SK, headers);
  assert.equal(bad.status, 422);
  const good = await post(app, '/payments', paymentBody('4242424242424242'), SK, headers);
  assert.equal(good.status, 201);
});

test('idempotency: a concurrent duplicate gets 429 while the first is processed', async (t) => {
  const app = await emulator(t, { authorizationDelayMs: 50 });
  const headers = { 'cko-idempotency-key': 'concurrent-1' };
  const [a, b] = await Promise.all([
    post(app, '/payments', paymentBody('4242424242424242'), SK, headers),
    post(app, '/payments', paymentBody('4242424242424242'), SK, headers),
  ]);
  assert.deepEqual([a.status, b.status].sort(), [201, 429]);
  const limited = a.status === 429 ? a : b;
  assert.equal(limited.body.error_type, 'too_many_requests');
  assert.match(limited.body.request_id, /^[0-9a-f-]{36}$/);
  // Once the first finished, the key replays it.
  const replay = await post(app, '/payments', paymentBody('4242424242424242'), SK, headers);
  assert.equal(replay.body.id, (a.status === 201 ? a : b).body.id);
});

test('reset forgets state', async (t) => {
  const app = await emulator(t);
  const payment = await post(app, '/payments', paymentBody('4242424242424242'));
  assert.equal((await app.inject({ method: 'POST', url: '/_emulator/reset' })).statusCode, 204);
  assert.equal((await get(app, `/payments/${payment.body.id}`)).status, 404);
});
